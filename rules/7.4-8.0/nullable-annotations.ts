/**
 * 8.0 annotates nullability on its public signatures (catalog R6, §4.15 row 29), e.g. IClientStore.FindClientByIdAsync
 * returns Task<Client?>. An implementation without the `?` still compiles; where nullable reference types are on it
 * gets warnings (CS8613 for a return type, CS8767 for a parameter).
 *
 * The rule API has no opt-in switch, so this rule only reports (severity info) and never edits: in a project whose
 * `Nullable` is enable or warnings (or a file with `#nullable enable`), each implementation of a commonly implemented
 * interface whose return type or parameter lacks the `?` that 8.0 declares. Data: the interfaces' declarations at
 * tag is-8.0.0 (nullability-only changes are not in upgrade-signatures.tsv).
 */
import type { FileRule } from '../../src/engine/rule';
import { isType } from '../../src/engine/cs/duende80';
import { derivedMethods } from '../../src/engine/cs/occurrences';
import { paramsOf } from '../../src/engine/cs/syntax';

/** interface -> method -> [nullable return type, or null; names of nullable parameters] */
const ANNOTATED: Record<string, [string, Record<string, [string | null, string[]]>]> = {
  IClientStore: ['Stores', { FindClientByIdAsync: ['Task<Client?>', []] }],
  IPersistedGrantStore: ['Stores', { GetAsync: ['Task<PersistedGrant?>', []] }],
  IReferenceTokenStore: ['Stores', { GetReferenceTokenAsync: ['Task<Token?>', []], RemoveReferenceTokensAsync: [null, ['sessionId']] }],
  IRefreshTokenStore: ['Stores', { GetRefreshTokenAsync: ['Task<RefreshToken?>', []] }],
  IAuthorizationCodeStore: ['Stores', { GetAuthorizationCodeAsync: ['Task<AuthorizationCode?>', []] }],
  IUserConsentStore: ['Stores', { GetUserConsentAsync: ['Task<Consent?>', []] }],
  IDeviceFlowStore: ['Stores', { FindByUserCodeAsync: ['Task<DeviceCode?>', []], FindByDeviceCodeAsync: ['Task<DeviceCode?>', []] }],
  IServerSideSessionStore: ['Stores', { GetSessionAsync: ['Task<ServerSideSession?>', []], QuerySessionsAsync: [null, ['filter']] }],
  IIdentityProviderStore: ['Stores', { GetBySchemeAsync: ['Task<IdentityProvider?>', []] }],
  IBackChannelAuthenticationRequestStore: ['Stores', { GetLoginsForUserAsync: [null, ['clientId']], GetByAuthenticationRequestIdAsync: ['Task<BackChannelAuthenticationRequest?>', []], GetByInternalIdAsync: ['Task<BackChannelAuthenticationRequest?>', []] }],
  IPushedAuthorizationRequestStore: ['Stores', { GetByHashAsync: ['Task<PushedAuthorizationRequest?>', []] }],
  IUserSession: ['Services', { GetUserAsync: ['Task<ClaimsPrincipal?>', []], GetSessionIdAsync: ['Task<string?>', []] }],
  IPersistedGrantService: ['Services', { RemoveAllGrantsAsync: [null, ['clientId', 'sessionId']] }],
};

const rule: FileRule = {
  id: '7.4-8.0/nullable-annotations',
  title: 'Nullable annotations of 8.0 interfaces missing on implementations (report only)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0#nullable-reference-types-enabled-across-all-assemblies',
  kind: 'finding',
  catalog: ['R6', '4.15#29'],
  reads: ['csharp'],
  triggers: Object.keys(ANNOTATED),
  run(ctx) {
    const on = ['enable', 'warnings'].includes(ctx.project.nullable ?? '') || /^\s*#nullable\s+enable\b/m.test(ctx.text);
    if (!on) return;
    for (const [iface, [sub, methods]] of Object.entries(ANNOTATED)) {
      for (const { member, name } of derivedMethods(ctx, [isType(sub, iface)], (n) => n in methods, false)) {
        const [ret, params] = methods[name.text];
        const returns = member.childForFieldName('returns');
        const missing: string[] = [];
        if (ret && returns && !returns.text.includes('?')) missing.push(`return type ${ret}`);
        for (const p of paramsOf(member.childForFieldName('parameters'))) {
          const pName = p.childForFieldName('name')?.text ?? '';
          const type = p.childForFieldName('type');
          if (params.includes(pName) && type && type.type !== 'nullable_type') missing.push(`parameter ${type.text}? ${pName}`);
        }
        if (!missing.length) continue;
        ctx.report(name, `${iface}.${name.text} is annotated in 8.0: ${missing.join(', ')}; this implementation lacks the ?, a nullable warning`, {
          severity: 'info',
          suggestion: `Add the ? to match (${missing.join('; ')}), and handle null where the value is used`,
        });
      }
    }
  },
};

export default rule;
