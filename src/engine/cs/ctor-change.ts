/**
 * Constructor changes of library classes that users derive from (catalog §5): a class whose base list names the
 * type, and each of its constructors (or its primary constructor) that forwards arguments to the base constructor.
 *
 * A change is data: the base constructor's parameters before and after, by name. A name in both with another type is
 * a retype, a name only before is removed, a name only after is added. Base arguments are mapped to parameters by
 * position (or by `name:`), and the edit is made only when the signal is unambiguous:
 *  - retype: the base argument is a constructor parameter declared with the old type and used nowhere else;
 *  - remove: the base argument goes away; its constructor parameter too when nothing else uses it;
 *  - add: a constructor parameter of the new type is reused when there is one, else added at the end of the
 *    constructor's required parameters, and passed at the right position.
 * Anything else (another overload, reordered survivors, a comment inside the edited span) becomes a finding that
 * names the new signature.
 */
import { walk, type Node } from '../csharp';
import type { FileContext } from '../rule';
import { addUsings } from '../namespace-rename';
import {
  argsOf,
  argumentName,
  argumentValue,
  constructorsOf,
  fileSees,
  isPlainReference,
  membersOf,
  modifiersOf,
  named,
  referencesTo,
  typeMatcher,
  typesDerivingFrom,
  isQualified,
  simpleIdentifier,
  unwrapNullable,
  type CtorSite,
  type TypeName,
} from './syntax';

export interface CtorParam {
  name: string;
  type: TypeName;
  /**
   * How to write the type when it is added or retyped, if not its simple name (e.g. `ILogger<DefaultTokenService>`).
   * Written qualified with its namespace (`Duende.IdentityServer.IClock`), it needs no using, and none is added.
   * A function gets the base type as the derived class wrote it (`DefaultCache<Client>`), for types built from it
   * (`IConcurrencyLock<DefaultCache<Client>>`). Two parameters of the same name and type whose texts differ are a
   * change of type arguments (`ICache<IEnumerable<ApiScope>>` -> `ICache<ApiScope>`): the parameter is retyped when
   * its declared type reads exactly as the old text.
   */
  text?: string | ((base: Node) => string);
  /** Further namespaces the text needs (`System.Collections.Generic` for `ICache<IEnumerable<X>>`). */
  usings?: string[];
  /**
   * When adding: a constructor parameter of this generic type with other type arguments may be passed instead (true
   * for the covariant `ILogger<out T>`: an `ILogger<MyStore>` converts to `ILogger<CachingResourceStore<X>>`).
   */
  anyTypeArguments?: boolean;
  /** The library class's own type parameter (`T inner`): a parameter of any type matches it. */
  anyType?: boolean;
  /**
   * On a retyped parameter (an `after` entry): members the old and the new type both have with the same meaning
   * (e.g. `UtcNow` of ISystemClock and IClock). The constructor may then also use the parameter as `p.Member`, or
   * copy it into a field or property of its class declared with the old type and used only as `f.Member`; that
   * declaration is retyped too. Without it, a parameter used outside the base call is reported, not retyped.
   */
  members?: string[];
  /**
   * Match the whole written type, generic arguments included (`IMessageStore<EndSession>` vs
   * `IMessageStore<LogoutNotificationContext>`), not just its name. Needs `text`.
   */
  generic?: boolean;
}

export interface CtorChange {
  /** The base class; list it under each namespace the hop may see (e.g. IdentityServer4 and Duende spellings). */
  base: TypeName[];
  before: CtorParam[];
  after: CtorParam[];
  /** The surviving arguments change order (e.g. `(clock, store, logger)` → `(store, profile, clock, logger)`); allowed only when each is a plain name. */
  reorder?: boolean;
}

const written = (p: CtorParam, base?: Node) => (typeof p.text === 'function' ? (base ? p.text(base) : p.type.name) : (p.text ?? p.type.name));
const sameName = (a: CtorParam, b: CtorParam) => a.type.ns === b.type.ns && a.type.name === b.type.name;
/** Same type; when both spell their type out (or either is `generic`), the same text too. */
const sameType = (a: CtorParam, b: CtorParam, base?: Node) =>
  sameName(a, b) && ((!a.text || !b.text) && !(a.generic || b.generic) ? true : squeeze(written(a, base)) === squeeze(written(b, base)));
