/**
 * 7.0 removed the [Obsolete] ResourceValidationRequest.IncludeNonIsolatedApiResources, which had no effect any more
 * (catalog §4.10 row 21, verified against is/6.3.0 and is/7.0.0). Setting it is deleted (AUTO): the initializer entry
 * `IncludeNonIsolatedApiResources = value` of `new ResourceValidationRequest { ... }`, or the statement
 * `request.IncludeNonIsolatedApiResources = value;` for a request declared ResourceValidationRequest in the file.
 * Only when the value has no side effects (a literal, a name, a member chain); otherwise the spot is reported.
 * A line that held nothing else goes with it.
 */
import type { Node } from '../../src/engine/csharp';
import { initializerMembers } from '../../src/engine/cs/occurrences';
import { memberUsesOn } from '../../src/engine/cs/receivers';
import type { TypeName } from '../../src/engine/cs/syntax';
import type { FileContext, FileRule } from '../../src/engine/rule';

const REQUEST: TypeName = { ns: 'Duende.IdentityServer.Validation', name: 'ResourceValidationRequest' };
const MEMBER = 'IncludeNonIsolatedApiResources';

function pure(value: Node | null | undefined): boolean {
  if (!value) return false;
  if (/literal$/.test(value.type) || value.type === 'identifier' || value.type === 'boolean_literal') return true;
  if (value.type === 'member_access_expression') return pure(value.childForFieldName('expression')) || value.childForFieldName('expression')?.type === 'this_expression';
  if (value.type === 'prefix_unary_expression' && value.text.startsWith('!')) return pure(value.namedChildren[0]);
  return false;
}

/** Deletes [start, end) plus a following comma, or a preceding comma when none follows; the whole line when it held only that. */
function deleteItem(ctx: FileContext, start: number, end: number, list: boolean): void {
  const text = ctx.text;
  let e = end;
  const after = /^[ \t]*,/.exec(text.slice(e));
  if (list && after) e += after[0].length;
  let s = start;
  if (list && !after) {
    const before = /,[ \t\r\n]*$/.exec(text.slice(0, s));
    if (before) s -= before[0].length;
  }
  const lineStart = text.lastIndexOf('\n', s - 1) + 1;
  const rest = /^[ \t]*(\r?\n|$)/.exec(text.slice(e));
  if (/^[ \t]*$/.test(text.slice(lineStart, s)) && rest) {
    ctx.edit(lineStart, e + rest[0].length, '');
    return;
  }
  const spaceAfter = /^[ \t]*/.exec(text.slice(e))![0].length;
  ctx.edit(s, e + (list && after ? spaceAfter : 0), '');
}

const rule: FileRule = {
  id: '6.3-7.0/include-non-isolated-api-resources',
  title: 'Delete settings of ResourceValidationRequest.IncludeNonIsolatedApiResources (removed at 7.0; it had no effect)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_3-to-v7_0',
  kind: 'fix',
  catalog: ['4.10#21'],
  reads: ['csharp'],
  triggers: [MEMBER],
  run(ctx) {
    const report = (at: Node) =>
      ctx.report(at, 'ResourceValidationRequest.IncludeNonIsolatedApiResources was removed in IdentityServer 7.0 (it had no effect)', {
        severity: 'warning',
        suggestion: 'delete the assignment, keeping any side effect of its value',
      });
    for (const i of initializerMembers(ctx, [REQUEST], [MEMBER])) {
      if (pure(i.value)) deleteItem(ctx, i.assignment.startIndex, i.assignment.endIndex, true);
      else report(i.assignment);
    }
    for (const use of memberUsesOn(ctx, [REQUEST], MEMBER)) {
      const assignment = use.access.parent;
      if (assignment?.type !== 'assignment_expression' || !assignment.childForFieldName('left')?.equals(use.access)) {
        report(use.access);
        continue;
      }
      const statement = assignment.parent;
      if (statement?.type === 'expression_statement' && pure(assignment.childForFieldName('right'))) deleteItem(ctx, statement.startIndex, statement.endIndex, false);
      else report(use.access);
    }
  },
};

export default rule;
