/**
 * The EF store interfaces in 4.0 (catalog §4.1 row 22). Findings only.
 *
 * - `x.SaveChanges()` / `x.SaveChangesAsync()` where `x` is declared in the file as IConfigurationDbContext (both
 *   removed), and `x.SaveChanges()` where it is an IPersistedGrantDbContext (removed).
 * - Classes implementing IConfigurationDbContext without deriving from ConfigurationDbContext: the interface gained
 *   `DbSet<ApiScope> ApiScopes` and `DbSet<ClientCorsOrigin> ClientCorsOrigins`.
 */
import type { FileRule } from '../../src/engine/rule';
import { reportOncePerLine } from '../../src/engine/cs/factories';
import { memberUsesOnNames, typedNames } from '../../src/engine/cs/typed-names';
import { baseTypes, declName, membersOf, typeMatcher, typesDerivingFrom, type TypeName } from '../../src/engine/cs/syntax';

const INTERFACES = 'IdentityServer4.EntityFramework.Interfaces';
const CONFIG: TypeName = { ns: INTERFACES, name: 'IConfigurationDbContext' };
const GRANTS: TypeName = { ns: INTERFACES, name: 'IPersistedGrantDbContext' };
const CONFIG_CONTEXT: TypeName = { ns: 'IdentityServer4.EntityFramework.DbContexts', name: 'ConfigurationDbContext' };
const NEW_SETS: Record<string, string> = { ApiScopes: 'DbSet<ApiScope> ApiScopes { get; set; }', ClientCorsOrigins: 'DbSet<ClientCorsOrigin> ClientCorsOrigins { get; set; }' };

const rule: FileRule = {
  id: '3.1-4.1/ef-context-interfaces',
  title: 'IConfigurationDbContext / IPersistedGrantDbContext: SaveChanges removed, new DbSets',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/',
  kind: 'finding',
  catalog: ['4.1#22'],
  reads: ['csharp'],
  triggers: ['IConfigurationDbContext', 'IPersistedGrantDbContext'],
  run(ctx) {
    const names = typedNames(ctx, [CONFIG, GRANTS]);
    const uses = memberUsesOnNames(ctx, names, (m) => m === 'SaveChanges' || m === 'SaveChangesAsync').filter((u) => u.call && (u.type === CONFIG || u.name.text === 'SaveChanges'));
    reportOncePerLine(ctx, uses.map((u) => u.name.startIndex), {
      message: 'SaveChanges/SaveChangesAsync are no longer members of the IdentityServer4 EF context interfaces (4.0)',
      suggestion: 'Inject the concrete ConfigurationDbContext / PersistedGrantDbContext (or cast to DbContext) to save changes',
    });
    const matches = typeMatcher(ctx);
    for (const { decl } of typesDerivingFrom(ctx, [CONFIG])) {
      if (baseTypes(decl).some((b) => matches(b, CONFIG_CONTEXT))) continue;
      const declared = new Set(membersOf(decl).map((m) => m.childForFieldName('name')?.text));
      const missing = Object.keys(NEW_SETS).filter((s) => !declared.has(s));
      if (!missing.length) continue;
      ctx.report(decl.childForFieldName('name') ?? decl, `${declName(decl)} implements IConfigurationDbContext, which gained ${missing.join(' and ')} in 4.0`, {
        severity: 'warning',
        suggestion: `Add ${missing.map((m) => NEW_SETS[m]).join('; ')} (and a migration for the new tables)`,
      });
    }
  },
};

export default rule;
