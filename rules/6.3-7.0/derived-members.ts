/**
 * Protected members that derived classes inherit and that 7.0 removed or retyped (catalog §4.10 rows 1-3, 5-7; R1).
 * Verified against is/6.3.0 and is/7.0.0.
 *
 * Removed (each use in a derived class is reported, with what to use instead):
 *  - DefaultTokenService.ContextAccessor (row 2), EndSessionRequestValidator.Context (row 6): inject IHttpContextAccessor;
 *  - DefaultDPoPProofValidator.ServerUrls (row 7): inject IServerUrls;
 *  - EF CorsPolicyService.Provider (row 3): `Provider.GetRequiredService<IConfigurationDbContext>()` (or GetService)
 *    becomes the new protected `DbContext` (HEUR: listed for review); any other use is reported.
 * Retyped (R1, rows 1 and 5): `Clock` is Duende.IdentityServer.IClock in the 13 classes that expose it, and
 * DefaultBackChannelLogoutService.Tools is IIdentityServerTools. `Clock.UtcNow` and `Tools.IssueJwtAsync(...)` keep
 * compiling, as does passing Clock to TokenExtensions.CreateJwtPayloadDictionary; any other use of the member (handed
 * to code that expects an ISystemClock or the IdentityServerTools class) is reported.
 */
import type { Node } from '../../src/engine/csharp';
import { inheritedMemberUses } from '../../src/engine/cs/inherited';
import { lineCol } from '../../src/util/text';
import { named, simpleIdentifier, typeMatcher, type TypeName } from '../../src/engine/cs/syntax';
import type { FileRule } from '../../src/engine/rule';

const t = (ns: string, name: string): TypeName => ({ ns, name });
const Services = 'Duende.IdentityServer.Services';
const ResponseHandling = 'Duende.IdentityServer.ResponseHandling';

/** Classes whose protected `Clock` became IClock at 7.0 (13, from the 6.3.0 / 7.0.0 sources). */
const CLOCK_OWNERS = [
  t('Duende.IdentityServer.Events', 'DefaultEventService'),
  t(ResponseHandling, 'AuthorizeInteractionResponseGenerator'),
  t(ResponseHandling, 'AuthorizeResponseGenerator'),
  t(ResponseHandling, 'BackchannelAuthenticationResponseGenerator'),
  t(ResponseHandling, 'DeviceAuthorizationResponseGenerator'),
  t(ResponseHandling, 'TokenResponseGenerator'),
  t(Services, 'DefaultBackChannelLogoutService'),
  t(Services, 'DefaultConsentService'),
  t(Services, 'DefaultRefreshTokenService'),
  t(Services, 'DefaultTokenCreationService'),
  t(Services, 'DefaultTokenService'),
  t(Services, 'DefaultUserSession'),
  t('Duende.IdentityServer.Validation', 'DefaultDPoPProofValidator'),
];
const CORS = t('Duende.IdentityServer.EntityFramework.Services', 'CorsPolicyService');
const DB_CONTEXT = t('Duende.IdentityServer.EntityFramework.Interfaces', 'IConfigurationDbContext');

interface Removed {
  on: TypeName;
  member: string;
  message: string;
  suggestion: string;
}

const REMOVED: Removed[] = [
  {
    on: t(Services, 'DefaultTokenService'),
    member: 'ContextAccessor',
    message: 'DefaultTokenService no longer has the protected ContextAccessor field (7.0); its constructor no longer takes IHttpContextAccessor',
    suggestion: 'take an IHttpContextAccessor in your own constructor, keep it in a field of your class, and use that field here',
  },
  {
    on: t('Duende.IdentityServer.Validation', 'EndSessionRequestValidator'),
    member: 'Context',
    message: 'EndSessionRequestValidator no longer has the protected (obsolete) Context field (7.0); its constructor no longer takes IHttpContextAccessor',
    suggestion: 'take an IHttpContextAccessor in your own constructor, keep it in a field of your class, and use that field here',
  },
  {
    on: t('Duende.IdentityServer.Validation', 'DefaultDPoPProofValidator'),
    member: 'ServerUrls',
    message: 'DefaultDPoPProofValidator no longer has the protected ServerUrls field (7.0); the proof\'s URL now comes from DPoPProofValidatonContext.Url',
    suggestion: 'use context.Url (and context.Method) of the DPoPProofValidatonContext, or take an IServerUrls in your own constructor',
  },
  {
    on: CORS,
    member: 'Provider',
    message: 'the EF CorsPolicyService no longer has the protected Provider (IServiceProvider) field (7.0); it has DbContext (IConfigurationDbContext) instead',
    suggestion: 'use DbContext for the configuration store; for other services, take them in your own constructor',
  },
];

