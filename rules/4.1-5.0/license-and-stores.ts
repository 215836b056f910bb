/**
 * What Duende IdentityServer 5.0 asks of a host that IdentityServer4 did not (catalog §4.2 rows 11 and 12, §7):
 *  - a license key (IdentityServerOptions.LicenseKey): info at each `services.AddIdentityServer(...)`;
 *  - an EF migration of both stores: ConfigurationDbContext gains ApiResources.RequireResourceIndicator,
 *    PersistedGrantDbContext the Keys table of automatic key management: at `AddConfigurationStore` /
 *    `AddOperationalStore`, with the `dotnet ef` command;
 *  - `IPersistedGrantDbContext.Keys` (new `DbSet<Key>`): a class implementing the interface without deriving from
 *    PersistedGrantDbContext and without a `Keys` member must add it.
 * Only in projects that reference IdentityServer4 packages.
 */
import type { FileRule } from '../../src/engine/rule';
import { invocationsOf } from '../../src/engine/cs/is4-duende';
import { reportOncePerLine } from '../../src/engine/cs/factories';
import { baseTypes, membersOf, typeMatcher, typesDerivingFrom, type TypeName } from '../../src/engine/cs/syntax';
import { IS4_TO_DUENDE } from '../../src/plan/catalog';

const IPERSISTED = { ns: 'IdentityServer4.EntityFramework.Interfaces', name: 'IPersistedGrantDbContext' };
const PERSISTED = { ns: 'IdentityServer4.EntityFramework.DbContexts', name: 'PersistedGrantDbContext' };

const rule: FileRule = {
  id: '4.1-5.0/license-and-stores',
  title: 'Duende IdentityServer 5.0: license key, EF migrations of both stores, IPersistedGrantDbContext.Keys',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-to-duende-identityserver-v5/',
  kind: 'finding',
  catalog: ['4.2#11', '4.2#12'],
  reads: ['csharp'],
  triggers: ['AddIdentityServer', 'AddConfigurationStore', 'AddOperationalStore', 'IPersistedGrantDbContext'],
  actsWithoutLibraryNamespace: true,
  appliesTo: (project) => project.packages.some((p) => IS4_TO_DUENDE.has(p.id)),
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const calls = (name: string) => invocationsOf(root, name).filter((i) => i.access).map((i) => i.name.startIndex);
    reportOncePerLine(ctx, calls('AddIdentityServer'), {
      severity: 'info',
      message: 'Duende IdentityServer needs a license key in production (IdentityServerOptions.LicenseKey); without one it runs unlicensed and logs so',
      suggestion: 'set options.LicenseKey in AddIdentityServer(options => …) from configuration, never from source code',
    });
    reportOncePerLine(ctx, calls('AddConfigurationStore'), {
      message: 'Duende IdentityServer 5.0 changes the configuration database: ApiResources gains the column RequireResourceIndicator',
      suggestion: 'dotnet ef migrations add Duende50Configuration -c ConfigurationDbContext, review it, and apply it before running 5.0',
    });
    reportOncePerLine(ctx, calls('AddOperationalStore'), {
      message: 'Duende IdentityServer 5.0 changes the operational database: new table Keys (signing keys of automatic key management)',
      suggestion: 'dotnet ef migrations add Duende50PersistedGrant -c PersistedGrantDbContext, review it, and apply it before running 5.0',
    });
    const matches = typeMatcher(ctx);
    for (const { decl, base } of typesDerivingFrom(ctx, [IPERSISTED])) {
      if (baseTypes(decl).some((b) => matches(b, PERSISTED as TypeName))) continue;
      if (membersOf(decl).some((m) => m.type === 'property_declaration' && m.childForFieldName('name')?.text === 'Keys')) continue;
      ctx.report(base, 'IPersistedGrantDbContext has a new member in Duende IdentityServer 5.0: DbSet<Key> Keys (entity Key, for automatic key management)', {
        suggestion: 'add public DbSet<Key> Keys { get; set; } (Key from the EntityFramework.Entities namespace) and a migration for its table',
      });
    }
  },
};

export default rule;
