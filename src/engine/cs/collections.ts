/**
 * Whether an expression is a materialized collection (for values that must now be an IReadOnlyCollection<T> where
 * they used to be an IEnumerable<T>), judged from syntax: collection creations and literals, `ToList()`/`ToArray()`,
 * awaited `ToListAsync()`, locals, fields and properties declared with a collection type. A value ending in a deferred
 * LINQ call gets `.ToList()` appended; `Enumerable.Empty<T>()` becomes `Array.Empty<T>()`. Anything else is unknown.
 */
import { walk, type Node } from '../csharp';
import type { FileContext } from '../rule';
import { declaredTypes } from './receivers';
import { fileSees, named, simpleIdentifier } from './syntax';

export const DEFERRED = new Set(['Select', 'Where', 'OrderBy', 'OrderByDescending', 'ThenBy', 'ThenByDescending', 'Distinct', 'DistinctBy', 'Concat', 'Union', 'UnionBy', 'Except', 'ExceptBy', 'Intersect', 'IntersectBy', 'SelectMany', 'Skip', 'SkipLast', 'SkipWhile', 'Take', 'TakeLast', 'TakeWhile', 'Reverse', 'Cast', 'OfType', 'DefaultIfEmpty', 'Append', 'Prepend', 'AsEnumerable', 'Zip']);
export const MATERIALIZE = new Set(['ToList', 'ToArray', 'ToHashSet', 'ToImmutableArray', 'ToImmutableList', 'ToImmutableHashSet', 'ToListAsync', 'ToArrayAsync', 'ToHashSetAsync']);
export const COLLECTION_TYPES = new Set(['List', 'IReadOnlyCollection', 'IReadOnlyList', 'HashSet', 'SortedSet', 'Collection', 'ReadOnlyCollection', 'ImmutableArray', 'ImmutableList', 'ImmutableHashSet', 'LinkedList', 'Queue', 'Stack']);

/** `ok`: a collection already; `fix`: one after these edits (start, end, text); `unknown`: cannot tell. */
export type Verdict = { kind: 'ok' } | { kind: 'fix'; edits: [number, number, string][] } | { kind: 'unknown' };

/** The generic name of `G<…>` or `a.b.G<…>`. */
export function lastGeneric(n: Node): Node | undefined {
  if (n.type === 'generic_name') return n;
  if (n.type === 'qualified_name') {
    const name = n.childForFieldName('name');
    return name?.type === 'generic_name' ? name : undefined;
  }
  return undefined;
}

/** `IEnumerable<T>` or `System.Collections.Generic.IEnumerable<T>`: the `IEnumerable` identifier. */
export function enumerableId(type: Node | null | undefined): Node | undefined {
  const gen = type && lastGeneric(type);
  if (!gen || simpleIdentifier(gen) !== 'IEnumerable') return undefined;
  if (type!.type === 'qualified_name' && type!.childForFieldName('qualifier')?.text.replace(/\s+/g, '').replace(/^global::/, '') !== 'System.Collections.Generic') return undefined;
  return named(gen)[0];
}

/** A value that must be an IReadOnlyCollection<T>; `collectionCalls`: method names known to return one. */
export function judgeCollection(ctx: FileContext, value: Node, scope: Node, collectionCalls: ReadonlySet<string> = new Set()): Verdict {
  const v = unparen(value);
  if (v.type === 'await_expression') {
    const awaited = unparen(named(v)[0] ?? v);
    const name = awaited.type === 'invocation_expression' ? calledName(awaited) : undefined;
    return name && (MATERIALIZE.has(name) || collectionCalls.has(name)) ? { kind: 'ok' } : { kind: 'unknown' };
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
  if (v.type === 'conditional_expression') {
    const branches = [v.childForFieldName('consequence'), v.childForFieldName('alternative')].map((b) => (b ? judgeCollection(ctx, b, scope, collectionCalls) : ({ kind: 'unknown' } as Verdict)));
    if (branches.some((b) => b.kind === 'unknown')) return { kind: 'unknown' };
    const edits = branches.flatMap((b) => (b.kind === 'fix' ? b.edits : []));
    return edits.length ? { kind: 'fix', edits } : { kind: 'ok' };
  }
  if (v.type === 'identifier') return judgeName(ctx, v, scope, collectionCalls);
  return { kind: 'unknown' };
}

export function calledName(call: Node): string | undefined {
  const f = call.childForFieldName('function');
  const name = f?.type === 'member_access_expression' ? f.childForFieldName('name') : f;
  return name ? simpleIdentifier(name) : undefined;
}

/** A local of the method (its initializer or declared type), else a field or property declared in the file. */
function judgeName(ctx: FileContext, id: Node, member: Node, collectionCalls: ReadonlySet<string>): Verdict {
  let verdict: Verdict | undefined;
  walk(member, (n) => {
    if (verdict || n.type !== 'variable_declaration') return;
    const type = n.childForFieldName('type');
    for (const d of named(n).filter((c) => c.type === 'variable_declarator')) {
      if ((d.childForFieldName('name') ?? named(d)[0])?.text !== id.text) continue;
      if (type && type.type !== 'implicit_type') verdict = collectionType(type);
      else {
        const init = named(d).slice(1).pop();
        verdict = init && judgeCollection(ctx, init, member, collectionCalls).kind === 'ok' ? { kind: 'ok' } : { kind: 'unknown' };
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

export function unparen(n: Node): Node {
  while (n.type === 'parenthesized_expression' && named(n)[0]) n = named(n)[0];
  return n;
}
