/**
 * CancellationToken threading (catalog R3, Appendix A) as one plan that several rules share.
 *
 * `planDeclarations` finds the methods that must gain (or already have) the token: methods of a class whose base
 * list names a changed interface (impl signal) or an `override` in a class whose base list names a changed class
 * (override signal), matched by name and by the 7.4 parameter list (count and types), plus overrides in classes of
 * the same file that derive from a class the plan changed. For each it says which token name the method has once the
 * implementation rule ran (`ct`, or the name of the token parameter it already has), and the edit that adds or moves
 * the parameter. Rules that run in the same hop on the same text (call sites, token-provider replacement) read the
 * same plan, so a call inside a method that is only about to gain `ct` passes `ct`.
 *
 * `callEdits` computes the edits that make one call pass a token at the position of the 8.0 signature: positional
 * optional arguments after that position become named arguments, parameters that lost their default get it
 * written out (`expectedScope: null`), a moved token is moved, a renamed `cancellationToken:` label is renamed, and
 * a call that already passes a token is left alone. `tokenAt` picks the token to pass at a spot: the nearest
 * enclosing method, local function or lambda with a CancellationToken parameter (the plan's for a method about to
 * gain one), else `<HttpContext parameter>.RequestAborted`, else `HttpContext.RequestAborted` in a controller or
 * Razor page model, else `CancellationToken.None`.
 */
import { walk, type Node, type Tree } from '../csharp';
import type { FileContext } from '../rule';
import type { CtMember, CtParam } from '../../plan/cancellation-8.0';
import { declaredTypes } from './receivers';
import { argsOf, argumentName, argumentValue, baseTypes, dotted, fileSees, membersOf, modifiersOf, named, paramsOf, simpleIdentifier, typeMatcher, usingDirectives, type TypeName } from './syntax';
import { lineStartOf } from '../../util/text';

export const TOKEN_TYPE: TypeName = { ns: 'System.Threading', name: 'CancellationToken' };

export const typeOfEntry = (e: CtMember): TypeName => ({ ns: e.ns, name: e.name });

/** The call-site parameter list: without an extension method's receiver. */
export const callParams = (ps: readonly CtParam[]) => ps.filter((p) => !p.this);

/** Receiver type of an extension method entry. */
export function extensionOf(e: CtMember): TypeName | undefined {
  const self = e.old.find((p) => p.this);
  if (!self) return undefined;
  const owner = { ns: e.ns, name: self.type.replace(/<.*$/, '') };
  return owner;
}

/** Entries whose 7.4 declaration can be overridden. */
export const overridable = (e: CtMember) => e.kind === 'class' && e.modifiers.some((m) => m === 'virtual' || m === 'abstract' || m === 'override');

// ---------- types and parameters ----------

const ALIASES: Record<string, string> = { String: 'string', Int32: 'int', Boolean: 'bool', Object: 'object', Int64: 'long' };

