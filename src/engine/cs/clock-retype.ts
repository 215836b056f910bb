/**
 * A user's own class holding Duende.IdentityServer.IClock (removed in 8.0) in private fields, private properties,
 * parameters or locals, read only as `x.UtcNow`: retype to System.TimeProvider and read `x.GetUtcNow()` (catalog R1,
 * HEUR). Both are DateTimeOffset, so chains such as `x.UtcNow.UtcDateTime` keep compiling.
 *
 * A class is rewritten only as a whole, and only when every mention of those names is one of: the declaration,
 * `x.UtcNow` / `this.x.UtcNow` / `x?.UtcNow`, an assignment or initializer between such names (`_clock = clock`,
 * `clock ?? throw …`), `nameof(x)` or `ArgumentNullException.ThrowIfNull(x)`. Anything else (passing the clock on,
 * a public field or property other files may read, an IClock return type, a cast, a name declared twice with other
 * types, a partial class) leaves the class to the findings.
 */
import { walk, type Node } from '../csharp';
import type { FileContext } from '../rule';
import { addUsings } from '../namespace-rename';
import { fileSees, modifiersOf, named } from './syntax';

const UNITS = new Set(['class_declaration', 'struct_declaration', 'record_declaration']);

/** Retypes what it can; returns the start offsets of the IClock references it rewrote. */
export function retypeOwnClocks(ctx: FileContext, refs: readonly Node[], skipUnit: (decl: Node) => boolean): Set<number> {
  const done = new Set<number>();
  const byUnit = new Map<number, { unit: Node; refs: Node[] }>();
  for (const r of refs) {
    const unit = enclosingUnit(r);
    if (!unit) continue;
    const entry = byUnit.get(unit.id) ?? { unit, refs: [] };
    entry.refs.push(r);
    byUnit.set(unit.id, entry);
  }
  for (const { unit, refs: unitRefs } of byUnit.values()) {
    // A partial class may read its clock in another file, where nothing would be rewritten.
    if (skipUnit(unit) || modifiersOf(unit).includes('partial')) continue;
    const plan = planUnit(unit, unitRefs);
    if (!plan) continue;
    for (const r of unitRefs) {
      ctx.edit(r.startIndex, r.endIndex, 'TimeProvider', { review: true });
      done.add(r.startIndex);
    }
    for (const name of plan.reads) ctx.edit(name.startIndex, name.endIndex, 'GetUtcNow()', { review: true });
  }
  if (done.size && !fileSees(ctx, 'System')) addUsings(ctx, ['System']);
  return done;
}

const TYPES = new Set([...UNITS, 'interface_declaration', 'enum_declaration', 'delegate_declaration']);

/** The nearest enclosing type declaration when it is a class, struct or record. */
function enclosingUnit(n: Node): Node | undefined {
  for (let p = n.parent; p; p = p.parent) if (TYPES.has(p.type)) return UNITS.has(p.type) ? p : undefined;
  return undefined;
}

/** The `UtcNow` name nodes to rewrite, or undefined when the class must be left to the findings. */
function planUnit(unit: Node, refs: Node[]): { reads: Node[] } | undefined {
  const names = new Set<string>();
  const declNames = new Set<number>(); // start offsets of the declaring identifiers
  for (const r of refs) {
    const type = r.parent?.type === 'nullable_type' ? r.parent : r;
    const holder = type.parent;
    if (!holder || !holder.childForFieldName('type')?.equals(type)) return undefined;
    let declared: Node[];
    if (holder.type === 'variable_declaration') {
      const owner = holder.parent;
      if (owner?.type === 'field_declaration' && !isPrivate(owner)) return undefined;
      if (owner?.type !== 'field_declaration' && owner?.type !== 'local_declaration_statement') return undefined;
      declared = named(holder).filter((c) => c.type === 'variable_declarator').map((d) => d.childForFieldName('name') ?? named(d)[0]);
    } else if (holder.type === 'property_declaration') {
      if (!isPrivate(holder)) return undefined;
      declared = [holder.childForFieldName('name')!];
    } else if (holder.type === 'parameter') {
      if (holder.parent?.parent?.type === 'record_declaration') return undefined; // a public property of the record
      declared = [holder.childForFieldName('name')!];
    } else return undefined;
    for (const d of declared) {
      if (!d) return undefined;
      names.add(d.text);
      declNames.add(d.startIndex);
    }
  }
  if (names.size === 0) return undefined;

  const reads: Node[] = [];
  let ok = true;
  walk(unit, (n) => {
    if (!ok) return false;
    if (n.type !== 'identifier' || !names.has(n.text)) return;
    if (declNames.has(n.startIndex)) return;
    const use = verdict(n, names);
    if (use === 'blocked') ok = false;
    else if (use !== 'neutral') reads.push(use);
  });
  return ok ? { reads } : undefined;
}

