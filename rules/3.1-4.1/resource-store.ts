/**
 * IResourceStore in 4.0 (catalog §4.1 row 10); the EF ResourceStore, CachingResourceStore and InMemoryResourcesStore
 * changed the same way.
 *
 * Renames: `FindIdentityResourcesByScopeAsync` → `FindIdentityResourcesByScopeNameAsync`,
 * `FindApiResourcesByScopeAsync` → `FindApiResourcesByScopeNameAsync` (same parameters and results): in classes that
 * implement IResourceStore (AUTO), in `override`s in classes deriving from the EF ResourceStore (AUTO), and in calls on
 * receivers declared in the file with one of these types (review).
 * Reports: `FindApiResourceAsync(name)` (removed; use FindApiResourcesByNameAsync) in calls, implementations and
 * overrides; implementers of IResourceStore that lack the new members FindApiScopesByNameAsync and
 * FindApiResourcesByNameAsync.
 */
import { walk } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';
import { memberRenameRule, reportOncePerLine } from '../../src/engine/cs/factories';
import { derivedMethods } from '../../src/engine/cs/occurrences';
import { memberUsesOn } from '../../src/engine/cs/receivers';
import { declName, methodsNamed, typesDerivingFrom, type TypeName } from '../../src/engine/cs/syntax';

const IRESOURCE_STORE: TypeName = { ns: 'IdentityServer4.Stores', name: 'IResourceStore' };
const EF_STORE: TypeName = { ns: 'IdentityServer4.EntityFramework.Stores', name: 'ResourceStore' };
const STORES: TypeName[] = [IRESOURCE_STORE, EF_STORE, { ns: 'IdentityServer4.Stores', name: 'CachingResourceStore' }, { ns: 'IdentityServer4.Stores', name: 'InMemoryResourcesStore' }];
const DOCS = 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/';

const renames = memberRenameRule({
  id: '3.1-4.1/resource-store',
  title: '',
  docs: DOCS,
  renames: [
    { on: [IRESOURCE_STORE], from: 'FindIdentityResourcesByScopeAsync', to: 'FindIdentityResourcesByScopeNameAsync', at: ['implementations'] },
    { on: [IRESOURCE_STORE], from: 'FindApiResourcesByScopeAsync', to: 'FindApiResourcesByScopeNameAsync', at: ['implementations'] },
    { on: [EF_STORE], from: 'FindIdentityResourcesByScopeAsync', to: 'FindIdentityResourcesByScopeNameAsync', at: ['overrides'] },
    { on: [EF_STORE], from: 'FindApiResourcesByScopeAsync', to: 'FindApiResourcesByScopeNameAsync', at: ['overrides'] },
    { on: STORES, from: 'FindIdentityResourcesByScopeAsync', to: 'FindIdentityResourcesByScopeNameAsync', at: ['calls'] },
    { on: STORES, from: 'FindApiResourcesByScopeAsync', to: 'FindApiResourcesByScopeNameAsync', at: ['calls'] },
  ],
});

const BASE_RENAMES: Record<string, string> = { FindIdentityResourcesByScopeAsync: 'FindIdentityResourcesByScopeNameAsync', FindApiResourcesByScopeAsync: 'FindApiResourcesByScopeNameAsync' };

const NEW_MEMBERS: Record<string, string> = {
  FindApiScopesByNameAsync: 'Task<IEnumerable<ApiScope>> FindApiScopesByNameAsync(IEnumerable<string> scopeNames)',
  FindApiResourcesByNameAsync: 'Task<IEnumerable<ApiResource>> FindApiResourcesByNameAsync(IEnumerable<string> apiResourceNames)',
};

const rule: FileRule = {
  id: '3.1-4.1/resource-store',
  title: 'IResourceStore: Find…ByScopeAsync → Find…ByScopeNameAsync; FindApiResourceAsync removed; new FindApiScopesByNameAsync',
  docs: DOCS,
  kind: 'fix',
  catalog: ['4.1#10'],
  reads: ['csharp'],
  triggers: ['FindIdentityResourcesByScopeAsync', 'FindApiResourcesByScopeAsync', 'FindApiResourceAsync', 'IResourceStore'],
  run(ctx) {
    renames.run(ctx);
    // `base.FindApiResourcesByScopeAsync(...)` inside classes deriving from the EF ResourceStore.
    for (const { decl } of typesDerivingFrom(ctx, [EF_STORE])) {
      walk(decl, (n) => {
        if (n.type !== 'member_access_expression' || (n.child(0)?.type !== 'base' && n.childForFieldName('expression')?.type !== 'base_expression')) return;
        const name = n.childForFieldName('name');
        const to = name && BASE_RENAMES[name.text];
        if (name && to) ctx.edit(name.startIndex, name.endIndex, to);
      });
    }
    reportOncePerLine(ctx, memberUsesOn(ctx, STORES, 'FindApiResourceAsync').map((u) => u.name.startIndex), {
      message: 'IResourceStore.FindApiResourceAsync(name) was removed in 4.0',
      suggestion: '(await store.FindApiResourcesByNameAsync(new[] { name })).SingleOrDefault()',
    });
    const declared = [...derivedMethods(ctx, [IRESOURCE_STORE], 'FindApiResourceAsync', false), ...derivedMethods(ctx, [EF_STORE], 'FindApiResourceAsync', true)];
    reportOncePerLine(ctx, declared.map((d) => d.name.startIndex), {
      message: 'FindApiResourceAsync(string name) is no longer part of IResourceStore (4.0)',
      suggestion: `Implement ${NEW_MEMBERS.FindApiResourcesByNameAsync} instead`,
    });
    for (const { decl } of typesDerivingFrom(ctx, [IRESOURCE_STORE])) {
      const missing = Object.keys(NEW_MEMBERS).filter((m) => methodsNamed(decl, m).length === 0);
      if (missing.length === 0) continue;
      ctx.report(decl.childForFieldName('name') ?? decl, `${declName(decl)} implements IResourceStore, which gained ${missing.join(' and ')} in 4.0`, {
        severity: 'warning',
        suggestion: `Add ${missing.map((m) => NEW_MEMBERS[m]).join('; ')}`,
      });
    }
  },
};

export default rule;
