/**
 * 8.0 retyped `ClientIds` (and PersistedGrantFilter.Types) from IEnumerable<string> to IReadOnlyCollection<string> on
 * PersistedGrantFilter, LogoutMessage, LogoutRequest, LogoutNotificationContext, RemoveSessionsContext and
 * ValidatedEndSessionRequest; PersistedGrantFilter.ClientIds/Types are also non-nullable now, default `[]`
 * (catalog R4, §4.15 row 5).
 *
 * Rewrites (HEUR, for review):
 *  - `f.ClientIds != null` -> `f.ClientIds.Count > 0` and `f.ClientIds == null` -> `f.ClientIds.Count == 0` (also
 *    `is not null` / `is null`, and Types) where f is declared in the file as PersistedGrantFilter: an empty list now
 *    means "no filter", so a null check would filter by nothing;
 *  - a value assigned to one of these properties (`new T { ClientIds = v }`, `x.ClientIds = v` on a declared
 *    receiver) that ends in a deferred LINQ call gets `.ToList()`; `Enumerable.Empty<string>()` -> `Array.Empty<string>()`.
 * Reports: an assigned value it cannot judge (it may be a lazy IEnumerable), and `null` assigned to the
 * non-nullable PersistedGrantFilter properties.
 */
import type { Node } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';
import { judgeCollection } from '../../src/engine/cs/collections';
import { isType } from '../../src/engine/cs/duende80';
import { initializerMembers } from '../../src/engine/cs/occurrences';
import { memberUsesOn } from '../../src/engine/cs/receivers';
import { named } from '../../src/engine/cs/syntax';

const FILTER = isType('Stores', 'PersistedGrantFilter');
const HOLDERS = [FILTER, isType('Models', 'LogoutMessage'), isType('Models', 'LogoutRequest'), isType('Models', 'LogoutNotificationContext'), isType('Services', 'RemoveSessionsContext'), isType('Validation', 'ValidatedEndSessionRequest')];
const DOCS = 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0#persistedgrantfilter-collection-properties-are-now-non-nullable';

const rule: FileRule = {
  id: '7.4-8.0/readonly-collection-properties',
  title: 'ClientIds/Types are IReadOnlyCollection<string>; PersistedGrantFilter null checks become Count checks',
  docs: DOCS,
  kind: 'fix',
  review: true,
  catalog: ['R4', '4.15#5'],
  reads: ['csharp'],
  triggers: ['ClientIds', 'Types'],
  run(ctx) {
    // Null checks on the filter.
    for (const use of memberUsesOn(ctx, [FILTER], (m) => m === 'ClientIds' || m === 'Types')) {
      const check = nullCheck(use.access);
      if (check) ctx.edit(use.access.endIndex, check.node.endIndex, check.negated ? '.Count > 0' : '.Count == 0');
    }
    // Values assigned to the properties.
    const assigned: { holder: string; value: Node; filter: boolean }[] = [];
    for (const i of initializerMembers(ctx, HOLDERS, ['ClientIds', 'Types'])) {
      const holder = i.creation.childForFieldName('type')?.text ?? '';
      if (i.name.text === 'Types' && !/PersistedGrantFilter$/.test(holder)) continue;
      assigned.push({ holder, value: i.value, filter: /PersistedGrantFilter$/.test(holder) });
    }
    for (const use of memberUsesOn(ctx, HOLDERS, (m) => m === 'ClientIds' || m === 'Types')) {
      if (use.name.text === 'Types' && use.type !== FILTER) continue;
      const a = use.access.parent;
      if (a?.type === 'assignment_expression' && a.childForFieldName('left')?.equals(use.access) && a.children.some((c) => c?.type === '=')) {
        assigned.push({ holder: use.type.name, value: a.childForFieldName('right')!, filter: use.type === FILTER });
      }
    }
    for (const { holder, value, filter } of assigned) {
      if (value.type === 'null_literal') {
        if (filter) ctx.report(value, 'PersistedGrantFilter.ClientIds/Types are non-nullable in 8.0 (default: empty, meaning no filter)', { suggestion: 'Leave the property unset, or assign []' });
        continue;
      }
      const verdict = judgeCollection(ctx, value, value.parent ?? value);
      if (verdict.kind === 'fix') for (const [s, e, t] of verdict.edits) ctx.edit(s, e, t);
      if (verdict.kind === 'unknown') {
        ctx.report(value, `${holder.replace(/^.*\./, '')}: this property is an IReadOnlyCollection<string> in 8.0; this value may be a lazy IEnumerable<string>`, {
          suggestion: 'Assign a materialized collection, e.g. append .ToList() or .ToArray()',
        });
      }
    }
  },
};

export default rule;

/** `x.P != null` / `x.P == null` / `x.P is not null` / `x.P is null` around the access `x.P`. */
function nullCheck(access: Node): { node: Node; negated: boolean } | undefined {
  const p = access.parent;
  if (!p) return undefined;
  if (p.type === 'binary_expression' && p.childForFieldName('left')?.equals(access) && p.childForFieldName('right')?.type === 'null_literal') {
    const op = p.childForFieldName('operator')?.text ?? p.children.find((c) => c && (c.text === '!=' || c.text === '=='))?.text;
    if (op === '!=' || op === '==') return { node: p, negated: op === '!=' };
  }
  if (p.type === 'is_pattern_expression' && named(p)[0]?.equals(access)) {
    const pattern = p.childForFieldName('pattern') ?? named(p)[1];
    if (pattern?.type === 'constant_pattern' && pattern.text === 'null') return { node: p, negated: false };
    if (pattern?.type === 'negated_pattern' && pattern.text.replace(/\s+/g, ' ') === 'not null') return { node: p, negated: true };
  }
  return undefined;
}