const squeeze = (s: string) => s.replace(/\s+/g, '');

/**
 * The type node names the parameter's type. A `generic` parameter, or one whose text spells type arguments out (and
 * is not `anyTypeArguments`), must also read the same, as written.
 */
function typeIs(matches: ReturnType<typeof typeMatcher>, node: Node | null | undefined, p: CtorParam, base?: Node): boolean {
  if (!matches(node, p.type)) return false;
  const spelled = typeof p.text === 'function' ? !!base : !!p.text && p.text.includes('<');
  if (!node || !(p.generic || (spelled && !p.anyTypeArguments))) return true;
  const text = squeeze(node.text).replace(/^global::/, '');
  const want = squeeze(written(p, base));
  return text === want || text.endsWith('.' + want);
}
const signature = (ps: CtorParam[], base?: Node) => `(${ps.map((p) => `${written(p, base)} ${p.name}`).join(', ')})`;

export interface CtorChangeOptions {
  review?: boolean;
  /**
   * The namespace whose using an added or retyped parameter type needs, when the text of this hop spells it
   * differently (at the IdentityServer4 -> Duende hop the code says `IdentityServer4.Services`, and the using added
   * must already read `Duende.IdentityServer.Services`). A file that sees either namespace needs no using.
   */
  usingFor?: (ns: string) => string;
}

/** Applies every change to the matching constructors of the file. Returns how many constructors were rewritten. */
export function applyCtorChanges(ctx: FileContext, changes: readonly CtorChange[], options: CtorChangeOptions = {}): number {
  const matches = typeMatcher(ctx);
  const usings = new Set<string>();
  let rewritten = 0;
  const bases = changes.flatMap((c) => c.base);
  for (const { decl, type, base: baseNode } of typesDerivingFrom(ctx, bases)) {
    const forBase = changes.filter((c) => c.base.some((b) => b.ns === type.ns && b.name === type.name));
    for (const site of constructorsOf(decl)) {
      if (!site.baseCall) continue;
      const args = argsOf(site.baseCall);
      // Already migrated: the arguments fit the new signature. When old and new have as many parameters, only a
      // parameter declared with the new type counts as evidence; otherwise the count already tells them apart.
      const migrated = (c: CtorChange) =>
        args.length === c.after.length &&
        fitsNames(args, c.after) &&
        c.after.every((p, i) => unchangedBy(c, p, baseNode) || (c.after.length === c.before.length ? declaredAsAfter(args[i], p, site, matches, baseNode) : sameAsAfter(args[i], p, site, matches, baseNode)));
      if (forBase.some(migrated)) continue;
      // Same arity before and after: an argument already declared with a changed type means it is migrated.
      if (forBase.some((c) => c.before.length === c.after.length && args.length === c.after.length && fitsNames(args, c.after) && provesAfter(args, c, site, matches, baseNode))) continue;
      // When the count of arguments fits several old signatures, the declared types of forwarded parameters tell them apart.
      const byCount = forBase.filter((c) => args.length === c.before.length && fitsNames(args, c.before) && !passesNewType(args, c, site, matches, baseNode));
      const ambiguous = byCount.length > 1 || forBase.some((c) => c.after.length === args.length);
      const change = ambiguous ? byCount.find((c) => fitsTypes(args, c.before, site)) : byCount[0];
      if (!change) {
        if (forBase.some((c) => args.length === c.after.length && fitsNames(args, c.after) && fitsTypes(args, c.after, site))) continue; // already migrated
        const first = forBase[0];
        ctx.report(site.baseCall, `${site.label}: the ${type.name} base constructor changed to ${signature(first.after, baseNode)}`, {
          severity: 'warning',
          suggestion: `Pass the arguments of ${type.name}${signature(first.after, baseNode)}`,
        });
        continue;
      }
      const outcome = rewrite(ctx, decl, site, change, type, baseNode, matches, options);
      if (outcome === 'done') {
        rewritten++;
        for (const p of change.after) {
          if (change.before.some((b) => b.name === p.name && sameType(b, p, baseNode))) continue;
          const qualified = typeof p.text === 'string' && p.text.startsWith(`${p.type.ns}.`);
          if (!qualified && !change.before.some((b) => b.name === p.name && sameName(b, p))) usings.add(p.type.ns);
          for (const ns of p.usings ?? []) usings.add(ns);
        }
      }
    }
  }
  const root = ctx.tree?.rootNode;
  const usingFor = options.usingFor ?? ((ns: string) => ns);
  const missing = [...new Set([...usings].filter((ns) => ns && root && !fileSees(ctx, ns) && !fileSees(ctx, usingFor(ns))).map(usingFor))];
  if (missing.length) addUsings(ctx, missing.sort());
  return rewritten;
}

