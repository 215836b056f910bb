/**
 * Uses of a protected member a derived class inherits from a library type (`Clock.UtcNow`, `this.Provider`,
 * `base.ContextAccessor`): the signal for "the base class lost or retyped that member".
 *
 * Inside a class whose base list names the type: the identifier `Name` used on its own (not as `x.Name` of some
 * other object) or as `this.Name` / `base.Name`. Nothing is returned for a class that declares something of that
 * name itself (a field, property, method, parameter or local), since the name may then mean that declaration.
 */
import { walk, type Node } from '../csharp';
import type { FileContext } from '../rule';
import { typesDerivingFrom, type TypeName } from './syntax';

export interface InheritedUse {
  decl: Node;
  base: TypeName;
  /** The identifier. */
  name: Node;
  /** The expression to replace when the use itself goes away: `Name`, or `this.Name` / `base.Name`. */
  expression: Node;
}

const DECLARING = new Set(['variable_declarator', 'parameter', 'property_declaration', 'method_declaration', 'enum_member_declaration', 'event_declaration', 'local_function_statement']);

/** Whether the class declares `name` itself anywhere (member, parameter, local, lambda parameter, pattern). */
function declaresOwn(decl: Node, name: string): boolean {
  let found = false;
  walk(decl, (n) => {
    if (found) return false;
    if (!n.equals(decl) && /^(class|struct|record|interface)_declaration$/.test(n.type)) return false; // a nested type's own members
    if (DECLARING.has(n.type) && (n.childForFieldName('name') ?? n.namedChildren[0])?.text === name) found = true;
    else if (n.type === 'implicit_parameter' && n.text === name) found = true;
    else if ((n.type === 'declaration_pattern' || n.type === 'var_pattern') && n.text.split(/\s+/).pop() === name) found = true;
  });
  return found;
}

export function inheritedMemberUses(ctx: FileContext, types: readonly TypeName[], name: string): InheritedUse[] {
  const out: InheritedUse[] = [];
  for (const { decl, type } of typesDerivingFrom(ctx, types)) {
    if (declaresOwn(decl, name)) continue;
    const body = decl.childForFieldName('body');
    if (!body) continue;
    walk(body, (n) => {
      // A nested type has its own members.
      if (n !== body && /^(class|struct|record|interface)_declaration$/.test(n.type)) return false;
      if (n.type !== 'identifier' || n.text !== name) return;
      const parent = n.parent;
      if (parent?.type === 'member_access_expression' && parent.childForFieldName('name')?.equals(n)) {
        const obj = parent.childForFieldName('expression');
        const self = !obj ? /^(this|base)\s*\./.test(parent.text) : obj.type === 'this_expression' || obj.type === 'base_expression' || obj.text === 'this' || obj.text === 'base';
        if (self) out.push({ decl, base: type, name: n, expression: parent });
        return;
      }
      // `new T { Name = ... }` names a member of T, `Name: x` an argument.
      if (parent?.type === 'assignment_expression' && parent.parent?.type === 'initializer_expression' && parent.childForFieldName('left')?.equals(n)) return;
      if (parent?.type === 'argument' && parent.childForFieldName('name')?.equals(n)) return;
      if (parent?.type === 'name_colon' || parent?.type === 'generic_name' || parent?.type === 'qualified_name') return;
      out.push({ decl, base: type, name: n, expression: n });
    });
  }
  return out;
}
