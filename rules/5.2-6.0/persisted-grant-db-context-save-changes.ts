/**
 * 6.0 added `Task<int> SaveChangesAsync(CancellationToken cancellationToken)` to IPersistedGrantDbContext; the old
 * `SaveChangesAsync()` became a default method calling it (catalog §4.6 row 8; verified at is/6.0.0).
 *
 * A DbContext already has SaveChangesAsync(CancellationToken), so implementations deriving from one need nothing.
 * Reports (REPORT, impl signal): a class whose base list names IPersistedGrantDbContext, names no `…DbContext` base
 * class (DbContext, IdentityDbContext<…>, PersistedGrantDbContext, ApiAuthorizationDbContext<…>) and declares no
 * SaveChangesAsync: typically a hand-written fake in tests.
 */
import { implementersLacking } from '../../src/engine/cs/missing-members';
import { NS, t } from '../../src/engine/cs/duende-names';
import { baseTypes, dotted } from '../../src/engine/cs/syntax';
import type { FileRule } from '../../src/engine/rule';

/** `DbContext`, `IdentityDbContext<User>`, `Microsoft.EntityFrameworkCore.DbContext`; not an interface `I…DbContext`. */
function isDbContextClass(text: string): boolean {
  const name = text.replace(/<.*$/, '').split('.').pop() ?? '';
  return name.endsWith('DbContext') && !/^I[A-Z]/.test(name);
}

const rule: FileRule = {
  id: '5.2-6.0/persisted-grant-db-context-save-changes',
  title: 'Custom IPersistedGrantDbContext implementations outside EF: implement SaveChangesAsync(CancellationToken)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v5_2-to-v6_0',
  kind: 'finding',
  catalog: ['4.6#8'],
  reads: ['csharp'],
  triggers: ['IPersistedGrantDbContext'],
  run(ctx) {
    for (const i of implementersLacking(ctx, t(NS.efInterfaces, 'IPersistedGrantDbContext'), 'SaveChangesAsync')) {
      if (baseTypes(i.decl).some((b) => isDbContextClass(dotted(b)))) continue;
      ctx.report(i.base, `${i.decl.childForFieldName('name')?.text}: IPersistedGrantDbContext gained SaveChangesAsync(CancellationToken) in 6.0`, {
        severity: 'warning',
        suggestion: 'Add `public Task<int> SaveChangesAsync(CancellationToken cancellationToken)` (SaveChangesAsync() now calls it)',
      });
    }
  },
};

export default rule;
