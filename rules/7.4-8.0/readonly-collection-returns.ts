/**
 * 8.0 returns IReadOnlyCollection<T> where 7.4 returned IEnumerable<T> from ~25 interface methods and the virtuals of
 * their default implementations (catalog R4, §4.15 row 5; list from upgrade-signatures.tsv), and
 * ISigningKeyStoreCache.StoreKeysAsync takes an IReadOnlyCollection<KeyContainer>.
 *
 * Matches: a method of that name in a class whose base list names the interface (impl), or an `override` in a class
 * deriving from the default implementation (override), declared `Task<IEnumerable<T>>`.
 * Rewrites (AUTO): `IEnumerable` -> `IReadOnlyCollection` in the declared return type (and the StoreKeysAsync parameter).
 * Rewrites (HEUR, for review), in the method's return values:
 *  - a value ending in a deferred LINQ call (`Where`, `Select`, `OrderBy`, …) gets `.ToList()`;
 *  - `Enumerable.Empty<T>()` -> `Array.Empty<T>()`;
 *  - in a non-async method, `Task.FromResult<IEnumerable<T>>(v)` / `Task.FromResult(v)` gets the type argument
 *    `IReadOnlyCollection<T>` (and v is fixed as above).
 * Values already collections (`ToList()`, `ToArray()`, awaited `ToListAsync()`, `new List<T>`, arrays, collection
 * expressions, locals and fields declared as such, calls of the changed methods themselves) stay as they are.
 * Reports: a return value it cannot judge.
 */
import { walk, type Node } from '../../src/engine/csharp';
import type { FileContext, FileRule } from '../../src/engine/rule';
import { isType } from '../../src/engine/cs/duende80';
import { derivedMethods } from '../../src/engine/cs/occurrences';
import { declaredTypes } from '../../src/engine/cs/receivers';
import { fileSees, modifiersOf, named, paramsOf, simpleIdentifier, type TypeName } from '../../src/engine/cs/syntax';

const IFACES: [string, string, string[]][] = [
  ['Stores', 'IResourceStore', ['FindIdentityResourcesByScopeNameAsync', 'FindApiScopesByNameAsync', 'FindApiResourcesByScopeNameAsync', 'FindApiResourcesByNameAsync']],
  ['Stores', 'IPersistedGrantStore', ['GetAllAsync']],
  ['Stores', 'IBackChannelAuthenticationRequestStore', ['GetLoginsForUserAsync']],
  ['Stores', 'ISigningKeyStore', ['LoadKeysAsync']],
  ['Stores', 'IIdentityProviderStore', ['GetAllSchemeNamesAsync']],
  ['Stores', 'IValidationKeysStore', ['GetValidationKeysAsync']],
  ['Services', 'IPersistedGrantService', ['GetAllGrantsAsync']],
  ['Services', 'IIdentityServerInteractionService', ['GetAllUserGrantsAsync']],
  ['Services', 'IBackchannelAuthenticationInteractionService', ['GetPendingLoginRequestsForCurrentUserAsync']],
  ['Services', 'IUserSession', ['GetClientListAsync']],
  ['Services', 'IClaimsService', ['GetIdentityTokenClaimsAsync', 'GetAccessTokenClaimsAsync']],
  ['Services', 'ILogoutNotificationService', ['GetFrontChannelLogoutNotificationsUrlsAsync', 'GetBackChannelLogoutNotificationsAsync']],
  ['Services', 'IKeyMaterialService', ['GetValidationKeysAsync', 'GetAllSigningCredentialsAsync']],
  ['Services.KeyManagement', 'IKeyManager', ['GetCurrentKeysAsync', 'GetAllKeysAsync']],
  ['Services.KeyManagement', 'IAutomaticKeyManagerKeyStore', ['GetAllSigningCredentialsAsync']],
  ['Services.KeyManagement', 'ISigningKeyStoreCache', ['GetKeysAsync']],
  ['ResponseHandling', 'IDiscoveryResponseGenerator', ['CreateJwkDocumentAsync']],
];

