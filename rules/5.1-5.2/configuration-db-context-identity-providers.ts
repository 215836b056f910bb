/**
 * 5.2 added `DbSet<IdentityProvider> IdentityProviders { get; set; }` (entity
 * Duende.IdentityServer.EntityFramework.Entities.IdentityProvider, new table IdentityProviders) to
 * IConfigurationDbContext (catalog §4.5 row 2; verified at is/5.2.0).
 *
 * Reports (REPORT, impl signal): a class whose base list names IConfigurationDbContext, that does not derive from the
 * library's ConfigurationDbContext and declares no IdentityProviders member. The class stops compiling; the fix is the
 * property plus a schema migration.
 */
import { implementersLacking } from '../../src/engine/cs/missing-members';
import { NS, t } from '../../src/engine/cs/duende-names';
import type { FileRule } from '../../src/engine/rule';

const rule: FileRule = {
  id: '5.1-5.2/configuration-db-context-identity-providers',
  title: 'Custom IConfigurationDbContext implementations: add the IdentityProviders DbSet',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v5_1-to-v5_2',
  kind: 'finding',
  catalog: ['4.5#2'],
  reads: ['csharp'],
  triggers: ['IConfigurationDbContext'],
  run(ctx) {
    for (const i of implementersLacking(ctx, t(NS.efInterfaces, 'IConfigurationDbContext'), 'IdentityProviders', [t(NS.efDbContexts, 'ConfigurationDbContext')])) {
      ctx.report(i.base, `${i.decl.childForFieldName('name')?.text}: IConfigurationDbContext gained IdentityProviders in 5.2 (dynamic providers)`, {
        severity: 'warning',
        suggestion: 'Add `public DbSet<IdentityProvider> IdentityProviders { get; set; }` (Duende.IdentityServer.EntityFramework.Entities) and a migration for the IdentityProviders table',
      });
    }
  },
};

export default rule;
