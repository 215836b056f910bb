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
  type CtorSite,
  type TypeName,
} from './syntax';

export interface CtorParam {
  name: string;
  type: TypeName;
  /** How to write the type when it is added or retyped, if not its simple name (e.g. `ILogger<DefaultTokenService>`). */
  text?: string;
}

export interface CtorChange {
  /** The base class; list it under each namespace the hop may see (e.g. IdentityServer4 and Duende spellings). */
  base: TypeName[];
  before: CtorParam[];
  after: CtorParam[];
}

const written = (p: CtorParam) => p.text ?? p.type.name;
const sameType = (a: CtorParam, b: CtorParam) => a.type.ns === b.type.ns && a.type.name === b.type.name;
const signature = (ps: CtorParam[]) => `(${ps.map((p) => `${written(p)} ${p.name}`).join(', ')})`;

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
  for (const { decl, type } of typesDerivingFrom(ctx, bases)) {
    const forBase = changes.filter((c) => c.base.includes(type));
    for (const site of constructorsOf(decl)) {
      if (!site.baseCall) continue;
      const args = argsOf(site.baseCall);
      const fitsAfter = (c: CtorChange) => args.length === c.after.length && fitsNames(args, c.after) && c.after.every((p, i) => sameAsAfter(args[i], p, site, matches));
      // Already migrated, and provably so when before and after have the same arity: an argument is a parameter
      // declared with the new type where the old signature had another.
      const proves = (c: CtorChange) => c.after.some((p, i) => (!c.before[i] || !sameType(c.before[i], p)) && declaredAs(args[i], p, site, matches));
      if (forBase.some((c) => fitsAfter(c) && proves(c))) continue;
      const change = forBase.find((c) => args.length === c.before.length && fitsNames(args, c.before));
      if (!change) {
        const newer = forBase.find(fitsAfter);
        if (newer) continue; // already migrated
        const first = forBase[0];
        ctx.report(site.baseCall, `${site.label}: the ${type.name} base constructor changed to ${signature(first.after)}`, {
          severity: 'warning',
          suggestion: `Pass the arguments of ${type.name}${signature(first.after)}`,
        });
        continue;
      }
      const outcome = rewrite(ctx, site, change, type, matches, options);
      if (outcome === 'done') {
        rewritten++;
        for (const p of change.after) if (!change.before.some((b) => b.name === p.name && sameType(b, p))) usings.add(p.type.ns);
      }
    }
  }
  const root = ctx.tree?.rootNode;
  const usingFor = options.usingFor ?? ((ns: string) => ns);
  const missing = [...new Set([...usings].filter((ns) => root && !fileSees(ctx, ns) && !fileSees(ctx, usingFor(ns))).map(usingFor))];
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

/** Argument `arg` is a constructor parameter already declared with the new type (or something we cannot judge). */
function sameAsAfter(arg: Node, p: CtorParam, site: CtorSite, matches: ReturnType<typeof typeMatcher>): boolean {
  const value = argumentValue(arg);
  const param = site.parameters.find((q) => isPlainReference(value, q.childForFieldName('name')?.text ?? ''));
  return !param || matches(param.childForFieldName('type'), p.type) || !isTypeNameLike(param.childForFieldName('type'));
}

/** Argument `arg` is a constructor parameter declared with the type of `p`. */
function declaredAs(arg: Node, p: CtorParam, site: CtorSite, matches: ReturnType<typeof typeMatcher>): boolean {
  const value = argumentValue(arg);
  const param = site.parameters.find((q) => isPlainReference(value, q.childForFieldName('name')?.text ?? ''));
  return !!param && matches(param.childForFieldName('type'), p.type);
}

function isTypeNameLike(n: Node | null): boolean {
  return !!n && ['identifier', 'generic_name', 'qualified_name', 'nullable_type'].includes(n.type);
}

type Outcome = 'done' | 'unchanged' | 'reported';