/** A parameter the change keeps as it was (same name, same type): it tells nothing about which signature a call uses. */
function unchangedBy(change: CtorChange, p: CtorParam, base: Node): boolean {
  return change.before.some((b) => b.name === p.name && sameType(b, p, base));
}

/** Named arguments must name parameters of the signature. */
function fitsNames(args: Node[], params: CtorParam[]): boolean {
  return args.every((a) => {
    const n = argumentName(a);
    return !n || params.some((p) => p.name === n);
  });
}

/**
 * A base argument is a constructor parameter declared with a type that only the new signature has, at a position the
 * old signature gives another type: the call is already migrated (e.g. 8.0's `TimeProvider timeProvider` inserted
 * before optional parameters, where an old overload of the same length had an optional parameter).
 */
function passesNewType(args: Node[], change: CtorChange, site: CtorSite, matches: ReturnType<typeof typeMatcher>, base: Node): boolean {
  const newTypes = change.after.filter((p) => !change.before.some((b) => sameType(b, p, base)));
  return args.some((a, i) => {
    const b = change.before.find((p) => p.name === argumentName(a)) ?? change.before[i];
    const value = argumentValue(a);
    const param = site.parameters.find((q) => isPlainReference(value, q.childForFieldName('name')?.text ?? ''));
    const type = param?.childForFieldName('type');
    return !!b && newTypes.some((p) => !sameType(p, b, base) && typeIs(matches, type, p, base));
  });
}

/** Argument `arg` is a constructor parameter already declared with the new type (or something we cannot judge). */
function sameAsAfter(arg: Node, p: CtorParam, site: CtorSite, matches: ReturnType<typeof typeMatcher>, base?: Node): boolean {
  const value = argumentValue(arg);
  const param = site.parameters.find((q) => isPlainReference(value, q.childForFieldName('name')?.text ?? ''));
  return !param || typeIs(matches, param.childForFieldName('type'), p, base) || !isTypeNameLike(param.childForFieldName('type'));
}

/** Some argument at a position whose type changed is a parameter declared with the new type (positional arguments only). */
function provesAfter(args: Node[], c: CtorChange, site: CtorSite, matches: ReturnType<typeof typeMatcher>, base: Node): boolean {
  return args.some((arg, i) => {
    const after = c.after[i];
    const before = c.before[i];
    if (!after || argumentName(arg) || (before && sameType(before, after, base) && before.name === after.name)) return false;
    const value = argumentValue(arg);
    const param = site.parameters.find((q) => isPlainReference(value, q.childForFieldName('name')?.text ?? ''));
    return !!param && typeIs(matches, param.childForFieldName('type'), after, base) && !(before && typeIs(matches, param.childForFieldName('type'), before, base));
  });
}

/**
 * Each argument that is a constructor parameter is declared with a type named like the parameter it binds to (by the
 * last identifier: `ILogger<My>` is an ILogger); arguments that are not plain parameters cannot be judged and fit.
 */
