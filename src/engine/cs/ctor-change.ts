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
import type { Node } from '../csharp';
import type { FileContext } from '../rule';
import { addUsings } from '../namespace-rename';
import {
  argsOf,
  argumentName,
  argumentValue,
  constructorsOf,
  fileSees,
  isPlainReference,
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
}

export interface CtorChange {
  /** The base class; list it under each namespace the hop may see (e.g. IdentityServer4 and Duende spellings). */
  base: TypeName[];
  before: CtorParam[];
  after: CtorParam[];
}

const written = (p: CtorParam, base?: Node) => (typeof p.text === 'function' ? (base ? p.text(base) : p.type.name) : (p.text ?? p.type.name));
const sameType = (a: CtorParam, b: CtorParam) => a.type.ns === b.type.ns && a.type.name === b.type.name;
const squeeze = (s: string) => s.replace(/\s+/g, '');
/** Same type and, when either spells its type arguments out, the same text. */
const sameParamType = (a: CtorParam, b: CtorParam, base?: Node) => sameType(a, b) && (!a.text && !b.text ? true : squeeze(written(a, base)) === squeeze(written(b, base)));
const signature = (ps: CtorParam[], base?: Node) => `(${ps.map((p) => `${written(p, base)} ${p.name}`).join(', ')})`;

/** Applies every change to the matching constructors of the file. Returns how many constructors were rewritten. */
export function applyCtorChanges(ctx: FileContext, changes: readonly CtorChange[], options: { review?: boolean } = {}): number {
  const matches = typeMatcher(ctx);
  const usings = new Set<string>();
  let rewritten = 0;
  const bases = changes.flatMap((c) => c.base);
  for (const { decl, type, base: baseNode } of typesDerivingFrom(ctx, bases)) {
    const forBase = changes.filter((c) => c.base.some((b) => b.ns === type.ns && b.name === type.name));
    for (const site of constructorsOf(decl)) {
      if (!site.baseCall) continue;
      const args = argsOf(site.baseCall);
      // When the count of arguments fits several signatures (a parameter replaced: same length before and after, or
      // two old overloads), the declared types of forwarded parameters tell them apart.
      const byCount = forBase.filter((c) => args.length === c.before.length && fitsNames(args, c.before));
      const ambiguous = byCount.length > 1 || forBase.some((c) => c.after.length === args.length);
      const change = ambiguous ? byCount.find((c) => fitsTypes(args, c.before, site)) : byCount[0];
      if (!change) {
        const newer = forBase.find((c) => args.length === c.after.length && fitsNames(args, c.after) && fitsTypes(args, c.after, site));
        if (newer) continue; // already migrated
        const first = forBase[0];
        ctx.report(site.baseCall, `${site.label}: the ${type.name} base constructor changed to ${signature(first.after, baseNode)}`, {
          severity: 'warning',
          suggestion: `Pass the arguments of ${type.name}${signature(first.after, baseNode)}`,
        });
        continue;
      }
      const outcome = rewrite(ctx, site, change, type, baseNode, matches, options);
      if (outcome === 'done') {
        rewritten++;
        for (const p of change.after) {
          if (change.before.some((b) => b.name === p.name && sameParamType(b, p, baseNode))) continue;
          if (!change.before.some((b) => b.name === p.name && sameType(b, p))) usings.add(p.type.ns);
          for (const ns of p.usings ?? []) usings.add(ns);
        }
      }
    }
  }
  const root = ctx.tree?.rootNode;
  const missing = [...usings].filter((ns) => ns && root && !fileSees(ctx, ns));
  if (missing.length) addUsings(ctx, missing.sort());
  return rewritten;
}

