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
import { receiverName } from './receivers';

export interface Producer {
  /** Receiver types whose method produces the value. */
  on: TypeName[];
  method: string;
  returns: TypeName;
}

type Seen = TypeName | null; // null: a declaration we could not type, or one of another type

/** Names whose every declaration in the file types them as one of `types` (directly or through `producers`). */
export function typedNames(ctx: FileContext, types: readonly TypeName[], producers: readonly Producer[] = []): Map<string, TypeName> {
  const root = ctx.tree?.rootNode;
  const out = new Map<string, TypeName>();
  if (!root) return out;
  const matches = typeMatcher(ctx);
  const receivers = producers.length ? typedNames(ctx, [...new Set(producers.flatMap((p) => p.on))]) : new Map<string, TypeName>();
  const seen = new Map<string, Seen>();
  const note = (name: string | undefined, t: Seen) => {
    if (!name) return;
    const known = seen.get(name);
    if (known === undefined) seen.set(name, t);
    else if (known !== t) seen.set(name, null);
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
      const recv = receiverName(fn.childForFieldName('expression'));
      const recvType = recv ? receivers.get(recv) : undefined;
      const p = producers.find((q) => q.method === method && !!recvType && q.on.includes(recvType));
      return p ? (types.find((t) => t.ns === p.returns.ns && t.name === p.returns.name) ?? null) : null;
    }
    return null;
  };
  walk(root, (n) => {
    switch (n.type) {
      case 'parameter':
        note(n.childForFieldName('name')?.text, ofType(n.childForFieldName('type')));
        break;
      case 'property_declaration':
        note(n.childForFieldName('name')?.text, ofType(n.childForFieldName('type')));
        break;
      case 'variable_declaration': {
        const type = n.childForFieldName('type');
        for (const d of named(n).filter((c) => c.type === 'variable_declarator')) {
          const nameNode = d.childForFieldName('name');
          if (!nameNode) {
            for (const id of named(d).filter((c) => c.type === 'tuple_pattern').flatMap(identifiersIn)) note(id.text, null);
            continue;
          }
          const value = named(d).find((c) => !c.equals(nameNode) && c.type !== 'bracketed_argument_list');
          note(nameNode.text, type?.type === 'implicit_type' ? ofValue(value) : ofType(type));
        }
        break;
      }
      case 'foreach_statement': {
        const left = n.childForFieldName('left');
        const type = n.childForFieldName('type');
        if (left?.type === 'identifier') note(left.text, type?.type === 'implicit_type' ? null : ofType(type));
        else if (left) for (const id of identifiersIn(left)) note(id.text, null);
        break;
      }
      case 'declaration_expression':
      case 'declaration_pattern':
      case 'var_pattern':
      case 'recursive_pattern':
      case 'catch_declaration': {
        const type = n.childForFieldName('type');
        const name = n.childForFieldName('name');
        if (name?.type === 'identifier' && type && type.type !== 'implicit_type') note(name.text, ofType(type));
        else for (const id of identifiersIn(n)) if (!type || !isWithin(id, type)) note(id.text, null);
        break;
      }
      case 'implicit_parameter':
        note(n.text, null);
        break;
      case 'lambda_expression': {
        const params = n.childForFieldName('parameters');
        if (params?.type === 'identifier') note(params.text, null);
        break;
      }
      case 'from_clause':
      case 'let_clause':
      case 'join_clause': {
        const name = n.childForFieldName('name') ?? named(n).find((c) => c.type === 'identifier');
        if (name) note(name.text, null);
        break;
      }
    }
  });
  for (const [name, t] of seen) if (t) out.set(name, t);
  return out;
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
export function memberUsesOnNames(ctx: FileContext, names: ReadonlyMap<string, TypeName>, member: string | ((name: string) => boolean)): TypedMemberUse[] {
  const root = ctx.tree?.rootNode;
  if (!root || names.size === 0) return [];
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
    const recv = receiverName(receiver);
    const type = recv ? names.get(recv) : undefined;
    if (!type) return;
    const parent = n.parent;
    const call = parent?.type === 'invocation_expression' && parent.childForFieldName('function')?.equals(n) ? parent : undefined;
    const assigned = !!parent && parent.type === 'assignment_expression' && !!parent.childForFieldName('left')?.equals(n);
    out.push({ access: n, name, receiver, type, call, args: call?.childForFieldName('arguments') ?? undefined, assigned });
  });
  return out;
}