/** A type as text without spaces, `global::`, namespace qualifiers and nullable marks. */
export function normType(text: string): string {
  let t = text.replace(/\s+/g, '').replace(/global::/g, '').replace(/\?/g, '');
  let prev;
  do {
    prev = t;
    t = t.replace(/(^|[<,(\[])(?:[A-Za-z_][A-Za-z0-9_]*\.)+/g, '$1');
  } while (t !== prev);
  return t.replace(/\b[A-Z][A-Za-z0-9]*\b/g, (w) => ALIASES[w] ?? w);
}

function typePattern(type: string, wild: readonly string[]): RegExp {
  const parts = normType(type).split(/([^A-Za-z0-9_])/);
  const body = parts.map((p) => (wild.includes(p) ? '(?:.+?)' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`);
}

function paramType(p: Node): string | undefined {
  return p.childForFieldName('type')?.text;
}

/** Whether declared parameters have the types of `sig`, in order (generic parameters of the entry match anything). */
export function paramsMatch(params: readonly Node[], sig: readonly CtParam[], wild: readonly string[]): boolean {
  if (params.length !== sig.length) return false;
  return sig.every((s, i) => {
    const t = paramType(params[i]);
    return t !== undefined && typePattern(s.type, wild).test(normType(t));
  });
}

export function isTokenType(typeText: string | undefined): boolean {
  return !!typeText && normType(typeText) === 'CancellationToken';
}

// ---------- declarations ----------

export interface MethodPlan {
  cls: Node;
  method: Node;
  entry: CtMember;
  via: 'impl' | 'override' | 'same-file-base';
  /** The method's token parameter once the implementation rule ran. */
  token: string;
  /** The edit that adds or moves the token parameter; absent when the signature already fits. */
  edit?: { start: number; end: number; text: string };
  /** Why the token could not be added (a name clash); the method keeps its signature. */
  problem?: string;
}

export interface ClassInfo {
  decl: Node;
  /** Changed library types its base list names. */
  bases: TypeName[];
  /** Classes of the same file it derives from (by simple name). */
  localBases: Node[];
}

export interface DeclarationPlan {
  methods: MethodPlan[];
  /** By method node id. */
  byMethod: Map<number, MethodPlan>;
  classes: ClassInfo[];
}

const typeKey = (t: TypeName) => `${t.ns}.${t.name}`;

function entriesByType(entries: readonly CtMember[]): Map<string, CtMember[]> {
  const m = new Map<string, CtMember[]>();
  for (const e of entries) {
    const k = typeKey(typeOfEntry(e));
    m.set(k, [...(m.get(k) ?? []), e]);
  }
  return m;
}

/** Simple names of the types the file declares: a simple name in the file means those, not the library's. */
export function declaredTypeNames(root: Node): Set<string> {
  const out = new Set<string>();
  walk(root, (n) => {
    if (/^(class|interface|struct|record|enum|delegate)_declaration$/.test(n.type)) {
      const name = n.childForFieldName('name')?.text;
      if (name) out.add(name);
    }
  });
  return out;
}

/** A type matcher that also refuses simple names the file declares itself. */
export function libraryTypeMatcher(ctx: FileContext): (node: Node | null | undefined, type: TypeName) => boolean {
  const matches = typeMatcher(ctx);
  const own = ctx.tree ? declaredTypeNames(ctx.tree.rootNode) : new Set<string>();
  return (node, type) => {
    if (!node) return false;
    const n = node.type === 'nullable_type' ? (node.childForFieldName('type') ?? node) : node;
    if (simpleIdentifier(n) !== undefined && own.has(type.name)) return false;
    return matches(node, type);
  };
}

const cache = new WeakMap<Tree, Map<readonly CtMember[], DeclarationPlan>>();

/** The plan for the file (cached per tree and data set, so every rule of a hop sees the same one). */
export function planDeclarations(ctx: FileContext, entries: readonly CtMember[]): DeclarationPlan {
  const tree = ctx.tree;
  const empty: DeclarationPlan = { methods: [], byMethod: new Map(), classes: [] };
  if (!tree) return empty;
  let perTree = cache.get(tree);
  if (!perTree) cache.set(tree, (perTree = new Map()));
  const known = perTree.get(entries);
  if (known) return known;
  const plan = computePlan(ctx, entries);
  perTree.set(entries, plan);
  return plan;
}

function computePlan(ctx: FileContext, entries: readonly CtMember[]): DeclarationPlan {
  const root = ctx.tree!.rootNode;
  const matches = libraryTypeMatcher(ctx);
  const byType = entriesByType(entries);
  const types = [...byType.keys()].map((k) => {
    const dot = k.lastIndexOf('.');
    return { ns: k.slice(0, dot), name: k.slice(dot + 1) };
  });

  const decls: Node[] = [];
  walk(root, (n) => {
    if (n.type === 'class_declaration' || n.type === 'record_declaration' || n.type === 'struct_declaration') decls.push(n);
  });
  // Classes of the file by simple name; a name declared twice (nested types, partial parts) is left out.
  const byName = new Map<string, Node>();
  const twice = new Set<string>();
  for (const d of decls) {
    const name = d.childForFieldName('name')?.text;
    if (!name) continue;
    if (byName.has(name)) twice.add(name);
    byName.set(name, d);
  }
  for (const name of twice) byName.delete(name);
  const classes: ClassInfo[] = decls.map((decl) => {
    const bases: TypeName[] = [];
    const localBases: Node[] = [];
    for (const b of baseTypes(decl)) {
      for (const t of types) if (matches(b, t)) bases.push(t);
      const simple = simpleIdentifier(b);
      const local = simple ? byName.get(simple) : undefined;
      if (local && !local.equals(decl)) localBases.push(local);
    }
    return { decl, bases, localBases };
  });

  const methods: MethodPlan[] = [];
  const byMethod = new Map<number, MethodPlan>();
  const add = (p: MethodPlan) => {
    if (byMethod.has(p.method.id)) return;
    methods.push(p);
    byMethod.set(p.method.id, p);
  };

  for (const info of classes) {
    if (!info.bases.length) continue;
    for (const m of membersOf(info.decl)) {
      if (m.type !== 'method_declaration') continue;
      const name = m.childForFieldName('name')?.text;
      if (!name) continue;
      const modifiers = modifiersOf(m);
      if (modifiers.includes('static')) continue;
      const isOverride = modifiers.includes('override');
      const explicit = named(m).find((c) => c.type === 'explicit_interface_specifier');
      const explicitType = explicit ? named(explicit)[0] : undefined;
      const candidates: { entry: CtMember; via: MethodPlan['via'] }[] = [];
      for (const t of info.bases) {
        for (const e of byType.get(typeKey(t)) ?? []) {
          if (e.member !== name) continue;
          if (e.kind === 'interface') {
            if (explicitType && !matches(explicitType, t)) continue;
            candidates.push({ entry: e, via: 'impl' });
          } else if (overridable(e) && isOverride) candidates.push({ entry: e, via: 'override' });
        }
      }
      const p = planMethod(ctx, info.decl, m, candidates);
      if (p) add(p);
    }
  }

  // Overrides in classes of this file deriving from a class whose methods the plan changed.
  for (let round = 0; round < 5; round++) {
    let grew = false;
    for (const info of classes) {
      for (const base of info.localBases) {
        const inherited = methods.filter((p) => p.cls.equals(base));
        if (!inherited.length) continue;
        for (const m of membersOf(info.decl)) {
          if (m.type !== 'method_declaration' || !modifiersOf(m).includes('override') || byMethod.has(m.id)) continue;
          const name = m.childForFieldName('name')?.text;
          const candidates = inherited.filter((p) => p.entry.member === name).map((p) => ({ entry: p.entry, via: 'same-file-base' as const }));
          const p = planMethod(ctx, info.decl, m, candidates);
          if (p) {
            add(p);
            grew = true;
          }
        }
      }
    }
    if (!grew) break;
  }
  return { methods, byMethod, classes };
}

const wildcards = (e: CtMember) => [...(e.typeParams ?? []), ...(e.methodTypeParams ?? [])];

function planMethod(ctx: FileContext, cls: Node, method: Node, candidates: { entry: CtMember; via: MethodPlan['via'] }[]): MethodPlan | undefined {
  const list = method.childForFieldName('parameters');
  if (!list || !candidates.length) return undefined;
  const params = paramsOf(list);
  for (const { entry, via } of candidates) {
    const oldP = callParams(entry.old);
    const newP = callParams(entry.new);
    const wild = wildcards(entry);
    const tokenIndex = params.findIndex((p) => isTokenType(paramType(p)));
    const existing = tokenIndex === -1 ? undefined : params[tokenIndex].childForFieldName('name')?.text;
    // Already in the 8.0 shape (migrated by hand, or a 7.4 token that only became required or was renamed).
    if (paramsMatch(params, newP, wild) && existing) return { cls, method, entry, via, token: existing };
    if (!paramsMatch(params, oldP, wild)) continue;
    if (entry.change === 'required' || entry.change === 'renamed') return existing ? { cls, method, entry, via, token: existing } : undefined;
    if (entry.change === 'moved') {
      if (!existing || entry.oldAt === undefined || tokenIndex !== entry.oldAt) return undefined;
      const order = newP.map((p) => params[oldP.findIndex((q) => q.name === p.name)] ?? params[tokenIndex]);
      const sep = separator(ctx, params);
      const start = params[0].startIndex;
      const end = params[params.length - 1].endIndex;
      if (named(list).some((c) => c.type === 'comment' && c.startIndex > start && c.endIndex < end)) return undefined;
      return { cls, method, entry, via, token: existing, edit: { start, end, text: order.map((p) => p.text).join(sep) } };
    }
    // added
    if (existing) return undefined;
    // An overload of the class already has the 8.0 shape (the user's own token overload): a second one would clash.
    const siblings = membersOf(cls).filter((m) => m.type === 'method_declaration' && !m.equals(method) && m.childForFieldName('name')?.text === method.childForFieldName('name')?.text);
    if (siblings.some((m) => paramsMatch(paramsOf(m.childForFieldName('parameters')), newP, wild))) return undefined;
    const token = freeName(method, ['ct', 'cancellationToken']);
    if (!token) return { cls, method, entry, via, token: 'ct', problem: `${entry.name}.${entry.member} takes a CancellationToken since 8.0, but 'ct' and 'cancellationToken' are both taken in this method` };
    // After a parameter that keeps a default value, a required one would not compile (CS1737): the token gets one too.
    const optionalBefore = params.slice(0, entry.at).some((p) => p.children.some((c) => c?.type === '='));
    return { cls, method, entry, via, token, edit: insertParameter(ctx, list, params, entry.at, `CancellationToken ${token}${optionalBefore ? ' = default' : ''}`) };
  }
  return undefined;
}

/** The first name no identifier of the method already uses (a parameter, local or field it reads). */
function freeName(method: Node, names: string[]): string | undefined {
  const used = new Set<string>();
  walk(method, (n) => {
    if (n.type === 'identifier') used.add(n.text);
  });
  return names.find((n) => !used.has(n));
}

function separator(ctx: FileContext, items: readonly Node[]): string {
  return items.length > 1 ? ctx.text.slice(items[0].endIndex, items[1].startIndex) : ', ';
}

function insertParameter(ctx: FileContext, list: Node, params: readonly Node[], at: number, text: string): { start: number; end: number; text: string } {
  if (!params.length) return { start: list.startIndex + 1, end: list.startIndex + 1, text };
  const sep = separator(ctx, params);
  if (at >= params.length) {
    const end = params[params.length - 1].endIndex;
    return { start: end, end, text: sep + text };
  }
  const start = params[at].startIndex;
  return { start, end: start, text: text + sep };
}

// ---------- calls ----------

export interface CallEdit {
  start: number;
  end: number;
  text: string;
}

export type CallOutcome =
  | { kind: 'edits'; edits: CallEdit[]; usesToken: boolean }
  | { kind: 'passes' } // already passes a token
  | { kind: 'no' }; // this entry does not fit the call

/** Whether an argument value is a CancellationToken, by its declaration or its usual spellings. */
export function isTokenLike(value: Node | undefined, declared: Map<string, Node | null>): boolean {
  if (!value) return false;
  if (value.type === 'identifier') {
    const t = declared.get(value.text);
    if (t) return isTokenType(t.text);
    return /^(ct|cancel|\w*[cC]ancellationToken)$/.test(value.text);
  }
  if (value.type === 'member_access_expression') {
    const name = value.childForFieldName('name')?.text;
    const obj = value.childForFieldName('expression');
    if (name === 'None' && obj && dotted(obj).endsWith('CancellationToken')) return true;
    if (name === 'RequestAborted' || name === 'CancellationToken' || name === 'ApplicationStopping') return true;
    if (name === 'Token' && obj?.type === 'identifier') {
      const t = declared.get(obj.text);
      return t ? normType(t.text) === 'CancellationTokenSource' : /(cts|Source)$/.test(obj.text);
    }
    return false;
  }
  if (value.type === 'default_expression') return isTokenType(value.childForFieldName('type')?.text ?? named(value)[0]?.text);
  return false;
}

/**
 * The edits that make a call pass `token` where `entry`'s 8.0 signature wants it. `args` is the call's argument_list.
 */
export function callEdits(ctx: FileContext, args: Node, entry: CtMember, token: string, declared: Map<string, Node | null>): CallOutcome {
  const oldP = callParams(entry.old);
  const newP = callParams(entry.new);
  const p = entry.at;
  const list = argsOf(args);
  const labels = list.map(argumentName);
  const firstNamed = labels.findIndex((l) => l !== undefined);
  if (firstNamed !== -1 && labels.slice(firstNamed).some((l) => l === undefined)) return { kind: 'no' };
  const k = firstNamed === -1 ? list.length : firstNamed;
  const oldToken = entry.oldAt !== undefined ? oldP[entry.oldAt].name : undefined;

  // Named arguments must name parameters of this overload.
  for (const l of labels) if (l !== undefined && !oldP.some((q) => q.name === l) && l !== entry.token) return { kind: 'no' };
  if (k > oldP.length + (entry.oldAt === undefined ? 1 : 0)) return { kind: 'no' };

  // Named token: already passed, or passed under its 7.4 name.
  if (labels.includes(entry.token)) return { kind: 'passes' };
  if (oldToken && labels.includes(oldToken)) {
    if (oldToken === entry.token) return { kind: 'passes' };
    const arg = list[labels.indexOf(oldToken)];
    const name = arg.childForFieldName('name')!;
    return { kind: 'edits', edits: [{ start: name.startIndex, end: name.endIndex, text: entry.token }], usesToken: false };
  }

  const tokenLike = (i: number) => i < list.length && isTokenLike(argumentValue(list[i]), declared);
  if (entry.oldAt !== undefined && k > entry.oldAt) {
    // The 7.4 token is passed positionally; only a move changes anything, and only when the token is still where 7.4 had it.
    if (entry.change === 'moved' && entry.oldAt !== p && tokenLike(entry.oldAt) && !tokenLike(p)) return moveToken(list, entry, oldP);
    return { kind: 'passes' };
  }
  if (list.some((_, i) => tokenLike(i))) return { kind: 'passes' };
  if (entry.oldAt === undefined && k > oldP.length) return { kind: 'no' }; // one argument too many and none is a token: another overload
  if (entry.change === 'renamed') return { kind: 'passes' };

  // Which parameters before the token are not given? Those that lost their default get it written out.
  const given = new Set<string>(labels.filter((l): l is string => !!l));
  const fills: string[] = [];
  for (let i = k; i < p; i++) {
    const q = newP[i];
    if (given.has(q.name)) continue;
    const was = oldP.find((o) => o.name === q.name);
    if (was?.default === undefined || q.default !== undefined) return { kind: 'no' }; // a required argument is missing: not this overload
    fills.push(`${q.name}: ${was.default}`);
  }
  // Positional arguments from the token's position on become named (their names are the same in 7.4 and 8.0).
  const convert: { at: number; text: string }[] = [];
  for (let i = p; i < k; i++) {
    const q = oldP[i];
    if (!q) return { kind: 'no' };
    convert.push({ at: list[i].startIndex, text: `${q.name}: ` });
  }

  const inserts = new Map<number, string[]>();
  const put = (at: number, text: string) => inserts.set(at, [...(inserts.get(at) ?? []), text]);
  // The list's own separator, so that one argument per line stays one per line.
  const between = list.length > 1 ? ctx.text.slice(list[0].endIndex, list[1].startIndex) : '';
  const sep = /^\s*,\s*$/.test(between) ? between : ', ';
  if (firstNamed !== -1) {
    // After named arguments only named ones may follow: write the fills and the token named, at the end.
    put(list[list.length - 1].endIndex, [...fills, `${entry.token}: ${token}`].map((t) => sep + t).join(''));
  } else {
    const content = [...fills, token];
    const j = Math.min(k, p);
    if (j > 0) put(list[j - 1].endIndex, content.map((t) => sep + t).join(''));
    else if (list.length) put(list[0].startIndex, content.join(sep) + sep);
    else put(args.startIndex + 1, content.join(', '));
  }
  for (const c of convert) put(c.at, c.text);
  const edits = [...inserts.entries()].sort((a, b) => a[0] - b[0]).map(([at, texts]) => ({ start: at, end: at, text: texts.join('') }));
  return { kind: 'edits', edits, usesToken: true };
}

/**
 * `QuerySessionsAsync(filter, token)` -> `QuerySessionsAsync(token, filter: filter)`: the token is cut from its 7.4
 * position and written at its 8.0 one; the arguments it passes become named. Edits stay outside the arguments' own
 * text, so edits of other calls nested in them do not collide.
 */
function moveToken(list: Node[], entry: CtMember, oldP: CtParam[]): CallOutcome {
  const oldAt = entry.oldAt!;
  const p = entry.at;
  if (p > oldAt) return { kind: 'no' };
  const tokenArg = list[oldAt];
  const edits: CallEdit[] = [];
  const put = (at: number, text: string) => edits.push({ start: at, end: at, text });
  put(list[p].startIndex, `${tokenArg.text}, `);
  for (let i = p; i < oldAt; i++) put(list[i].startIndex, `${oldP[i].name}: `);
  const merged = new Map<number, string>();
  for (const e of edits) merged.set(e.start, (merged.get(e.start) ?? '') + e.text);
  const out: CallEdit[] = [...merged.entries()].map(([at, text]) => ({ start: at, end: at, text }));
  out.push({ start: list[oldAt - 1].endIndex, end: tokenArg.endIndex, text: '' });
  return { kind: 'edits', edits: out.sort((a, b) => a.start - b.start), usesToken: false };
}

// ---------- which token to pass ----------

const MVC: TypeName[] = [
  { ns: 'Microsoft.AspNetCore.Mvc', name: 'Controller' },
  { ns: 'Microsoft.AspNetCore.Mvc', name: 'ControllerBase' },
  { ns: 'Microsoft.AspNetCore.Mvc.RazorPages', name: 'PageModel' },
];

export interface TokenChoice {
  expr: string;
  from: 'parameter' | 'planned' | 'request' | 'none';
}

const SCOPES = new Set(['method_declaration', 'local_function_statement', 'lambda_expression', 'anonymous_method_expression', 'constructor_declaration']);
const TYPES = new Set(['class_declaration', 'record_declaration', 'struct_declaration', 'interface_declaration']);

/** The token to pass at `at` (see the file comment for the order of preference). */
export function tokenAt(ctx: FileContext, at: Node, plan: DeclarationPlan): TokenChoice {
  const matches = typeMatcher(ctx);
  const scopes: Node[] = [];
  let typeDecl: Node | undefined;
  // A static local function or lambda sees none of the enclosing parameters, nor the instance's HttpContext.
  let isolated = false;
  for (let n: Node | null = at.parent; n; n = n.parent) {
    if (SCOPES.has(n.type) && !isolated) {
      scopes.push(n);
      if (n.type !== 'method_declaration' && n.type !== 'constructor_declaration' && modifiersOf(n).includes('static')) isolated = true;
    }
    if (TYPES.has(n.type)) {
      typeDecl = n;
      break;
    }
  }
  for (const s of scopes) {
    const planned = plan.byMethod.get(s.id);
    if (planned && !planned.problem) return { expr: planned.token, from: planned.edit ? 'planned' : 'parameter' };
    const p = paramsOf(s.childForFieldName('parameters')).find((q) => isTokenType(paramType(q)));
    const name = p?.childForFieldName('name')?.text;
    if (name) return { expr: name, from: 'parameter' };
  }
  for (const s of scopes) {
    const p = paramsOf(s.childForFieldName('parameters')).find((q) => normType(paramType(q) ?? '') === 'HttpContext');
    const name = p?.childForFieldName('name')?.text;
    if (name) return { expr: `${name}.RequestAborted`, from: 'request' };
  }
  const member = scopes[scopes.length - 1] ?? enclosingMember(at);
  const isStatic = isolated || (member ? modifiersOf(member).includes('static') : false);
  if (typeDecl && !isStatic && baseTypes(typeDecl).some((b) => MVC.some((t) => matches(b, t)))) return { expr: 'HttpContext.RequestAborted', from: 'request' };
  return { expr: 'CancellationToken.None', from: 'none' };
}

function enclosingMember(at: Node): Node | undefined {
  for (let n: Node | null = at.parent; n; n = n.parent) if (n.parent && n.parent.type === 'declaration_list') return n;
  return undefined;
}

// ---------- using System.Threading ----------

/** Whether `CancellationToken` as a simple name already resolves in the file (a using, or the file already uses it). */
export function seesToken(ctx: FileContext): boolean {
  if (fileSees(ctx, TOKEN_TYPE.ns)) return true;
  const root = ctx.tree?.rootNode;
  if (!root) return false;
  let seen = false;
  walk(root, (n) => {
    if (seen) return false;
    if (n.type === 'using_directive') return false;
    if (n.type === 'identifier' && n.text === 'CancellationToken') {
      const parent = n.parent;
      const qualifiedTail = parent && (parent.type === 'qualified_name' || parent.type === 'member_access_expression') && !named(parent)[0]?.equals(n);
      if (!qualifiedTail) seen = true;
    }
  });
  return seen;
}

/**
 * Adds `using System.Threading;` among the file's top-level usings in ordinal order of the System ones (after the
 * last System using that sorts before it, else before the first System using, else before the first using).
 */
export function addThreadingUsing(ctx: FileContext): void {
  const root = ctx.tree?.rootNode;
  if (!root || seesToken(ctx)) return;
  const ns = TOKEN_TYPE.ns;
  const top = usingDirectives(root).filter((u) => u.parent?.type === 'compilation_unit' && !u.childForFieldName('name') && !u.children.some((c) => c?.type === 'static'));
  const targetOf = (u: Node) => dotted(named(u).find((c) => c.type === 'identifier' || c.type === 'qualified_name') ?? u);
  const isSystem = (u: Node) => /^System(\.|$)/.test(targetOf(u)) && !u.children.some((c) => c?.type === 'global');
  const system = top.filter(isSystem);
  const line = (at: number) => lineStartOf(ctx.text, at);
  if (system.length) {
    const after = system.filter((u) => targetOf(u) < ns).pop();
    if (after) {
      const nl = ctx.text.indexOf('\n', after.endIndex);
      if (nl === -1) ctx.edit(ctx.text.length, ctx.text.length, `${ctx.eol}using ${ns};`);
      else ctx.edit(nl + 1, nl + 1, `using ${ns};${ctx.eol}`);
    } else ctx.edit(line(system[0].startIndex), line(system[0].startIndex), `using ${ns};${ctx.eol}`);
    return;
  }
  const first = top.find((u) => !u.children.some((c) => c?.type === 'global'));
  if (first) {
    ctx.edit(line(first.startIndex), line(first.startIndex), `using ${ns};${ctx.eol}`);
    return;
  }
  const firstCode = named(root).find((c) => c.type !== 'comment' && c.type !== 'extern_alias_directive' && c.type !== 'using_directive');
  const at = firstCode ? line(firstCode.startIndex) : 0;
  ctx.edit(at, at, `using ${ns};${ctx.eol}${firstCode ? ctx.eol : ''}`);
}

export { declaredTypes };
