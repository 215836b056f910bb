/**
 * Database schema of the EF stores from IdentityServer4 3.1 to 4.1 (catalog §7, row "IS4 3.1 → 4.1"). Findings.
 *
 * At each `.AddConfigurationStore(...)`: the configuration schema changed structurally (API scopes became top-level;
 * the Api* child tables became ApiResource*, IdentityClaims/IdentityProperties became IdentityResource*); a generated
 * EF migration drops the old tables and loses their rows, so the data must be moved with custom SQL.
 * At each `.AddOperationalStore(...)`: PersistedGrants and DeviceCodes gained columns (SessionId, Description,
 * ConsumedTime) and an index: an ordinary migration.
 */
import { walk } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';
import { reportOncePerLine } from '../../src/engine/cs/factories';

const rule: FileRule = {
  id: '3.1-4.1/schema-migrations',
  title: 'EF stores: the 4.1 configuration and operational schemas need migrations (configuration data needs custom SQL)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/',
  kind: 'finding',
  catalog: ['7'],
  reads: ['csharp'],
  triggers: ['AddConfigurationStore', 'AddOperationalStore'],
  actsWithoutLibraryNamespace: true,
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const config: number[] = [];
    const grants: number[] = [];
    walk(root, (n) => {
      if (n.type !== 'invocation_expression') return;
      const fn = n.childForFieldName('function');
      const name = fn?.type === 'member_access_expression' ? fn.childForFieldName('name') : null;
      const method = name?.type === 'generic_name' ? name.namedChildren[0]?.text : name?.text;
      if (method === 'AddConfigurationStore') config.push(name!.startIndex);
      if (method === 'AddOperationalStore') grants.push(name!.startIndex);
    });
    reportOncePerLine(ctx, config, {
      message: 'IdentityServer4 4.x changed the ConfigurationDbContext schema: API scopes are top-level (ApiScopes, ApiResourceScopes), Api*/Identity* child tables became ApiResource*/IdentityResource*; a generated migration drops the old tables and their data',
      suggestion: 'Add the ConfigurationDbContext migration (dotnet ef migrations add … -c ConfigurationDbContext) and edit it to copy the rows into the new tables before the old ones are dropped (see the IdentityServer4 v3 → v4 data migration SQL in the upgrade guide)',
    });
    reportOncePerLine(ctx, grants, {
      message: 'IdentityServer4 4.x added columns to the PersistedGrantDbContext schema (PersistedGrants: SessionId, Description, ConsumedTime; DeviceCodes: SessionId, Description)',
      suggestion: 'Add and apply a PersistedGrantDbContext migration (dotnet ef migrations add … -c PersistedGrantDbContext)',
    });
  },
};

export default rule;
