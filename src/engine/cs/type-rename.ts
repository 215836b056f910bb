/**
 * A library type renamed within its namespace (`Models.AuthorizationError` -> `Models.InteractionError`): every
 * reference that typeReferences() finds (a simple name the file sees, or a qualified name, in types and expressions)
 * gets its last identifier replaced. A file that declares a type of the old name itself is left alone for simple names
 * (its own type wins name lookup), and so are strings and comments.
 */
import { walk, type Node } from '../csharp';
import type { FileRule } from '../rule';
import type { RuleMeta } from './factories';
import { typeReferences } from './occurrences';
import type { TypeName } from './syntax';

export interface TypeRename {
  from: TypeName;
  /** The new simple name, in the same namespace. */
  to: string;
}

const TYPE_DECLARATIONS = new Set(['class_declaration', 'struct_declaration', 'interface_declaration', 'record_declaration', 'enum_declaration', 'delegate_declaration']);

export function declaresType(root: Node, name: string): boolean {
  let found = false;
  walk(root, (n) => {
    if (found) return false;
    if (TYPE_DECLARATIONS.has(n.type) && n.childForFieldName('name')?.text === name) found = true;
  });
  return found;
}

/** The identifier to replace in a reference node: the node itself, or the last name of a qualified name / member access. */
function lastIdentifier(n: Node): Node {
  if (n.type === 'identifier') return n;
  if (n.type === 'generic_name') return n.namedChildren[0] ?? n;
  const name = n.childForFieldName('name');
  return name ? lastIdentifier(name) : n;
}

export function typeRenameRule(meta: RuleMeta & { renames: TypeRename[] }): FileRule {
  return {
    ...meta,
    kind: 'fix',
    reads: ['csharp'],
    triggers: meta.triggers ?? meta.renames.map((r) => r.from.name),
    run(ctx) {
      const root = ctx.tree?.rootNode;
      if (!root) return;
      for (const r of meta.renames) {
        const own = declaresType(root, r.from.name);
        for (const ref of typeReferences(ctx, r.from)) {
          const id = lastIdentifier(ref);
          if (own && ref.type === 'identifier') continue;
          if (id.text === r.from.name) ctx.edit(id.startIndex, id.endIndex, r.to);
        }
      }
    },
  };
}