function fitsTypes(args: Node[], params: CtorParam[], site: CtorSite): boolean {
  return args.every((a, i) => {
    const n = argumentName(a);
    const p = n ? params.find((q) => q.name === n) : params[i];
    if (!p || p.anyType) return true;
    const value = argumentValue(a);
    const param = site.parameters.find((q) => isPlainReference(value, q.childForFieldName('name')?.text ?? ''));
    const type = param?.childForFieldName('type');
    if (!type || !isTypeNameLike(type)) return true;
    return lastIdentifier(type) === p.type.name;
  });
}

function lastIdentifier(n: Node): string | undefined {
  const u = unwrapNullable(n);
  if (isQualified(u)) return lastIdentifier(u.childForFieldName('name') ?? u);
  return simpleIdentifier(u);
}

/** Argument `arg` is a constructor parameter declared with the new type. */
function declaredAsAfter(arg: Node, p: CtorParam, site: CtorSite, matches: ReturnType<typeof typeMatcher>, base?: Node): boolean {
  const value = argumentValue(arg);
  const param = site.parameters.find((q) => isPlainReference(value, q.childForFieldName('name')?.text ?? ''));
  return !!param && typeIs(matches, param.childForFieldName('type'), p, base);
}


function isTypeNameLike(n: Node | null): boolean {
  return !!n && ['identifier', 'generic_name', 'qualified_name', 'nullable_type'].includes(n.type);
}

type Outcome = 'done' | 'unchanged' | 'reported';

