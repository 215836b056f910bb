/**
 * The "call(recv:T)" signal of the catalog: an invocation or member access whose receiver is a field, property,
 * parameter or local declared in the same file with type T (`_store.GetAsync(...)`, `this._store.GetAsync(...)`,
 * `await _interaction.GetAuthorizationContextAsync(...)`).
 *
 * A receiver name resolves to the declaration C# would bind: a parameter or local of the innermost enclosing function
 * that declares it, else a field or property of the enclosing type; failing those, declarations collected file-wide by
 * name, where a name declared with two different types is ambiguous and resolves to nothing.
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

const FUNCTIONS = new Set(['method_declaration', 'constructor_declaration', 'local_function_statement', 'lambda_expression', 'anonymous_method_expression', 'operator_declaration', 'conversion_operator_declaration', 'destructor_declaration']);
const TYPES = new Set(['class_declaration', 'struct_declaration', 'record_declaration', 'interface_declaration']);

/** Declared type of a parameter or local named `name` directly in `fn` (not in nested functions), if any. */
function declaredIn(fn: Node, name: string): Node | null | undefined {
  const params = fn.childForFieldName('parameters');
  if (params?.type === 'parameter_list') {
    const p = named(params).find((q) => q.type === 'parameter' && q.childForFieldName('name')?.text === name);
    if (p) return p.childForFieldName('type') ?? null;
  } else if (params?.type === 'implicit_parameter' && params.text === name) return null;
  let found: Node | null | undefined;
  const body = fn.childForFieldName('body');
  if (!body) return undefined;
  walk(body, (c) => {
    if (found !== undefined || FUNCTIONS.has(c.type)) return false;
    if (c.type !== 'variable_declaration') return;
    for (const d of named(c).filter((x) => x.type === 'variable_declarator')) {
      if ((d.childForFieldName('name') ?? named(d)[0])?.text !== name) continue;
      const type = c.childForFieldName('type');
      found = type?.type === 'implicit_type' ? (named(d).find((x) => x.type === 'object_creation_expression')?.childForFieldName('type') ?? null) : (type ?? null);
    }
  });
  return found;
}

/**
 * The declaration of `name` that C# would bind at `at`: the innermost enclosing function declaring it as a parameter or
 * local, else a field or property of the enclosing type. Undefined when none is found (the caller falls back to the
 * file-wide map); null when the declaration has no usable type (`var x = …`, an untyped lambda parameter).
 */
export function scopedDeclaration(at: Node, name: string): Node | null | undefined {
  for (let p: Node | null = at.parent; p; p = p.parent) {
    if (FUNCTIONS.has(p.type)) {
      const d = declaredIn(p, name);
      if (d !== undefined) return d;
    } else if (TYPES.has(p.type)) {
      const body = p.childForFieldName('body');
      for (const m of body ? named(body) : []) {
        if (m.type === 'property_declaration' && m.childForFieldName('name')?.text === name) return m.childForFieldName('type');
        if (m.type === 'field_declaration') {
          const v = named(m).find((x) => x.type === 'variable_declaration');
          if (v && named(v).some((d) => d.type === 'variable_declarator' && (d.childForFieldName('name') ?? named(d)[0])?.text === name)) return v.childForFieldName('type');
        }
      }
      return undefined;
    }
  }
  return undefined;
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
    const scoped = recvName ? scopedDeclaration(n, recvName) : undefined;
    const declType = recvName ? (scoped !== undefined ? scoped : declared.get(recvName)) : undefined;
    const type = declType ? types.find((t) => matches(declType, t)) : undefined;
    if (!type) return;
    const call = n.parent?.type === 'invocation_expression' && n.parent.childForFieldName('function')?.equals(n) ? n.parent : undefined;
    out.push({ access: n, name, receiver, type, call, args: call?.childForFieldName('arguments') ?? undefined });
  });
  return out;
}
