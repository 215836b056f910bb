/**
 * 7.1 added `Task<int> SaveChangesAsync(CancellationToken)` to IConfigurationDbContext (catalog §4.11 row 4).
 * A DbContext-derived implementation already has it; any other implementation must add it.
 * Signal: a class whose base list names IConfigurationDbContext and no other base class (a DbContext or one of
 * Duende's contexts inherits the member).
 */
import { baseTypes, fileSees, methodsNamed, typesDerivingFrom } from '../../src/engine/cs/syntax';
import type { FileRule } from '../../src/engine/rule';

const NS = 'Duende.IdentityServer.EntityFramework.Interfaces';

const rule: FileRule = {
  id: '7.0-7.1/configuration-dbcontext-savechanges',
  title: 'IConfigurationDbContext implementations that are not DbContexts need SaveChangesAsync(CancellationToken)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_0-to-v7_1',
  kind: 'finding',
  catalog: ['4.11#4'],
  reads: ['csharp'],
  triggers: ['IConfigurationDbContext'],
  run(ctx) {
    if (!fileSees(ctx, NS) && !ctx.text.includes(`${NS}.IConfigurationDbContext`)) return;
    for (const { decl, base } of typesDerivingFrom(ctx, [{ ns: NS, name: 'IConfigurationDbContext' }])) {
      const others = baseTypes(decl).filter((b) => !b.equals(base));
      const derivesFromClass = others.some((b) => /DbContext\b/.test(b.text) || !/^I[A-Z]/.test(b.text.replace(/^.*\./, '')));
      if (derivesFromClass || methodsNamed(decl, 'SaveChangesAsync').length) continue;
      ctx.report(base, `${decl.childForFieldName('name')?.text}: IConfigurationDbContext gained Task<int> SaveChangesAsync(CancellationToken cancellationToken) in 7.1`, {
        severity: 'error',
        suggestion: 'public Task<int> SaveChangesAsync(CancellationToken cancellationToken) { /* persist your changes */ }',
      });
    }
  },
};

export default rule;