function rewrite(ctx: FileContext, decl: Node, site: CtorSite, change: CtorChange, base: TypeName, baseNode: Node, matches: ReturnType<typeof typeMatcher>, options: { review?: boolean }): Outcome {
  const w = (p: CtorParam) => written(p, baseNode);
  const args = argsOf(site.baseCall!);
  const argFor = new Map<string, Node>();
  args.forEach((a, i) => argFor.set(argumentName(a) ?? change.before[i].name, a));
  const paramOf = (a: Node | undefined) => site.parameters.find((q) => isPlainReference(a && argumentValue(a), q.childForFieldName('name')?.text ?? ''));
  const usedOnce = (q: Node) => referencesTo(site.scope, q.childForFieldName('name')!.text, q).length === 1;
  const fail = (why: string): Outcome => {
    ctx.report(site.baseCall!, `${site.label}: the ${base.name} base constructor changed to ${signature(change.after, baseNode)}; ${why}`, {
      severity: 'warning',
      suggestion: `Change the constructor to pass ${base.name}${signature(change.after, baseNode)}`,
    });
    return 'reported';
  };

  const retypes: { node: Node; to: CtorParam }[] = [];
  const removedParams: Node[] = [];
  for (const b of change.before) {
    const after = change.after.find((p) => p.name === b.name);
    const arg = argFor.get(b.name)!;
    const param = paramOf(arg);
    if (after && sameType(after, b, baseNode)) continue;
    if (after && sameName(after, b) && !after.generic) {
      // Only the type arguments changed: judge by the text as written.
      const typeNode = param?.childForFieldName('type');
      if (!param || !typeNode || !usedOnce(param)) return fail(`'${arg.text}' is not a parameter used only in the base call, so its type is not changed automatically`);
      if (squeeze(typeNode.text) === squeeze(w(after))) continue;
      if (squeeze(typeNode.text) !== squeeze(w(b))) return fail(`'${arg.text}' is not declared as ${w(b)}`);
      retypes.push({ node: typeNode, to: after });
    } else if (after) {
      const typeNode = param?.childForFieldName('type');
      if (!param || !typeNode) return fail(`'${arg.text}' is not a parameter used only in the base call, so its type is not changed automatically`);
      if (typeIs(matches, typeNode, after, baseNode)) continue;
      const copies = usedOnce(param) ? [] : compatibleCopies(decl, site, param, arg, b, after, matches);
      if (!copies) return fail(`'${arg.text}' is not a parameter used only in the base call, so its type is not changed automatically`);
      if (!typeIs(matches, typeNode, b, baseNode)) return fail(`'${arg.text}' is not declared as ${w(b)}`);
      retypes.push({ node: typeNode, to: after }, ...copies.map((node) => ({ node, to: after })));
    } else if (param && usedOnce(param)) removedParams.push(param);
  }

  // The new argument list, from surviving arguments and added ones.
  const survivors = change.after.filter((p) => argFor.has(p.name)).map((p) => argFor.get(p.name)!);
  const reordered = survivors.some((a, i) => i > 0 && a.startIndex < survivors[i - 1].startIndex);
  if (reordered && (!change.reorder || !survivors.every((a) => argumentValue(a)?.type === 'identifier' && !argumentName(a)))) return fail('its surviving arguments were reordered');
  const addedParams: string[] = [];
  /** An added parameter that takes the place of a removed one at the same position (a parameter whose type and name changed). */
  const inPlace = new Map<Node, string>();
  const newArgs: string[] = [];
  const paramNames = new Set(site.parameters.map((q) => q.childForFieldName('name')?.text));
  for (const [i, p] of change.after.entries()) {
    const arg = argFor.get(p.name);
    if (arg) {
      newArgs.push(arg.text);
      continue;
    }
    const existing = site.parameters.find((q) => {
      const t = q.childForFieldName('type');
      if (!matches(t, p.type)) return false;
      // A spelled-out type (`ICache<IEnumerable<IdentityProviderName>>`) must read the same, unless any arguments do.
      return !p.text || p.generic || p.anyTypeArguments || squeeze(t!.text) === squeeze(w(p));
    });
    if (existing) newArgs.push(existing.childForFieldName('name')!.text);
    else {
      if (paramNames.has(p.name)) return fail(`it already has a parameter named '${p.name}' of another type`);
      const replaced = change.before[i] && !change.after.some((a) => a.name === change.before[i].name) ? paramOf(argFor.get(change.before[i].name)) : undefined;
      const slot = replaced && removedParams.find((r) => r.equals(replaced));
      if (slot && !inPlace.has(slot)) inPlace.set(slot, `${w(p)} ${p.name}`);
      else addedParams.push(`${w(p)} ${p.name}`);
      newArgs.push(p.name);
    }
  }

  const listEdit = respliced(ctx, site.baseCall!, args, newArgs);
  if (listEdit === null) return fail('a comment inside its base call keeps it from being rewritten automatically');
  const keptParams = site.parameters.filter((q) => !removedParams.some((r) => r.equals(q)) || [...inPlace.keys()].some((r) => r.equals(q)));
  const resplice = removedParams.length > 0 || addedParams.length > 0;
  // When the list is rewritten as a whole, retyped parameters are retyped inside it (one edit, no overlap).
  const retypedText = (q: Node) => {
    const r = resplice ? retypes.find((t) => t.node.startIndex >= q.startIndex && t.node.endIndex <= q.endIndex) : undefined;
    if (!r) return q.text;
    const n = unwrapNullable(r.node);
    return q.text.slice(0, n.startIndex - q.startIndex) + w(r.to) + q.text.slice(n.endIndex - q.startIndex);
  };
  const paramTexts = insertBeforeOptional(keptParams, addedParams, inPlace, retypedText);
  const paramEdit = site.list ? respliced(ctx, site.list, site.parameters, paramTexts) : null;
  if (site.list && paramEdit === null && (removedParams.length || addedParams.length)) return fail('a comment inside its parameter list keeps it from being rewritten automatically');

  const argsChange = listEdit.text !== ctx.text.slice(listEdit.start, listEdit.end);
  if (!retypes.length && !argsChange && !removedParams.length && !addedParams.length) return 'unchanged';
  // Another constructor that chains to this one with `this(...)` would still pass the old parameters.
  if ((retypes.length || removedParams.length || addedParams.length) && chainedInto(decl, site)) return fail('another constructor of the class calls it with this(...), so its parameters are not changed automatically');
  const spliced = paramEdit && resplice ? paramEdit : undefined;
  for (const r of retypes) {
    const node = unwrapNullable(r.node); // `ISystemClock? clock` keeps its `?`
    if (spliced && node.startIndex >= spliced.start && node.endIndex <= spliced.end) continue;
    ctx.edit(node.startIndex, node.endIndex, w(r.to), options);
  }
  if (spliced) ctx.edit(spliced.start, spliced.end, spliced.text, options);
  if (argsChange) ctx.edit(listEdit.start, listEdit.end, listEdit.text, options);
  return 'done';
}

