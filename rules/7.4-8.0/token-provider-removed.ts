/**
 * 8.0 removed ICancellationTokenProvider and NoneCancellationTokenProvider (catalog R2, §4.15 row 3): every async
 * interface method takes a CancellationToken instead.
 *
 * Reports: each reference to either type, except a constructor parameter of a class deriving from a type whose
 * constructor lost it (7.4-8.0/token-provider-ctors removes that parameter) when the parameter is used nowhere but in
 * the base call. That leaves injections into the application's own classes, DI registrations, custom providers, and
 * parameters the constructor rule had to keep because something else uses them.
 */
import type { FileRule } from '../../src/engine/rule';
import { ICANCELLATION_TOKEN_PROVIDER, isType } from '../../src/engine/cs/duende80';
import { typeReferences } from '../../src/engine/cs/occurrences';
import { constructorsOf, referencesTo, typesDerivingFrom, type TypeName } from '../../src/engine/cs/syntax';
import { reportOncePerLine } from '../../src/engine/cs/factories';

const LOST_IT: TypeName[] = [
  ...['ClientStore', 'ResourceStore', 'PersistedGrantStore', 'SigningKeyStore', 'PushedAuthorizationRequestStore', 'DeviceFlowStore', 'ServerSideSessionStore', 'IdentityProviderStore'].map((n) => isType('EntityFramework.Stores', n)),
  isType('EntityFramework.Services', 'CorsPolicyService'),
  isType('Configuration', 'ClientConfigurationStore'),
  isType('Services', 'DefaultBackChannelLogoutHttpClient'),
  isType('Services', 'DefaultJwtRequestUriHttpClient'),
];

const rule: FileRule = {
  id: '7.4-8.0/token-provider-removed',
  title: 'ICancellationTokenProvider removed: injections and registrations to rework',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0#icancellationtokenprovider-removed',
  kind: 'finding',
  catalog: ['R2', '4.15#3'],
  reads: ['csharp'],
  triggers: ['CancellationTokenProvider'],
  run(ctx) {
    const removed = new Set<number>();
    for (const { decl } of typesDerivingFrom(ctx, LOST_IT)) {
      for (const site of constructorsOf(decl)) {
        if (!site.baseCall) continue;
        for (const p of site.parameters) {
          const name = p.childForFieldName('name')?.text;
          if (name && referencesTo(site.scope, name, p).length === 1) removed.add(p.childForFieldName('type')?.startIndex ?? -1);
        }
      }
    }
    const unwrap = (n: { startIndex: number; parent: { type: string; startIndex: number } | null }) => (n.parent?.type === 'nullable_type' ? n.parent.startIndex : n.startIndex);
    reportOncePerLine(ctx, typeReferences(ctx, ICANCELLATION_TOKEN_PROVIDER).filter((n) => !removed.has(unwrap(n))).map((n) => n.startIndex), {
      message: 'ICancellationTokenProvider is removed in 8.0',
      suggestion: "Remove the dependency; take the CancellationToken the IdentityServer interface methods now receive (parameter 'ct'), or HttpContext.RequestAborted in request code",
    });
    reportOncePerLine(ctx, typeReferences(ctx, isType('Services', 'NoneCancellationTokenProvider')).map((n) => n.startIndex), {
      message: 'NoneCancellationTokenProvider is removed in 8.0 (with ICancellationTokenProvider)',
      suggestion: 'Remove it; pass CancellationToken.None where a token is needed',
    });
  },
};

export default rule;
