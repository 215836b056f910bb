/**
 * KeyManagementOptions.SigningAlgorithms is an ICollection<SigningAlgorithmOptions> since 7.0, no longer an
 * IEnumerable (catalog §4.10 row 15, verified against is/6.3.0 and is/7.0.0). Arrays, lists, collection expressions and
 * `ToList()`/`ToArray()` results still convert; a lazy LINQ query does not.
 *
 * In a file that sees Duende.IdentityServer.Configuration, for `x.KeyManagement.SigningAlgorithms = value` and the
 * initializers `KeyManagement = { SigningAlgorithms = value }` / `new KeyManagementOptions { SigningAlgorithms = value }`:
 *  - value ends in a LINQ query operator (`.Select(...)`, `.Where(...)`, ...): `.ToList()` is appended (HEUR, review);
 *  - value is a name declared in the file as IEnumerable<...>: reported.
 * `SigningAlgorithmOptions.Name` became `required`, but the only 6.3 constructor took the name, so 6.3 code always
 * sets it; nothing to do there.
 */
import type { Node } from '../../src/engine/csharp';
import { walk } from '../../src/engine/csharp';
import { declaredTypes, receiverName } from '../../src/engine/cs/receivers';
import { fileSees, simpleIdentifier, typeMatcher } from '../../src/engine/cs/syntax';
import type { FileRule } from '../../src/engine/rule';

const CONFIGURATION = 'Duende.IdentityServer.Configuration';
const LINQ = new Set(['Select', 'Where', 'Concat', 'Append', 'Prepend', 'OrderBy', 'OrderByDescending', 'ThenBy', 'ThenByDescending', 'Distinct', 'DistinctBy', 'Skip', 'SkipWhile', 'Take', 'TakeWhile', 'Union', 'UnionBy', 'Intersect', 'Except', 'Cast', 'OfType', 'SelectMany', 'Reverse', 'DefaultIfEmpty', 'Zip']);

/** The value assigned to SigningAlgorithms of a key-management options object, for each such assignment. */
function assignedValues(root: Node, matches: ReturnType<typeof typeMatcher>): Node[] {
  const out: Node[] = [];
  walk(root, (n) => {
    if (n.type !== 'assignment_expression') return;
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (!left || !right) return;
    if (left.type === 'member_access_expression' && left.childForFieldName('name')?.text === 'SigningAlgorithms') {
      const owner = left.childForFieldName('expression');
      const ownerName = owner?.type === 'member_access_expression' ? owner.childForFieldName('name')?.text : owner?.text;
      if (ownerName === 'KeyManagement') out.push(right);
      return;
    }
    if (left.type !== 'identifier' || left.text !== 'SigningAlgorithms' || n.parent?.type !== 'initializer_expression') return;
    const holder = n.parent.parent;
    const inKeyManagement = holder?.type === 'assignment_expression' && holder.childForFieldName('left')?.text === 'KeyManagement';
    const inOptions = holder?.type === 'object_creation_expression' && matches(holder.childForFieldName('type'), { ns: CONFIGURATION, name: 'KeyManagementOptions' });
    if (inKeyManagement || inOptions) out.push(right);
  });
  return out;
}

function endsInLinq(value: Node): boolean {
  if (value.type !== 'invocation_expression') return false;
  const fn = value.childForFieldName('function');
  const name = fn?.type === 'member_access_expression' ? fn.childForFieldName('name') : undefined;
  return !!name && LINQ.has(simpleIdentifier(name) ?? '');
}

const rule: FileRule = {
  id: '6.3-7.0/signing-algorithms',
  title: 'KeyManagement.SigningAlgorithms is an ICollection at 7.0: materialize LINQ queries',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_3-to-v7_0',
  kind: 'fix',
  review: true,
  catalog: ['4.10#15'],
  reads: ['csharp'],
  triggers: ['SigningAlgorithms'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root || !fileSees(ctx, CONFIGURATION)) return;
    const matches = typeMatcher(ctx);
    const declared = declaredTypes(root);
    for (const value of assignedValues(root, matches)) {
      if (endsInLinq(value)) {
        ctx.edit(value.endIndex, value.endIndex, '.ToList()');
        continue;
      }
      const name = receiverName(value);
      const type = name ? declared.get(name) : undefined;
      if (type && /^(System\.Collections\.Generic\.)?IEnumerable$/.test(simpleIdentifier(type) ?? type.text.replace(/<.*$/, ''))) {
        ctx.report(value, 'KeyManagementOptions.SigningAlgorithms is an ICollection<SigningAlgorithmOptions> since IdentityServer 7.0; an IEnumerable no longer converts', {
          severity: 'warning',
          suggestion: `assign \`${value.text}.ToList()\` (using System.Linq), or declare it as a list or array`,
        });
      }
    }
  },
};

export default rule;