function rewrite(ctx: FileContext, site: CtorSite, change: CtorChange, base: TypeName, matches: ReturnType<typeof typeMatcher>, options: { review?: boolean }): Outcome {
  const args = argsOf(site.baseCall!);
  const argFor = new Map<string, Node>();
  args.forEach((a, i) => argFor.set(argumentName(a) ?? change.before[i].name, a));
  const paramOf = (a: Node | undefined) => site.parameters.find((q) => isPlainReference(a && argumentValue(a), q.childForFieldName('name')?.text ?? ''));
  const usedOnce = (q: Node) => referencesTo(site.scope, q.childForFieldName('name')!.text, q).length === 1;
  const fail = (why: string): Outcome => {
    ctx.report(site.baseCall!, `${site.label}: the ${base.name} base constructor changed to ${signature(change.after)}; ${why}`, {
      severity: 'warning',
      suggestion: `Change the constructor to pass ${base.name}${signature(change.after)}`,
    });
    return 'reported';
  };

  const retypes: { node: Node; to: CtorParam }[] = [];
  const removedParams: Node[] = [];
  for (const b of change.before) {
    const after = change.after.find((p) => p.name === b.name);
    const arg = argFor.get(b.name)!;
    const param = paramOf(arg);
    if (after && sameType(after, b)) continue;
    if (after) {
      const typeNode = param?.childForFieldName('type');
      if (!param || !typeNode || !usedOnce(param)) return fail(`'${arg.text}' is not a parameter used only in the base call, so its type is not changed automatically`);
      if (matches(typeNode, after.type)) continue;
      if (!matches(typeNode, b.type)) return fail(`'${arg.text}' is not declared as ${b.type.name}`);
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
    const existing = site.parameters.find((q) => matches(q.childForFieldName('type'), p.type));
    if (existing) newArgs.push(existing.childForFieldName('name')!.text);
    else {
      if (paramNames.has(p.name)) return fail(`it already has a parameter named '${p.name}' of another type`);
      addedParams.push(`${written(p)} ${p.name}`);
      newArgs.push(p.name);
    }
  }

  const listEdit = respliced(ctx, site.baseCall!, args, newArgs);
  if (listEdit === null) return fail('a comment inside its base call keeps it from being rewritten automatically');
  const keptParams = site.parameters.filter((q) => !removedParams.some((r) => r.equals(q)));
  const paramTexts = insertBeforeOptional(keptParams, addedParams);
  const paramEdit = site.list ? respliced(ctx, site.list, site.parameters, paramTexts) : null;
  if (site.list && paramEdit === null && (removedParams.length || addedParams.length)) return fail('a comment inside its parameter list keeps it from being rewritten automatically');

  const argsChange = listEdit.text !== ctx.text.slice(listEdit.start, listEdit.end);
  if (!retypes.length && !argsChange && !removedParams.length && !addedParams.length) return 'unchanged';
  for (const r of retypes) ctx.edit(r.node.startIndex, r.node.endIndex, written(r.to), options);
  if (paramEdit && (removedParams.length || addedParams.length)) ctx.edit(paramEdit.start, paramEdit.end, paramEdit.text, options);
  if (argsChange) ctx.edit(listEdit.start, listEdit.end, listEdit.text, options);
  return 'done';
}

function insertBeforeOptional(kept: Node[], added: string[]): string[] {
  const texts = kept.map((q) => q.text);
  const firstOptional = kept.findIndex((q) => q.text.includes('=') || /^\s*params\b/.test(q.text) || named(q).some((c) => c.type === 'equals_value_clause'));
  const at = firstOptional === -1 ? texts.length : firstOptional;
  return [...texts.slice(0, at), ...added, ...texts.slice(at)];
}

/**
 * The span from the first to the last item of a parameter or argument list, re-joined from `items` with the list's
 * own separator (so a one-per-line layout stays one per line). Null when a comment sits inside that span.
 */
function respliced(ctx: FileContext, list: Node, old: Node[], items: string[]): { start: number; end: number; text: string } | null {
  const open = list.startIndex + 1;
  const close = list.endIndex - 1;
  if (old.length === 0) return { start: open, end: close, text: items.join(', ') };
  const start = old[0].startIndex;
  const end = old[old.length - 1].endIndex;
  if (named(list).some((c) => c.type === 'comment' && c.startIndex > start && c.endIndex < end)) return null;
  const sep = old.length > 1 ? ctx.text.slice(old[0].endIndex, old[1].startIndex) : guessSeparator(ctx, list, start);
  return { start, end, text: items.join(sep) };
}

/** One item: break lines like the list's first item does when it stands on its own line. */
function guessSeparator(ctx: FileContext, list: Node, first: number): string {
  const before = ctx.text.slice(list.startIndex + 1, first);
  return before.includes('\n') ? ',' + before.slice(before.lastIndexOf('\n') - (before.includes('\r\n') ? 1 : 0)) : ', ';
}

