/**
 * IPersistedGrantStore takes a PersistedGrantFilter since 4.0 (catalog §4.1 row 11).
 *
 * Rewrites (review) calls on receivers declared in the file as IPersistedGrantStore (or the EF / in-memory store):
 *   `GetAllAsync(s)` → `GetAllAsync(new PersistedGrantFilter { SubjectId = s })`,
 *   `RemoveAllAsync(s, c)` → `RemoveAllAsync(new PersistedGrantFilter { SubjectId = s, ClientId = c })`,
 *   `RemoveAllAsync(s, c, t)` → `… { SubjectId = s, ClientId = c, Type = t }` (named arguments mapped by name).
 * A call already passing a PersistedGrantFilter is left alone.
 * Reports implementations (and overrides of the EF PersistedGrantStore) of the old signatures, which must be
 * rewritten against the filter.
 */
import type { Node } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';
import { reportOncePerLine } from '../../src/engine/cs/factories';
import { derivedMethods } from '../../src/engine/cs/occurrences';
import { memberUsesOnNames, typedNames } from '../../src/engine/cs/typed-names';
import { argsOf, argumentName, argumentValue, fileSees, paramsOf, type TypeName } from '../../src/engine/cs/syntax';
import { declaredTypes } from '../../src/engine/cs/receivers';

const STORES_NS = 'IdentityServer4.Stores';
const ISTORE: TypeName = { ns: STORES_NS, name: 'IPersistedGrantStore' };
const EF_STORE: TypeName = { ns: 'IdentityServer4.EntityFramework.Stores', name: 'PersistedGrantStore' };
const RECEIVERS: TypeName[] = [ISTORE, EF_STORE, { ns: STORES_NS, name: 'InMemoryPersistedGrantStore' }];
const PARAMS: Record<string, string[]> = { GetAllAsync: ['subjectId'], RemoveAllAsync: ['subjectId', 'clientId', 'type'] };
const PROPS: Record<string, string> = { subjectId: 'SubjectId', clientId: 'ClientId', type: 'Type' };

const rule: FileRule = {
  id: '3.1-4.1/persisted-grant-store',
  title: 'IPersistedGrantStore.GetAllAsync / RemoveAllAsync take a PersistedGrantFilter',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/',
  kind: 'fix',
  catalog: ['4.1#11'],
  reads: ['csharp'],
  triggers: ['GetAllAsync', 'RemoveAllAsync'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const filterType = fileSees(ctx, STORES_NS) ? 'PersistedGrantFilter' : `${STORES_NS}.PersistedGrantFilter`;
    const declared = declaredTypes(root);
    const isFilter = (v: Node | undefined) =>
      !!v && ((v.type === 'object_creation_expression' && /PersistedGrantFilter$/.test(v.childForFieldName('type')?.text ?? '')) || (v.type === 'identifier' && /PersistedGrantFilter$/.test(declared.get(v.text)?.text ?? '')));

    const stores = typedNames(ctx, RECEIVERS);
    for (const use of memberUsesOnNames(ctx, stores, (m) => m in PARAMS)) {
      const method = use.name.text;
      const args = argsOf(use.args);
      const names = PARAMS[method];
      const wanted = method === 'GetAllAsync' ? [1] : [2, 3];
      if (!wanted.includes(args.length) || (args.length === 1 && isFilter(argumentValue(args[0])))) continue;
      const values = new Map<string, Node>();
      let ok = true;
      args.forEach((a, i) => {
        const label = argumentName(a) ?? names[i];
        const v = argumentValue(a);
        if (!names.includes(label) || !v || values.has(label)) ok = false;
        else values.set(label, v);
      });
      if (!ok) continue;
      const init = names.filter((n) => values.has(n)).map((n) => `${PROPS[n]} = ${values.get(n)!.text}`);
      ctx.edit(args[0].startIndex, args[args.length - 1].endIndex, `new ${filterType} { ${init.join(', ')} }`, { review: true });
    }

    const oldSignature = (d: { member: Node }) => {
      const ps = paramsOf(d.member.childForFieldName('parameters'));
      return ps.length > 0 && ps.every((p) => /^string\??$/.test(p.childForFieldName('type')?.text ?? ''));
    };
    const decls = [
      ...derivedMethods(ctx, [ISTORE], (n) => n in PARAMS, false),
      ...derivedMethods(ctx, [EF_STORE, { ns: STORES_NS, name: 'InMemoryPersistedGrantStore' }], (n) => n in PARAMS, true),
    ].filter(oldSignature);
    reportOncePerLine(ctx, decls.map((d) => d.name.startIndex), {
      message: 'IPersistedGrantStore.GetAllAsync / RemoveAllAsync take a PersistedGrantFilter since 4.0 (the (subjectId, clientId[, type]) overloads are gone)',
      suggestion: 'Implement Task<IEnumerable<PersistedGrant>> GetAllAsync(PersistedGrantFilter filter) and Task RemoveAllAsync(PersistedGrantFilter filter), matching on filter.SubjectId, SessionId, ClientId and Type where set',
    });
  },
};

export default rule;
