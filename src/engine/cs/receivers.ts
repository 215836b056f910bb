/**
 * The "call(recv:T)" signal of the catalog: an invocation or member access whose receiver is a field, property,
 * parameter or local declared in the same file with type T (`_store.GetAsync(...)`, `this._store.GetAsync(...)`,
 * `await _interaction.GetAuthorizationContextAsync(...)`).
 *
 * Declarations are collected file-wide by name. A name declared with two different types is ambiguous and resolves
 * to nothing, which keeps the signal precise at the cost of recall.
 */
import { walk, type Node } from '../csharp';
import type { FileContext } from '../rule';
import { named, simpleIdentifier, typeMatcher, type TypeName } from './syntax';

/** Declared type node of every field, property, parameter and local in the file, by name; ambiguous names map to null. */
export function declaredTypes(root: Node): Map<string, Node | null> {
  const out = new Map<string, Node | null>();
  const add = (name: string | undefined, type: Node | null | undefined) => {
    if (!name || !type || type.type === 'implicit_type') return;
    const known = out.get(name);
    if (known === undefined) out.set(name, type);
    else if (known && known.text.replace(/\s+/g, '') !== type.text.replace(/\s+/g, '')) out.set(name, null);
  };
  walk(root, (n) => {
    if (n.type === 'parameter') add(n.childForFieldName('name')?.text, n.childForFieldName('type'));
    else if (n.type === 'property_declaration') add(n.childForFieldName('name')?.text, n.childForFieldName('type'));
    else if (n.type === 'variable_declaration') {
      const type = n.childForFieldName('type');
      for (const d of named(n).filter((c) => c.type === 'variable_declarator')) {
        const name = d.childForFieldName('name')?.text ?? named(d)[0]?.text;
        if (type?.type === 'implicit_type') {
          // `var x = new T(...)` declares x as T.
          const init = named(d).find((c) => c.type === 'object_creation_expression');
          add(name, init?.childForFieldName('type'));
        } else add(name, type);
      }
    }
  });
  return out;
}

/** The identifier a receiver expression names: `x`, `this.x`, `x!`. */
export function receiverName(expr: Node | null | undefined): string | undefined {
  if (!expr) return undefined;
  if (expr.type === 'identifier') return expr.text;
  if (expr.type === 'postfix_unary_expression' && expr.text.trimEnd().endsWith('!')) return receiverName(named(expr)[0]);
  if (expr.type === 'member_access_expression') {
    const obj = expr.childForFieldName('expression');
    if (obj?.type === 'this_expression' || obj?.text === 'this') return expr.childForFieldName('name')?.text;
    // `this._x` parses with an unnamed `this` child in this grammar version: the only named child is the name.
    if (!obj && named(expr).length === 1) return named(expr)[0].text;
  }
  return undefined;
}

export interface MemberUse {
  /** The `recv.Member` node. */
  access: Node;
  /** The member name node (for renames). */
  name: Node;
  receiver: Node;
  /** The type the receiver was declared with, and which of the wanted types it named. */
  type: TypeName;
  /** The invocation when the member is called. */
  call?: Node;
  /** Its argument list. */
  args?: Node;
}

/** `recv.member` (called or not) where recv is declared in the file with one of `types`. */
export function memberUsesOn(ctx: FileContext, types: readonly TypeName[], member: string | ((name: string) => boolean)): MemberUse[] {
  const root = ctx.tree?.rootNode;
  if (!root) return [];
  const wanted = typeof member === 'string' ? (m: string) => m === member : member;
  const matches = typeMatcher(ctx);
  const declared = declaredTypes(root);
  const out: MemberUse[] = [];
  walk(root, (n) => {
    if (n.type !== 'member_access_expression') return;
    const name = n.childForFieldName('name');
    const receiver = n.childForFieldName('expression');
    const simple = name && simpleIdentifier(name);
    if (!name || !receiver || !simple || !wanted(simple)) return;
    const recvName = receiverName(receiver);
    const declType = recvName ? declared.get(recvName) : undefined;
    const type = declType ? types.find((t) => matches(declType, t)) : undefined;
    if (!type) return;
    const call = n.parent?.type === 'invocation_expression' && n.parent.childForFieldName('function')?.equals(n) ? n.parent : undefined;
    out.push({ access: n, name, receiver, type, call, args: call?.childForFieldName('arguments') ?? undefined });
  });
  return out;
}