type Verdict = Node | 'neutral' | 'blocked';

/** How one mention of a clock name is used: a `.UtcNow` read (its name node), harmless, or something we cannot follow. */
function verdict(id: Node, names: Set<string>): Verdict {
  const p = id.parent;
  if (!p) return 'blocked';
  // `clock: value` labels an argument; it is not a mention of the variable.
  if (p.type === 'argument' && p.childForFieldName('name')?.equals(id)) return 'neutral';
  // A declaration of the same name that is not one of ours (another type): the names are ambiguous.
  if (['variable_declarator', 'parameter', 'property_declaration', 'method_declaration'].includes(p.type) && p.childForFieldName('name')?.equals(id)) return 'blocked';
  let value: Node = id;
  if (p.type === 'member_access_expression' && p.childForFieldName('name')?.equals(id)) {
    const obj = p.childForFieldName('expression');
    if (obj?.type !== 'this_expression' && obj?.text !== 'this') return 'blocked';
    value = p;
  }
  const q = value.parent;
  if (!q) return 'blocked';
  if (q.type === 'member_access_expression' && q.childForFieldName('expression')?.equals(value)) {
    const name = q.childForFieldName('name');
    const invoked = q.parent?.type === 'invocation_expression' && q.parent.childForFieldName('function')?.equals(q);
    return name?.text === 'UtcNow' && !invoked ? name : 'blocked';
  }
  if (q.type === 'conditional_access_expression' && q.childForFieldName('condition')?.equals(value)) {
    const binding = named(q).find((c) => c.type === 'member_binding_expression');
    const name = binding?.childForFieldName('name');
    const invoked = q.parent?.type === 'invocation_expression';
    return name?.text === 'UtcNow' && !invoked && named(q).length === 2 ? name : 'blocked';
  }
  if (isClockValue(value, names)) return 'neutral';
  if (q.type === 'argument' && q.parent?.type === 'argument_list') {
    const call = q.parent.parent;
    const fn = call?.type === 'invocation_expression' ? call.childForFieldName('function')?.text.replace(/\s+/g, '') : undefined;
    if (fn === 'nameof' || fn?.endsWith('ArgumentNullException.ThrowIfNull')) return 'neutral';
  }
  return 'blocked';
}

/** The value flows only into another clock name: `a = b`, `a = b ?? throw …`, `IClock a = b`, `IClock A { get; } = b`. */
function isClockValue(value: Node, names: Set<string>): boolean {
  let v = value;
  let q = v.parent;
  if (q?.type === 'binary_expression' && q.childForFieldName('left')?.equals(v) && q.children.some((c) => c?.type === '??') && q.childForFieldName('right')?.type === 'throw_expression') {
    v = q;
    q = v.parent;
  }
  while (q?.type === 'parenthesized_expression') {
    v = q;
    q = v.parent;
  }
  if (!q) return false;
  const isName = (n: Node | null | undefined) =>
    !!n && ((n.type === 'identifier' && names.has(n.text)) || (n.type === 'member_access_expression' && (n.childForFieldName('expression')?.type === 'this_expression' || n.childForFieldName('expression')?.text === 'this') && names.has(n.childForFieldName('name')?.text ?? '')));
  if (q.type === 'assignment_expression') {
    const left = q.childForFieldName('left');
    const right = q.childForFieldName('right');
    const op = q.childForFieldName('operator')?.text ?? q.children.find((c) => c && !c.isNamed)?.text;
    if (op !== '=') return false;
    return (right?.equals(v) && isName(left)) || (!!left?.equals(v) && isName(orThrow(right))) ? statementLevel(q) : false;
  }
  if (q.type === 'variable_declarator') return !q.childForFieldName('name')?.equals(v) && names.has((q.childForFieldName('name') ?? named(q)[0])?.text ?? '');
  if (q.type === 'property_declaration') return !q.childForFieldName('name')?.equals(v) && names.has(q.childForFieldName('name')?.text ?? '');
  return false;
}

/** `x ?? throw …` as `x`. */
function orThrow(n: Node | null): Node | null {
  if (n?.type === 'binary_expression' && n.childForFieldName('right')?.type === 'throw_expression' && n.children.some((c) => c?.type === '??')) return n.childForFieldName('left');
  return n;
}

/** An assignment used as a statement or an expression body, not as a value inside something else. */
function statementLevel(assign: Node): boolean {
  const p = assign.parent;
  return p?.type === 'expression_statement' || p?.type === 'arrow_expression_clause';
}

function isPrivate(member: Node): boolean {
  const mods = modifiersOf(member);
  return !mods.some((m) => m === 'public' || m === 'protected' || m === 'internal');
}

