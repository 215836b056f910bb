/**
 * A stricter and wider form of the call(recv:T) signal than receivers.ts: which names of a file denote a value of a
 * library type, counting every declaration of the name in the file, and where members are used on them.
 *
 * A name counts as type T when every declaration of it in the file says T: a parameter, field, property or local
 * declared with T, `var x = new T(...)`, or `var x = [await] r.M(...)` where a producer says that `M` on a receiver of
 * type R returns T (e.g. `GetAuthorizationContextAsync` on `IIdentityServerInteractionService` returns
 * `AuthorizationRequest`). A declaration the helper cannot type (`foreach (var x ...)`, `out var x`, an untyped lambda
 * parameter, `var x = Other()`) makes the name unknown, so the signal never rests on a guess.
 *
 * Member uses cover `x.M`, `this.x.M`, `x!.M` and the null-conditional `x?.M`.
 */
import { walk, type Node } from '../csharp';
import type { FileContext } from '../rule';
import { named, simpleIdentifier, typeMatcher, type TypeName } from './syntax';

export interface Producer {
  /** Receiver types whose method produces the value. */
  on: TypeName[];
  method: string;
  returns: TypeName;
}

type Seen = TypeName | null; // null: a declaration we could not type, or one of another type

/** Which names denote a value of one of the wanted types, resolved per scope (member, then enclosing types). */
export interface TypedNames {
  /** The type of the name `id` (an identifier node) at its place in the file, when every declaration in its scope agrees. */
  typeOf(id: Node): TypeName | undefined;
  readonly empty: boolean;
}

const MEMBER_TYPES = new Set(['method_declaration', 'constructor_declaration', 'destructor_declaration', 'operator_declaration', 'conversion_operator_declaration', 'property_declaration', 'indexer_declaration', 'event_declaration', 'accessor_declaration', 'local_function_statement', 'field_declaration']);
const TYPE_DECLS = new Set(['class_declaration', 'struct_declaration', 'record_declaration', 'interface_declaration', 'compilation_unit']);

/** The scope a declaration belongs to: the member it sits in (parameters, locals), or the type (fields, properties). */
function scopeOf(n: Node, classLevel: boolean): Node | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (!classLevel && MEMBER_TYPES.has(p.type) && p.parent?.type === 'declaration_list') return p;
    if (TYPE_DECLS.has(p.type)) return p;
  }
  return undefined;
}

/**
 * Names whose declarations in their scope all type them as one of `types` (directly or through `producers`). A use
 * resolves to the declarations of its enclosing member when that member declares the name (parameters and locals),
 * else to the fields and properties of its enclosing type declarations, innermost first.
 */
export function typedNames(ctx: FileContext, types: readonly TypeName[], producers: readonly Producer[] = []): TypedNames {
  const root = ctx.tree?.rootNode;
  const scopes = new Map<number, Map<string, Seen>>(); // scope node start → name → type
  const none: TypedNames = { typeOf: () => undefined, empty: true };
  if (!root) return none;
  const matches = typeMatcher(ctx);
  const receivers = producers.length ? typedNames(ctx, [...new Set(producers.flatMap((p) => p.on))]) : none;
  let any = false;
  const note = (at: Node, name: string | undefined, t: Seen, classLevel = false) => {
    const scope = scopeOf(at, classLevel);
    if (!name || !scope) return;
    let names = scopes.get(scope.startIndex);
    if (!names) scopes.set(scope.startIndex, (names = new Map()));
    const known = names.get(name);
    if (known === undefined) names.set(name, t);
    else if (known !== t) names.set(name, null);
    if (t) any = true;
  };
  const ofType = (typeNode: Node | null | undefined): Seen => (typeNode ? (types.find((t) => matches(typeNode, t)) ?? null) : null);
  const ofValue = (value: Node | undefined): Seen => {
    let v = value;
    if (v?.type === 'await_expression') v = named(v)[0];
    if (v?.type === 'object_creation_expression') return ofType(v.childForFieldName('type'));
    if (v?.type === 'invocation_expression') {
      const fn = v.childForFieldName('function');
      if (fn?.type !== 'member_access_expression') return null;
      const method = simpleIdentifier(fn.childForFieldName('name') ?? fn);
      const recvNode = fn.childForFieldName('expression');
      const recvId = recvNode && receiverIdentifier(recvNode);
      const recvType = recvId ? receivers.typeOf(recvId) : undefined;
      const p = producers.find((q) => q.method === method && !!recvType && q.on.includes(recvType));
      return p ? (types.find((t) => t.ns === p.returns.ns && t.name === p.returns.name) ?? null) : null;
    }
    return null;
  };
  walk(root, (n) => {
    switch (n.type) {
      case 'parameter':
        note(n, n.childForFieldName('name')?.text, ofType(n.childForFieldName('type')));
        break;
      case 'property_declaration':
        note(n, n.childForFieldName('name')?.text, ofType(n.childForFieldName('type')), true);
        break;
      case 'variable_declaration': {
        const type = n.childForFieldName('type');
        const classLevel = n.parent?.type === 'field_declaration' || n.parent?.type === 'event_field_declaration';
        for (const d of named(n).filter((c) => c.type === 'variable_declarator')) {
          const nameNode = d.childForFieldName('name');
          if (!nameNode) {
            for (const id of named(d).filter((c) => c.type === 'tuple_pattern').flatMap(identifiersIn)) note(n, id.text, null);
            continue;
          }
          const value = named(d).find((c) => !c.equals(nameNode) && c.type !== 'bracketed_argument_list');
          note(n, nameNode.text, type?.type === 'implicit_type' ? ofValue(value) : ofType(type), classLevel);
        }
        break;
      }
      case 'foreach_statement': {
        const left = n.childForFieldName('left');
        const type = n.childForFieldName('type');
        if (left?.type === 'identifier') note(n, left.text, type?.type === 'implicit_type' ? null : ofType(type));
        else if (left) for (const id of identifiersIn(left)) note(n, id.text, null);
        break;
      }
      case 'declaration_expression':
      case 'declaration_pattern':
      case 'var_pattern':
      case 'recursive_pattern':
      case 'catch_declaration': {
        const type = n.childForFieldName('type');
        const name = n.childForFieldName('name');
        if (name?.type === 'identifier' && type && type.type !== 'implicit_type') note(n, name.text, ofType(type));
        else for (const id of identifiersIn(n)) if (!type || !isWithin(id, type)) note(n, id.text, null);
        break;
      }
      case 'implicit_parameter':
        note(n, n.text, null);
        break;
      case 'lambda_expression': {
        const params = n.childForFieldName('parameters');
        if (params?.type === 'identifier') note(n, params.text, null);
        break;
      }
      case 'from_clause':
      case 'let_clause':
      case 'join_clause': {
        const name = n.childForFieldName('name') ?? named(n).find((c) => c.type === 'identifier');
        if (name) note(n, name.text, null);
        break;
      }
    }
  });
  if (!any) return none;
  return {
    empty: false,
    typeOf(id) {
      const name = id.text;
      for (let p = id.parent; p; p = p.parent) {
        const isScope = (MEMBER_TYPES.has(p.type) && p.parent?.type === 'declaration_list') || TYPE_DECLS.has(p.type);
        if (!isScope) continue;
        const t = scopes.get(p.startIndex)?.get(name);
        if (t !== undefined) return t ?? undefined;
      }
      return undefined;
    },
  };
}

