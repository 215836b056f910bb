/**
 * What 7.0 changes without breaking the build (catalog §4.10 rows 25-27; verified against is/7.0.0), reported as info:
 *  - row 26, at each `AddIdentityServer(...)` call (where the host configures IdentityServer): an invalid `prompt`
 *    value is now rejected with 400 invalid_request; the internal CORS policy and authentication type are named
 *    "Duende.IdentityServer" (were "IdentityServer4"); the first server-side session cleanup and token cleanup runs
 *    start at a random delay (ServerSideSessionOptions.FuzzExpiredSessionRemovalStart,
 *    OperationalStoreOptions.FuzzTokenCleanupStart, both true by default);
 *  - row 25: calls of AddAuthorizationParametersMessageStore<T>() (obsolete: use pushed authorization requests) and of
 *    ValidatedAuthorizeRequest.ToOptimizedFullDictionary() (obsolete); both are removed in 8.0.
 * Row 27 (the new IdentityServerLicense / ConfigurationLicense types) is additive: nothing to report.
 */
import { walk, type Node } from '../../src/engine/csharp';
import { simpleIdentifier } from '../../src/engine/cs/syntax';
import type { FileRule } from '../../src/engine/rule';

const OBSOLETE: Record<string, string> = {
  AddAuthorizationParametersMessageStore: 'AddAuthorizationParametersMessageStore<T>() is obsolete since IdentityServer 7.0 and removed in 8.0; use pushed authorization requests (PAR) instead',
  ToOptimizedFullDictionary: 'ValidatedAuthorizeRequest.ToOptimizedFullDictionary() is obsolete since IdentityServer 7.0 and removed in 8.0',
};

const rule: FileRule = {
  id: '6.3-7.0/behaviour-notes',
  title: 'Behaviour changes and obsoletions of 7.0 (prompt validation, policy names, cleanup fuzzing, authorization parameters store)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_3-to-v7_0',
  kind: 'finding',
  catalog: ['4.10#25', '4.10#26', '4.10#27'],
  reads: ['csharp'],
  triggers: ['AddIdentityServer', ...Object.keys(OBSOLETE)],
  actsWithoutLibraryNamespace: true,
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const found: { at: Node; message: string; suggestion?: string }[] = [];
    walk(root, (n) => {
      if (n.type !== 'invocation_expression') return;
      const fn = n.childForFieldName('function');
      const method = fn?.type === 'member_access_expression' ? fn.childForFieldName('name') : undefined;
      const name = method ? simpleIdentifier(method) : undefined;
      if (!name) return;
      if (name === 'AddIdentityServer') {
        found.push({
          at: method!,
          message: 'IdentityServer 7.0 behaves differently here: an invalid prompt value is rejected with 400 invalid_request; its CORS policy and authentication type are named "Duende.IdentityServer" (were "IdentityServer4"); session and token cleanup start after a random delay',
          suggestion: 'check clients that send unusual prompt values and any code that refers to the "IdentityServer4" policy or authentication type name; set ServerSideSessionOptions.FuzzExpiredSessionRemovalStart / OperationalStoreOptions.FuzzTokenCleanupStart to false to keep the old start',
        });
      } else if (OBSOLETE[name]) {
        found.push({ at: method!, message: OBSOLETE[name] });
      }
    });
    found.sort((a, b) => a.at.startIndex - b.at.startIndex);
    for (const f of found) ctx.report(f.at, f.message, { severity: 'info', suggestion: f.suggestion });
  },
};

export default rule;