/** Default implementations whose changed members are virtual (override signal). */
const CLASSES: [string, string, string[]][] = [
  ['EntityFramework.Stores', 'ResourceStore', ['FindIdentityResourcesByScopeNameAsync', 'FindApiScopesByNameAsync', 'FindApiResourcesByScopeNameAsync', 'FindApiResourcesByNameAsync']],
  ['EntityFramework.Stores', 'PersistedGrantStore', ['GetAllAsync']],
  ['Services', 'DefaultClaimsService', ['GetIdentityTokenClaimsAsync', 'GetAccessTokenClaimsAsync']],
  ['Services', 'DefaultUserSession', ['GetClientListAsync']],
  ['ResponseHandling', 'DiscoveryResponseGenerator', ['CreateJwkDocumentAsync']],
  ['Stores', 'DefaultGrantStore', ['GetAllAsync']],
];

const CHANGED = new Set([...IFACES, ...CLASSES].flatMap(([, , ms]) => ms));
const DEFERRED = new Set(['Select', 'Where', 'OrderBy', 'OrderByDescending', 'ThenBy', 'ThenByDescending', 'Distinct', 'DistinctBy', 'Concat', 'Union', 'UnionBy', 'Except', 'ExceptBy', 'Intersect', 'IntersectBy', 'SelectMany', 'Skip', 'SkipLast', 'SkipWhile', 'Take', 'TakeLast', 'TakeWhile', 'Reverse', 'Cast', 'OfType', 'DefaultIfEmpty', 'Append', 'Prepend', 'AsEnumerable', 'Zip']);
const MATERIALIZE = new Set(['ToList', 'ToArray', 'ToHashSet', 'ToImmutableArray', 'ToImmutableList', 'ToImmutableHashSet', 'ToListAsync', 'ToArrayAsync', 'ToHashSetAsync']);
const COLLECTION_TYPES = new Set(['List', 'IReadOnlyCollection', 'IReadOnlyList', 'HashSet', 'SortedSet', 'Collection', 'ReadOnlyCollection', 'ImmutableArray', 'ImmutableList', 'ImmutableHashSet', 'LinkedList', 'Queue', 'Stack']);

const DOCS = 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0#ienumerablet-return-types-changed-to-ireadonlycollectiont';

const rule: FileRule = {
  id: '7.4-8.0/readonly-collection-returns',
  title: 'IEnumerable<T> -> IReadOnlyCollection<T> return types of implementations and overrides',
  docs: DOCS,
  kind: 'fix',
  catalog: ['R4', '4.15#5'],
  reads: ['csharp'],
  triggers: [...CHANGED, 'StoreKeysAsync'],
  run(ctx) {
    const seen = new Set<number>();
    const methods = [
      ...IFACES.flatMap(([sub, name, ms]) => derivedMethods(ctx, [isType(sub, name)], (n) => ms.includes(n), false)),
      ...CLASSES.flatMap(([sub, name, ms]) => derivedMethods(ctx, [isType(sub, name)], (n) => ms.includes(n), true)),
    ];
    for (const { member, base } of methods) {
      if (seen.has(member.startIndex)) continue;
      seen.add(member.startIndex);
      const inner = enumerableInTask(member.childForFieldName('returns'));
      if (!inner) continue;
      ctx.edit(inner.id.startIndex, inner.id.endIndex, 'IReadOnlyCollection');
      fixReturns(ctx, member, base, inner.arg);
    }
    for (const { member } of derivedMethods(ctx, [isType('Services.KeyManagement', 'ISigningKeyStoreCache')], 'StoreKeysAsync', false)) {
      const first = paramsOf(member.childForFieldName('parameters'))[0];
      const id = first && enumerableId(first.childForFieldName('type'));
      if (id) ctx.edit(id.startIndex, id.endIndex, 'IReadOnlyCollection');
    }
  },
};

export default rule;

