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
import { enumerableId, judgeCollection, lastGeneric, unparen, type Verdict } from '../../src/engine/cs/collections';
import { modifiersOf, named, paramsOf, simpleIdentifier, type TypeName } from '../../src/engine/cs/syntax';

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
    const verdict = isAsync ? judgeCollection(ctx, value, member, CHANGED) : judgeTask(ctx, value, member, itemType);
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
      const inner = judgeCollection(ctx, named(args[0])[named(args[0]).length - 1], member, CHANGED);
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