/** The identifier a receiver expression names: `x`, `this.x`, `x!`. */
export function receiverIdentifier(expr: Node): Node | undefined {
  if (expr.type === 'identifier') return expr;
  if (expr.type === 'postfix_unary_expression' && expr.text.trimEnd().endsWith('!')) {
    const inner = named(expr)[0];
    return inner ? receiverIdentifier(inner) : undefined;
  }
  if (expr.type === 'member_access_expression') {
    const obj = expr.childForFieldName('expression');
    if (obj?.type === 'this_expression' || obj?.text === 'this') return expr.childForFieldName('name') ?? undefined;
    if (!obj && named(expr).length === 1) return named(expr)[0];
  }
  return undefined;
}

function identifiersIn(n: Node): Node[] {
  const out: Node[] = [];
  walk(n, (c) => {
    if (c.type === 'identifier') out.push(c);
  });
  return out;
}

function isWithin(n: Node, outer: Node): boolean {
  return n.startIndex >= outer.startIndex && n.endIndex <= outer.endIndex;
}

export interface TypedMemberUse {
  /** `x.M` (member_access_expression) or `x?.M` (conditional_access_expression). */
  access: Node;
  /** The member name node. */
  name: Node;
  /** The receiver expression (`x`, `this.x`, `x!`). */
  receiver: Node;
  type: TypeName;
  /** The invocation when the member is called, and its argument list. */
  call?: Node;
  args?: Node;
  /** Whether the use is the target of an assignment (`x.M = ...`, `x.M += ...`). */
  assigned: boolean;
}

/** Uses of members named `member` on receivers in `names` (from typedNames), including `x?.M`. */
export function memberUsesOnNames(ctx: FileContext, names: TypedNames, member: string | ((name: string) => boolean)): TypedMemberUse[] {
  const root = ctx.tree?.rootNode;
  if (!root || names.empty) return [];
  const wanted = typeof member === 'string' ? (m: string) => m === member : member;
  const out: TypedMemberUse[] = [];
  walk(root, (n) => {
    let name: Node | null = null;
    let receiver: Node | null = null;
    if (n.type === 'member_access_expression') {
      name = n.childForFieldName('name');
      receiver = n.childForFieldName('expression');
    } else if (n.type === 'conditional_access_expression') {
      const binding = named(n).find((c) => c.type === 'member_binding_expression');
      receiver = n.childForFieldName('condition');
      name = binding?.childForFieldName('name') ?? null;
      if (!binding || !binding.equals(named(n)[1] ?? binding)) return; // `x?.a.b`: only the first binding belongs to x
    } else return;
    const simple = name && simpleIdentifier(name);
    if (!name || !receiver || !simple || !wanted(simple)) return;
    const recv = receiverIdentifier(receiver);
    const type = recv ? names.typeOf(recv) : undefined;
    if (!type) return;
    const parent = n.parent;
    const call = parent?.type === 'invocation_expression' && parent.childForFieldName('function')?.equals(n) ? parent : undefined;
    const assigned = !!parent && parent.type === 'assignment_expression' && !!parent.childForFieldName('left')?.equals(n);
    out.push({ access: n, name, receiver, type, call, args: call?.childForFieldName('arguments') ?? undefined, assigned });
  });
  return out;
}