/** Some constructor of the class has a `this(...)` initializer whose argument count could bind to the site's parameters. */
function chainedInto(decl: Node, site: CtorSite): boolean {
  const total = site.parameters.length;
  const variadic = site.parameters.some((q) => /^\s*params\b/.test(q.text));
  const required = site.parameters.filter((q) => !(q.text.includes('=') || /^\s*params\b/.test(q.text) || named(q).some((c) => c.type === 'equals_value_clause'))).length;
  return membersOf(decl).some((m) => {
    if (m.type !== 'constructor_declaration') return false;
    const init = named(m).find((c) => c.type === 'constructor_initializer');
    if (!init?.children.some((c) => c?.type === 'this')) return false;
    const list = named(init).find((c) => c.type === 'argument_list');
    const n = list ? argsOf(list).length : 0;
    return n >= required && (variadic || n <= total);
  });
}

function insertBeforeOptional(kept: Node[], added: string[], inPlace: Map<Node, string> = new Map(), text: (q: Node) => string = (q) => q.text): string[] {
  const texts = kept.map((q) => [...inPlace].find(([r]) => r.equals(q))?.[1] ?? text(q));
  const firstOptional = kept.findIndex((q) => q.text.includes('=') || /^\s*params\b/.test(q.text) || named(q).some((c) => c.type === 'equals_value_clause'));
  const at = firstOptional === -1 ? texts.length : firstOptional;
  return [...texts.slice(0, at), ...added, ...texts.slice(at)];
}

/**
 * Other uses of a parameter being retyped that the new type also serves (`after.members`): `p.Member`, and `f = p` /
 * `this.f = p` into a private field or property of the class declared with the old type whose every use is
 * `f.Member` or an assignment from this parameter. Returns the type nodes of those declarations (to retype as
 * well), or null.
 */
function compatibleCopies(decl: Node, site: CtorSite, param: Node, baseArg: Node, before: CtorParam, after: CtorParam, matches: ReturnType<typeof typeMatcher>): Node[] | null {
  const shared = after.members;
  const name = param.childForFieldName('name')?.text;
  if (!shared?.length || !name) return null;
  const inBaseCall = (n: Node) => n.startIndex >= baseArg.startIndex && n.endIndex <= baseArg.endIndex;
  const fields: Node[] = [];
  for (const ref of referencesTo(site.scope, name, param)) {
    if (inBaseCall(ref) || sharedMemberOf(ref, shared)) continue;
    const target = assignmentTarget(ref);
    if (!target) return null;
    const typeNode = memberType(decl, target);
    if (!typeNode || !matches(typeNode, before.type)) return null;
    const ok = fieldUses(decl, target).every((u) => sharedMemberOf(u, shared) || isAssignedFrom(u, site, name));
    if (!ok) return null;
    if (!fields.some((f) => f.equals(typeNode))) fields.push(typeNode);
  }
  return fields;
}

/** `x.Member` (x being `n` or `this.n`) with Member one of `shared`. */
function sharedMemberOf(n: Node, shared: string[]): boolean {
  const recv = n.parent?.type === 'member_access_expression' && isThisAccess(n.parent, n) ? n.parent : n;
  const access = recv.parent;
  if (access?.type !== 'member_access_expression' || !access.childForFieldName('expression')?.equals(recv)) return false;
  return shared.includes(access.childForFieldName('name')?.text ?? '');
}

/** `this.n` where n is the name. */
function isThisAccess(access: Node, name: Node): boolean {
  return !!access.childForFieldName('name')?.equals(name) && (access.childForFieldName('expression')?.type === 'this_expression' || access.childForFieldName('expression')?.text === 'this' || !access.childForFieldName('expression'));
}