/** For `Task<IEnumerable<T>>`: the `IEnumerable` identifier and the text of T. */
function enumerableInTask(returns: Node | null): { id: Node; arg: string } | undefined {
  const task = returns && lastGeneric(returns);
  if (!task || simpleIdentifier(task) !== 'Task') return undefined;
  const list = named(task).find((c) => c.type === 'type_argument_list');
  const only = list ? named(list) : [];
  if (only.length !== 1) return undefined;
  const id = enumerableId(only[0]);
  const gen = lastGeneric(only[0]);
  const arg = gen && named(gen).find((c) => c.type === 'type_argument_list');
  return id && arg ? { id, arg: arg.text.slice(1, -1) } : undefined;
}

/** `IEnumerable<T>` or `System.Collections.Generic.IEnumerable<T>`: the `IEnumerable` identifier. */
function enumerableId(type: Node | null): Node | undefined {
  const gen = type && lastGeneric(type);
  if (!gen || simpleIdentifier(gen) !== 'IEnumerable') return undefined;
  if (type!.type === 'qualified_name' && type!.childForFieldName('qualifier')?.text.replace(/\s+/g, '').replace(/^global::/, '') !== 'System.Collections.Generic') return undefined;
  return named(gen)[0];
}

function lastGeneric(n: Node): Node | undefined {
  if (n.type === 'generic_name') return n;
  if (n.type === 'qualified_name') {
    const name = n.childForFieldName('name');
    return name?.type === 'generic_name' ? name : undefined;
  }
  return undefined;
}

type Verdict = { kind: 'ok' } | { kind: 'fix'; edits: [number, number, string][] } | { kind: 'unknown' };

/** Return values (return statements outside nested functions, or the expression body). */
function returnValues(member: Node): Node[] {
  const body = member.childForFieldName('body');
  if (!body) return [];
  if (body.type === 'arrow_expression_clause') return named(body).slice(0, 1);
  const out: Node[] = [];
  walk(body, (n) => {
    if (n.type === 'lambda_expression' || n.type === 'anonymous_method_expression' || n.type === 'local_function_statement') return false;
    if (n.type === 'return_statement' && named(n)[0]) out.push(named(n)[0]);
  });
  return out;
}

function fixReturns(ctx: FileContext, member: Node, base: TypeName, itemType: string): void {
  const isAsync = modifiersOf(member).includes('async');
  const method = member.childForFieldName('name')?.text ?? '';
  for (const value of returnValues(member)) {
    const verdict = isAsync ? judge(ctx, value, member) : judgeTask(ctx, value, member, itemType);
    if (verdict.kind === 'fix') for (const [s, e, t] of verdict.edits) ctx.edit(s, e, t, { review: true });
    if (verdict.kind === 'unknown') {
      ctx.report(value, `${method} returns Task<IReadOnlyCollection<${itemType}>> in 8.0 (${base.name}); this return value may be a lazy IEnumerable<${itemType}>`, {
        suggestion: 'Return a materialized collection, e.g. append .ToList() or .ToArray()',
      });
    }
  }
}

/** A value for `Task<IReadOnlyCollection<T>>` in a non-async method. */
function judgeTask(ctx: FileContext, value: Node, member: Node, itemType: string): Verdict {
  const v = unparen(value);
  if (v.type === 'invocation_expression') {
    const f = v.childForFieldName('function');
    const name = f?.type === 'member_access_expression' ? f.childForFieldName('name') : f;
    const id = name && simpleIdentifier(name);
    if (id && CHANGED.has(id)) return { kind: 'ok' };
    const owner = f?.type === 'member_access_expression' ? f.childForFieldName('expression')?.text : undefined;
    if (id === 'FromResult' && owner === 'Task') {
      const args = named(v.childForFieldName('arguments') ?? v).filter((c) => c.type === 'argument');
      if (args.length !== 1) return { kind: 'unknown' };
      const inner = judge(ctx, named(args[0])[named(args[0]).length - 1], member);
      if (inner.kind === 'unknown') return inner;
      const edits = inner.kind === 'fix' ? [...inner.edits] : [];
      const typeArgs = name!.type === 'generic_name' ? named(name!).find((c) => c.type === 'type_argument_list') : undefined;
      if (typeArgs) {
        const only = named(typeArgs);
        const enumerable = only.length === 1 ? enumerableId(only[0]) : undefined;
        if (enumerable) edits.push([enumerable.startIndex, enumerable.endIndex, 'IReadOnlyCollection']);
        else if (!(only.length === 1 && /^(System\.Collections\.Generic\.)?IReadOnlyCollection</.test(only[0].text))) return { kind: 'unknown' };
      } else edits.push([name!.endIndex, name!.endIndex, `<IReadOnlyCollection<${itemType}>>`]);
      return { kind: 'fix', edits };
    }
  }
  return { kind: 'unknown' };
}