/** Named arguments must name parameters of the signature. */
function fitsNames(args: Node[], params: CtorParam[]): boolean {
  return args.every((a) => {
    const n = argumentName(a);
    return !n || params.some((p) => p.name === n);
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

function isTypeNameLike(n: Node | null): boolean {
  return !!n && ['identifier', 'generic_name', 'qualified_name', 'nullable_type'].includes(n.type);
}

type Outcome = 'done' | 'unchanged' | 'reported';

function rewrite(ctx: FileContext, site: CtorSite, change: CtorChange, base: TypeName, baseNode: Node, matches: ReturnType<typeof typeMatcher>, options: { review?: boolean }): Outcome {
  const written_ = (p: CtorParam) => written(p, baseNode);
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
    if (after && sameParamType(after, b, baseNode)) continue;
    if (after) {
      const typeNode = param?.childForFieldName('type');
      if (!param || !typeNode || !usedOnce(param)) return fail(`'${arg.text}' is not a parameter used only in the base call, so its type is not changed automatically`);
      if (sameType(after, b)) {
        // Only the type arguments changed: judge by the text as written.
        if (squeeze(typeNode.text) === squeeze(written_(after))) continue;
        if (squeeze(typeNode.text) !== squeeze(written_(b))) return fail(`'${arg.text}' is not declared as ${written_(b)}`);
      } else {
        if (matches(typeNode, after.type)) continue;
        if (!matches(typeNode, b.type)) return fail(`'${arg.text}' is not declared as ${b.type.name}`);
      }
      retypes.push({ node: typeNode, to: after });
    } else if (param && usedOnce(param)) removedParams.push(param);
  }

  // The new argument list, from surviving arguments and added ones.
  const survivors = change.after.filter((p) => argFor.has(p.name)).map((p) => argFor.get(p.name)!);
  if (survivors.some((a, i) => i > 0 && a.startIndex < survivors[i - 1].startIndex)) return fail('its surviving arguments were reordered');
  const addedParams: string[] = [];
  const newArgs: string[] = [];
  const paramNames = new Set(site.parameters.map((q) => q.childForFieldName('name')?.text));
  for (const p of change.after) {
    const arg = argFor.get(p.name);
    if (arg) {
      newArgs.push(arg.text);
      continue;
    }
    const existing = site.parameters.find((q) => {
      const t = q.childForFieldName('type');
      if (!matches(t, p.type)) return false;
      // A spelled-out type (`ICache<IEnumerable<IdentityProviderName>>`) must read the same, unless any arguments do.
      return !p.text || p.anyTypeArguments || squeeze(t!.text) === squeeze(written_(p));
    });
    if (existing) newArgs.push(existing.childForFieldName('name')!.text);
    else {
      if (paramNames.has(p.name)) return fail(`it already has a parameter named '${p.name}' of another type`);
      addedParams.push(`${written_(p)} ${p.name}`);
      newArgs.push(p.name);
    }
  }

  const listEdit = respliced(ctx, site.baseCall!, args, newArgs);
  if (listEdit === null) return fail('a comment inside its base call keeps it from being rewritten automatically');
  const keptParams = site.parameters.filter((q) => !removedParams.some((r) => r.equals(q)));
  // The parameter list is re-joined when parameters come or go; a retype then goes into that text instead of an edit of its own.
  const relisted = removedParams.length > 0 || addedParams.length > 0;
  const retyped = (q: Node) => {
    const r = retypes.find((x) => x.node.startIndex >= q.startIndex && x.node.endIndex <= q.endIndex);
    return r ? ctx.text.slice(q.startIndex, r.node.startIndex) + written_(r.to) + ctx.text.slice(r.node.endIndex, q.endIndex) : q.text;
  };
  const paramTexts = insertBeforeOptional(keptParams, addedParams, retyped);
  const paramEdit = site.list ? respliced(ctx, site.list, site.parameters, paramTexts) : null;
  if (site.list && paramEdit === null && relisted) return fail('a comment inside its parameter list keeps it from being rewritten automatically');

  const argsChange = listEdit.text !== ctx.text.slice(listEdit.start, listEdit.end);
  if (!retypes.length && !argsChange && !relisted) return 'unchanged';
  if (!(paramEdit && relisted)) for (const r of retypes) ctx.edit(r.node.startIndex, r.node.endIndex, written_(r.to), options);
  if (paramEdit && (removedParams.length || addedParams.length)) ctx.edit(paramEdit.start, paramEdit.end, paramEdit.text, options);
  if (argsChange) ctx.edit(listEdit.start, listEdit.end, listEdit.text, options);
  return 'done';
}

function insertBeforeOptional(kept: Node[], added: string[], textOf: (q: Node) => string = (q) => q.text): string[] {
  const texts = kept.map(textOf);
  const firstOptional = kept.findIndex((q) => q.text.includes('=') || /^\s*params\b/.test(q.text) || named(q).some((c) => c.type === 'equals_value_clause'));
  const at = firstOptional === -1 ? texts.length : firstOptional;
  return [...texts.slice(0, at), ...added, ...texts.slice(at)];
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

