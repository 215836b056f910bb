/**
 * Classes that implement or extend IdentityServer types whose 8.0 shape needs a human (catalog §4.15 rows 12, 26, 27):
 *  - IReturnUrlParser implementations and ReturnUrlParser.ParseAsync overrides: ParseAsync returns
 *    Task<IAuthenticationContext?> (was AuthorizationRequest) and takes a CancellationToken;
 *  - IConfigurationDbContext / IPersistedGrantDbContext implementations that do not derive from the stock contexts:
 *    the interfaces gain the SAML DbSets (SamlServiceProviders; SamlSigninStates, SamlLogoutSessions,
 *    SamlLogoutSessionRequestIndices);
 *  - classes deriving from ServerSideSessionCleanupHost, a BackgroundService with a primary constructor in 8.0
 *    (its StopAsync is gone).
 * Reports only: each needs a design decision (what a custom parser returns for SAML, how the custom context maps the
 * new tables).
 */
import type { Node } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';
import { isType } from '../../src/engine/cs/duende80';
import { derivedMethods } from '../../src/engine/cs/occurrences';
import { baseTypes, declName, typeMatcher, typesDerivingFrom, type TypeName } from '../../src/engine/cs/syntax';

const DOCS = 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0';
const CONFIG_DB = isType('EntityFramework.Interfaces', 'IConfigurationDbContext');
const GRANT_DB = isType('EntityFramework.Interfaces', 'IPersistedGrantDbContext');
const STOCK_CONTEXTS: TypeName[] = [isType('EntityFramework.DbContexts', 'ConfigurationDbContext'), isType('EntityFramework.DbContexts', 'PersistedGrantDbContext')];

const rule: FileRule = {
  id: '7.4-8.0/custom-implementations',
  title: 'Custom return-URL parsers, custom EF DbContext implementations, ServerSideSessionCleanupHost subclasses',
  docs: DOCS,
  kind: 'finding',
  catalog: ['4.15#12', '4.15#26', '4.15#27'],
  reads: ['csharp'],
  triggers: ['ReturnUrlParser', 'IConfigurationDbContext', 'IPersistedGrantDbContext', 'ServerSideSessionCleanupHost'],
  run(ctx) {
    const matches = typeMatcher(ctx);
    for (const { decl, base } of typesDerivingFrom(ctx, [isType('Services', 'IReturnUrlParser')])) {
      ctx.report(base, `${declName(decl)} implements IReturnUrlParser: in 8.0 ParseAsync(string returnUrl, CancellationToken ct) returns Task<IAuthenticationContext?>`, {
        suggestion: 'Return the AuthorizationRequest (it implements IAuthenticationContext) or a SAML context, typed Task<IAuthenticationContext?>',
      });
    }
    for (const { name } of derivedMethods(ctx, [isType('Services', 'ReturnUrlParser')], 'ParseAsync', true)) {
      ctx.report(name, 'ReturnUrlParser.ParseAsync returns Task<IAuthenticationContext?> and takes a CancellationToken in 8.0', {
        suggestion: 'Change the override to Task<IAuthenticationContext?> ParseAsync(string returnUrl, CancellationToken ct)',
      });
    }
    for (const [iface, sets] of [
      [CONFIG_DB, 'DbSet<SamlServiceProvider> SamlServiceProviders'],
      [GRANT_DB, 'DbSet<SamlSigninState> SamlSigninStates, DbSet<SamlLogoutSession> SamlLogoutSessions, DbSet<SamlLogoutSessionRequestIndex> SamlLogoutSessionRequestIndices'],
    ] as const) {
      for (const { decl, base } of typesDerivingFrom(ctx, [iface])) {
        if (baseTypes(decl).some((b: Node) => STOCK_CONTEXTS.some((t) => matches(b, t)))) continue;
        ctx.report(base, `${declName(decl)} implements ${iface.name}, which gains SAML tables in 8.0: ${sets}`, {
          suggestion: 'Add the DbSet properties (entities in Duende.IdentityServer.EntityFramework.Entities), map them like the stock context does, and add a migration',
        });
      }
    }
    for (const { decl, base } of typesDerivingFrom(ctx, [{ ns: 'Microsoft.Extensions.DependencyInjection', name: 'ServerSideSessionCleanupHost' }])) {
      ctx.report(base, `${declName(decl)} derives from ServerSideSessionCleanupHost, a BackgroundService with a primary constructor (IServiceProvider, IdentityServerOptions, ILogger<ServerSideSessionCleanupHost>) in 8.0`, {
        suggestion: 'Override ExecuteAsync/StartAsync of BackgroundService instead of the removed StopAsync, and pass the three constructor arguments',
      });
    }
  },
};

export default rule;