/** For `f = ref` or `this.f = ref` (a statement), the name f. */
function assignmentTarget(ref: Node): string | undefined {
  const a = ref.parent;
  if (a?.type !== 'assignment_expression' || !a.childForFieldName('right')?.equals(ref) || a.parent?.type !== 'expression_statement') return undefined;
  const left = a.childForFieldName('left');
  if (left?.type === 'identifier') return left.text;
  if (left?.type === 'member_access_expression') {
    const nm = left.childForFieldName('name');
    if (nm && isThisAccess(left, nm)) return nm.text;
  }
  return undefined;
}

/** The declared type of a private field or property of the class (others may be assigned from outside the file). */
function memberType(decl: Node, name: string): Node | undefined {
  const isPrivate = (m: Node) => {
    const mods = modifiersOf(m);
    return mods.includes('private') || !mods.some((x) => ['public', 'protected', 'internal'].includes(x));
  };
  for (const m of membersOf(decl).filter(isPrivate)) {
    if (m.type === 'property_declaration' && m.childForFieldName('name')?.text === name) return m.childForFieldName('type') ?? undefined;
    if (m.type === 'field_declaration') {
      const v = named(m).find((c) => c.type === 'variable_declaration');
      const declarators = v ? named(v).filter((c) => c.type === 'variable_declarator') : [];
      if (declarators.some((d) => (d.childForFieldName('name') ?? named(d)[0])?.text === name)) return declarators.length === 1 ? (v!.childForFieldName('type') ?? undefined) : undefined;
    }
  }
  return undefined;
}

/** Uses of a field or property `name` in the class: `name` and `this.name`, not other objects' members. */
function fieldUses(decl: Node, name: string): Node[] {
  const out: Node[] = [];
  walk(decl, (n) => {
    if (n.type !== 'identifier' || n.text !== name) return;
    const parent = n.parent;
    if (parent?.type === 'variable_declarator' || parent?.type === 'property_declaration') return;
    if (parent?.type === 'member_access_expression' && parent.childForFieldName('name')?.equals(n) && !isThisAccess(parent, n)) return;
    out.push(n);
  });
  return out;
}

/** `name = p` / `this.name = p` inside this constructor, p being the parameter. */
function isAssignedFrom(use: Node, site: CtorSite, param: string): boolean {
  const left = use.parent?.type === 'member_access_expression' ? use.parent : use;
  const a = left.parent;
  if (a?.type !== 'assignment_expression' || !a.childForFieldName('left')?.equals(left)) return false;
  if (a.startIndex < site.scope.startIndex || a.endIndex > site.scope.endIndex) return false;
  return isPlainReference(a.childForFieldName('right') ?? undefined, param);
}

/**
 * The span from the first to the last item of a parameter or argument list, re-joined from `items` with the list's
 * own separators (so a one-per-line or wrapped layout keeps its breaks). Null when a comment sits inside that span.
 */
export function respliced(ctx: FileContext, list: Node, old: Node[], items: string[]): { start: number; end: number; text: string } | null {
  const open = list.startIndex + 1;
  const close = list.endIndex - 1;
  if (old.length === 0) return { start: open, end: close, text: items.join(', ') };
  const start = old[0].startIndex;
  const end = old[old.length - 1].endIndex;
  if (named(list).some((c) => c.type === 'comment' && c.startIndex > start && c.endIndex < end)) return null;
  // The list's own separators, position by position (the last one repeats), so a layout that wraps stays wrapped.
  const seps = old.length > 1 ? old.slice(1).map((n, i) => ctx.text.slice(old[i].endIndex, n.startIndex)) : [guessSeparator(ctx, list, start)];
  return { start, end, text: items.map((t, i) => (i === 0 ? t : seps[Math.min(i - 1, seps.length - 1)] + t)).join('') };
}

/** One item: break lines like the list's first item does when it stands on its own line. */
function guessSeparator(ctx: FileContext, list: Node, first: number): string {
  const before = ctx.text.slice(list.startIndex + 1, first);
  return before.includes('\n') ? ',' + before.slice(before.lastIndexOf('\n') - (before.includes('\r\n') ? 1 : 0)) : ', ';
}

