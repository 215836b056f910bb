/**
 * Where code names a library type or member: type references (simple when the file sees the namespace, or
 * qualified), object-initializer members of `new T { ... }`, and members declared by types deriving from a type.
 * Strings and comments never match: they hold no identifier nodes.
 */
import { walk, type Node } from '../csharp';
import type { FileContext } from '../rule';
import { dotted, isQualified, named, simpleIdentifier, typeMatcher, typesDerivingFrom, membersOf, modifiersOf, type TypeName } from './syntax';

/** Parent node types whose `name` field declares something rather than referring to a type. */
const DECLARES = new Set([
  'class_declaration', 'struct_declaration', 'interface_declaration', 'record_declaration', 'enum_declaration',
  'method_declaration', 'property_declaration', 'variable_declarator', 'parameter', 'constructor_declaration',
  'delegate_declaration', 'event_declaration', 'enum_member_declaration', 'type_parameter', 'local_function_statement',
  'namespace_declaration', 'file_scoped_namespace_declaration', 'using_directive',
]);

/** Nodes that name `type`: the outermost qualified name, or the simple (generic) name. One per reference. */
export function typeReferences(ctx: FileContext, type: TypeName): Node[] {
  const root = ctx.tree?.rootNode;
  if (!root) return [];
  const matches = typeMatcher(ctx);
  const out: Node[] = [];
  walk(root, (n) => {
    if (isQualified(n)) {
      if (simpleIdentifier(n.childForFieldName('name') ?? n) === type.name && dotted(n) === `${type.ns}.${type.name}`) {
        out.push(n);
        return false;
      }
      return;
    }
    // `IdentityServer4.Models.Scope` in an expression is a member access chain.
    if (n.type === 'member_access_expression' && dotted(n) === `${type.ns}.${type.name}`) {
      out.push(n);
      return false;
    }
    if (n.type !== 'identifier' && n.type !== 'generic_name') return;
    if (simpleIdentifier(n) !== type.name) return n.type === 'generic_name' ? undefined : false;
    const parent = n.parent;
    if (!parent) return;
    if (parent.type === 'member_access_expression' && !parent.childForFieldName('expression')?.equals(n)) return false;
    if (DECLARES.has(parent.type) && parent.childForFieldName('name')?.equals(n)) return false;
    if (parent.type === 'assignment_expression' && parent.parent?.type === 'initializer_expression' && parent.childForFieldName('left')?.equals(n)) return false;
    if (parent.type === 'argument' && parent.childForFieldName('name')?.equals(n)) return false;
    if (matches(n, type)) out.push(n);
    return false;
  });
  return out;
}

export interface InitMember {
  creation: Node;
  /** The assignment `Member = value` inside the initializer. */
  assignment: Node;
  name: Node;
  value: Node;
}

/** `new T(...) { Member = value }` (also `new T { Member = { ... } }`) for each wanted member name. */
export function initializerMembers(ctx: FileContext, types: readonly TypeName[], members: readonly string[]): InitMember[] {
  const root = ctx.tree?.rootNode;
  if (!root) return [];
  const matches = typeMatcher(ctx);
  const out: InitMember[] = [];
  walk(root, (n) => {
    if (n.type !== 'object_creation_expression') return;
    const t = n.childForFieldName('type');
    if (!types.some((type) => matches(t, type))) return;
    const init = named(n).find((c) => c.type === 'initializer_expression');
    for (const a of init ? named(init) : []) {
      if (a.type !== 'assignment_expression') continue;
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      if (left?.type === 'identifier' && right && members.includes(left.text)) out.push({ creation: n, assignment: a, name: left, value: right });
    }
  });
  return out;
}

export interface DerivedMember {
  decl: Node;
  member: Node;
  name: Node;
  base: TypeName;
}

/**
 * Methods named `name` in types deriving from (or implementing) one of `types`. With `overrideOnly`, only methods
 * marked `override` (the signal for a virtual of a base class); otherwise any (the signal for interface members).
 */
export function derivedMethods(ctx: FileContext, types: readonly TypeName[], name: string | ((n: string) => boolean), overrideOnly: boolean): DerivedMember[] {
  const wanted = typeof name === 'string' ? (n: string) => n === name : name;
  const out: DerivedMember[] = [];
  for (const { decl, type } of typesDerivingFrom(ctx, types)) {
    for (const m of membersOf(decl)) {
      if (m.type !== 'method_declaration') continue;
      const id = m.childForFieldName('name');
      if (!id || !wanted(id.text)) continue;
      if (overrideOnly && !modifiersOf(m).includes('override')) continue;
      // An explicit interface implementation `Task I.M()` is fine too: its name is still M.
      out.push({ decl, member: m, name: id, base: type });
    }
  }
  return out;
}