interface Retyped {
  on: TypeName[];
  member: string;
  /** Members of the new type that the old one also had: `Member.X` keeps compiling. */
  shared: string[];
  /** Methods that accept the new type where the old one was passed. */
  acceptedBy: string[];
  message: string;
  suggestion: string;
}

const RETYPED: Retyped[] = [
  {
    on: CLOCK_OWNERS,
    member: 'Clock',
    shared: ['UtcNow'],
    acceptedBy: ['CreateJwtPayloadDictionary'],
    message: 'the protected Clock is a Duende.IdentityServer.IClock since 7.0, no longer an ISystemClock',
    suggestion: 'read Clock.UtcNow here, or change what receives it to take Duende.IdentityServer.IClock',
  },
  {
    on: [t(Services, 'DefaultBackChannelLogoutService')],
    member: 'Tools',
    shared: ['IssueJwtAsync', 'IssueClientJwtAsync'],
    acceptedBy: [],
    message: 'the protected Tools property is an IIdentityServerTools since 7.0, no longer the IdentityServerTools class',
    suggestion: 'change what receives it to take Duende.IdentityServer.IIdentityServerTools',
  },
];

/** `Provider.GetRequiredService<IConfigurationDbContext>()` or `.GetService<...>()`: the invocation, else undefined. */
function dbContextLookup(expression: Node, matches: ReturnType<typeof typeMatcher>): Node | undefined {
  const access = expression.parent;
  if (access?.type !== 'member_access_expression' || !access.childForFieldName('expression')?.equals(expression)) return undefined;
  const method = access.childForFieldName('name');
  if (method?.type !== 'generic_name' || !['GetRequiredService', 'GetService'].includes(simpleIdentifier(method) ?? '')) return undefined;
  const typeArgs = named(method).find((c) => c.type === 'type_argument_list');
  const args = typeArgs ? named(typeArgs) : [];
  if (args.length !== 1 || !matches(args[0], DB_CONTEXT)) return undefined;
  const call = access.parent;
  if (call?.type !== 'invocation_expression' || !call.childForFieldName('function')?.equals(access)) return undefined;
  const list = call.childForFieldName('arguments');
  return list && named(list).length === 0 ? call : undefined;
}

/** `Member.X` with X shared, or `Method(..., Member, ...)` for a method that accepts the new type. */
function stillFine(expression: Node, r: Retyped): boolean {
  const parent = expression.parent;
  if (parent?.type === 'member_access_expression' && parent.childForFieldName('expression')?.equals(expression)) {
    return r.shared.includes(parent.childForFieldName('name')?.text ?? '');
  }
  if (parent?.type === 'argument') {
    const call = parent.parent?.parent;
    const fn = call?.type === 'invocation_expression' ? call.childForFieldName('function') : undefined;
    const name = fn?.type === 'member_access_expression' ? fn.childForFieldName('name') : fn;
    return !!name && r.acceptedBy.includes(simpleIdentifier(name) ?? '');
  }
  return false;
}

const rule: FileRule = {
  id: '6.3-7.0/derived-members',
  title: 'Derived IdentityServer classes: protected members removed or retyped at 7.0 (ContextAccessor, Context, ServerUrls, Provider, Clock, Tools)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_3-to-v7_0',
  kind: 'fix',
  catalog: ['R1', '4.10#1', '4.10#2', '4.10#3', '4.10#5', '4.10#6', '4.10#7'],
  reads: ['csharp'],
  triggers: ['ContextAccessor', 'Context', 'ServerUrls', 'Provider', 'Clock', 'Tools'],
  run(ctx) {
    const matches = typeMatcher(ctx);
    const found: { at: number; f: { message: string; suggestion: string } }[] = [];
    for (const r of REMOVED) {
      for (const use of inheritedMemberUses(ctx, [r.on], r.member)) {
        const lookup = r.on === CORS ? dbContextLookup(use.expression, matches) : undefined;
        if (lookup) ctx.edit(lookup.startIndex, lookup.endIndex, use.expression === use.name ? 'DbContext' : `${use.expression.text.slice(0, use.name.startIndex - use.expression.startIndex)}DbContext`, { review: true });
        else found.push({ at: use.name.startIndex, f: r });
      }
    }
    for (const r of RETYPED) {
      for (const u of inheritedMemberUses(ctx, r.on, r.member)) if (!stillFine(u.expression, r)) found.push({ at: u.name.startIndex, f: r });
    }
    // In file order; one finding per line and member.
    found.sort((a, b) => a.at - b.at);
    const seen = new Set<string>();
    for (const { at, f } of found) {
      const key = `${lineCol(ctx.text, at).line}|${f.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ctx.report(at, f.message, { severity: 'warning', suggestion: f.suggestion });
    }
  },
};

export default rule;