/** A value that must be an IReadOnlyCollection<T>. */
function judge(ctx: FileContext, value: Node, member: Node): Verdict {
  const v = unparen(value);
  if (v.type === 'await_expression') {
    const awaited = unparen(named(v)[0] ?? v);
    const name = awaited.type === 'invocation_expression' ? calledName(awaited) : undefined;
    return name && (MATERIALIZE.has(name) || CHANGED.has(name)) ? { kind: 'ok' } : { kind: 'unknown' };
  }
  if (['array_creation_expression', 'implicit_array_creation_expression', 'collection_expression', 'null_literal'].includes(v.type)) return { kind: 'ok' };
  if (v.type === 'object_creation_expression') {
    const t = v.childForFieldName('type');
    const g = t && (lastGeneric(t) ?? t);
    return g && COLLECTION_TYPES.has(simpleIdentifier(g) ?? '') ? { kind: 'ok' } : { kind: 'unknown' };
  }
  if (v.type === 'invocation_expression') {
    const name = calledName(v);
    const f = v.childForFieldName('function');
    const owner = f?.type === 'member_access_expression' ? f.childForFieldName('expression')?.text : undefined;
    if (name && MATERIALIZE.has(name) && !name.endsWith('Async')) return { kind: 'ok' };
    if (name === 'Empty' && owner === 'Array') return { kind: 'ok' };
    if (name === 'Empty' && (owner === 'Enumerable' || owner === 'System.Linq.Enumerable')) {
      const array = fileSees(ctx, 'System') ? 'Array' : 'System.Array';
      return { kind: 'fix', edits: [[f!.childForFieldName('expression')!.startIndex, f!.childForFieldName('expression')!.endIndex, array]] };
    }
    if (name && DEFERRED.has(name) && f?.type === 'member_access_expression') return { kind: 'fix', edits: [[v.endIndex, v.endIndex, '.ToList()']] };
    return { kind: 'unknown' };
  }
  if (v.type === 'identifier') return judgeName(ctx, v, member);
  return { kind: 'unknown' };
}

function calledName(call: Node): string | undefined {
  const f = call.childForFieldName('function');
  const name = f?.type === 'member_access_expression' ? f.childForFieldName('name') : f;
  return name ? simpleIdentifier(name) : undefined;
}

/** A local of the method (its initializer or declared type), else a field or property declared in the file. */
function judgeName(ctx: FileContext, id: Node, member: Node): Verdict {
  let verdict: Verdict | undefined;
  walk(member, (n) => {
    if (verdict || n.type !== 'variable_declaration') return;
    const type = n.childForFieldName('type');
    for (const d of named(n).filter((c) => c.type === 'variable_declarator')) {
      if ((d.childForFieldName('name') ?? named(d)[0])?.text !== id.text) continue;
      if (type && type.type !== 'implicit_type') verdict = collectionType(type);
      else {
        const init = named(d).slice(1).pop();
        verdict = init && judge(ctx, init, member).kind === 'ok' ? { kind: 'ok' } : { kind: 'unknown' };
      }
    }
  });
  if (verdict) return verdict;
  const declared = ctx.tree ? declaredTypes(ctx.tree.rootNode).get(id.text) : undefined;
  return declared ? collectionType(declared) : { kind: 'unknown' };
}

function collectionType(type: Node): Verdict {
  if (type.type === 'array_type') return { kind: 'ok' };
  const g = lastGeneric(type);
  return g && COLLECTION_TYPES.has(simpleIdentifier(g) ?? '') ? { kind: 'ok' } : { kind: 'unknown' };
}

function unparen(n: Node): Node {
  while (n.type === 'parenthesized_expression' && named(n)[0]) n = named(n)[0];
  return n;
}
