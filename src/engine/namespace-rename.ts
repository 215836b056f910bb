/**
 * Renaming the leading namespace of names, e.g. `IdentityServer4.Models.Client` → `Duende.IdentityServer.Models.Client`.
 *
 * A rule describes the move as data (`NamespaceMove`). `renameNamespacePrefix` then finds every dotted name whose
 * first identifier is `move.from` — in using directives (plain, `global`, `static`, alias), in code (qualified names
 * and `member_access_expression` chains, `global::` allowed), in `cref="…"` of `///` doc comments, on Razor
 * directive lines (`@using`, `@inject`, `@model`, `@inherits`) and in Razor code (`@code`/`@functions`/`@{}` blocks,
 * `@(…)` and implicit expressions such as `@typeof(…)`, statement conditions; see razor-code.ts) — decides from the known namespaces which of them name
 * the library (`movesName`), and splices `move.to` over the old identifier only. Strings, ordinary comments, names
 * where `from` is not the first segment, namespace declarations and code that already reads `move.to` are never
 * touched, so a second run changes nothing.
 *
 * A using directive that would, once renamed, repeat another directive of the same scope is removed (whole line)
 * instead of being renamed. Names inside parts of the file the parser could not read are reported, not edited.
 */
import { errorSpots, type ErrorSpot, type Node } from './csharp';
import type { FileContext } from './rule';
import { razorCodeHits } from './razor-code';
import { indentAt, lineStartOf } from '../util/text';

export interface NamespaceMove {
  /** Leading identifier that moves, e.g. `IdentityServer4`. */
  from: string;
  /** Its replacement, e.g. `Duende.IdentityServer`. */
  to: string;
  /** Every library namespace that moves, by full name (`from` itself included when it is a namespace). */
  namespaces: ReadonlySet<string>;
  /** Public types declared directly in namespace `from`: the only names accepted right after it. */
  rootTypes: ReadonlySet<string>;
}

/** A using directive (C#) or Razor directive line. */
export interface Directive {
  start: number;
  end: number;
  /** Directives with equal scope are checked for duplicates together. */
  scope: string;
  /** For a plain `using N;` / `@using N`: N without spaces and `global::`. */
  target?: string;
}

/** One dotted name that starts with the identifier looked for. */
export interface NameSite {
  /** Offset of the leading identifier. */
  at: number;
  /** `['IdentityServer4', 'Models', 'Client']`: identifiers only (no `global::`, no type arguments). */
  segments: string[];
  /** `namespace`: the target of a plain using, which must be a namespace as a whole; `type`: anything else. */
  kind: 'namespace' | 'type';
  directive?: Directive;
  /** In a part of the file the parser could not read: reported, never edited. */
  unreadable?: boolean;
}

export interface RenameResult {
  sites: NameSite[];
  /** Namespaces of the file's plain using directives (all scopes) as they read after the rename. */
  usings: Set<string>;
}

/** Whether a name belongs to the library: the longest known namespace that prefixes it decides. */
export function movesName(move: NamespaceMove, site: Pick<NameSite, 'segments' | 'kind'>): boolean {
  const { segments } = site;
  if (segments[0] !== move.from) return false;
  if (site.kind === 'namespace') return move.namespaces.has(segments.join('.'));
  let known = segments.length;
  while (known > 0 && !move.namespaces.has(segments.slice(0, known).join('.'))) known--;
  if (known === 0) return false;
  // Inside a known sub-namespace anything goes (a type, or a member of one); right under the root only its types do,
  // which keeps out `IdentityServer4.Quickstart.UI`, `IdentityServer4.AccessTokenValidation` and other user namespaces.
  return known === segments.length || known > 1 || move.rootTypes.has(segments[1]);
}

export function renameNamespacePrefix(ctx: FileContext, move: NamespaceMove): RenameResult {
  const directives = listDirectives(ctx);
  const sites = findNameSites(ctx, move.from, directives);
  const moving = sites.filter((s) => movesName(move, s));

  for (const s of moving.filter((s) => s.unreadable)) {
    ctx.report(s.at, `${s.segments.join('.')} not renamed: the parser could not read this part of the file`, {
      severity: 'warning',
      suggestion: `Replace the leading ${move.from} with ${move.to} by hand`,
    });
  }
  const edits = moving.filter((s) => !s.unreadable);

  // Directives that change, and whether their new text repeats one already in their scope.
  const changed = new Map<Directive, NameSite[]>();
  for (const s of edits) if (s.directive) changed.set(s.directive, [...(changed.get(s.directive) ?? []), s]);
  const seen = new Set<string>();
  for (const d of directives.values()) if (!changed.has(d)) seen.add(scopedKey(d, ctx.text.slice(d.start, d.end)));
  const dropped = new Set<Directive>();
  for (const [d, inside] of changed) {
    const key = scopedKey(d, renamedText(ctx.text, d, inside, move));
    if (seen.has(key)) {
      dropped.add(d);
      ctx.edit(...lineSpan(ctx.text, d.start, d.end));
    } else seen.add(key);
  }
  for (const s of edits) if (!s.directive || !dropped.has(s.directive)) ctx.edit(s.at, s.at + move.from.length, move.to);

  const usings = new Set<string>();
  for (const d of directives.values()) {
    if (!d.target || dropped.has(d)) continue;
    usings.add(changed.has(d) ? move.to + d.target.slice(move.from.length) : d.target);
  }
  return { sites, usings };
}

export interface DeclaredNamespace {
  name: string; // as written, without spaces
  at: number;
  /** Declared inside another namespace declaration. */
  nested: boolean;
}

/** Namespace declarations of a C# file (block and file-scoped), or `@namespace` lines of a Razor file. */
export function declaredNamespaces(ctx: FileContext): DeclaredNamespace[] {
  const out: DeclaredNamespace[] = [];
  const root = ctx.tree?.rootNode;
  if (!root) {
    for (const m of ctx.text.matchAll(/^[ \t]*@namespace[ \t]+([\w.]+)/gm)) out.push({ name: m[1], at: m.index + m[0].length - m[1].length, nested: false });
    return out;
  }
  visitScopes(root, (n, nested) => {
    const name = n.type.endsWith('namespace_declaration') ? n.childForFieldName('name') : null;
    if (name) out.push({ name: name.text.replace(/\s+/g, ''), at: name.startIndex, nested });
  });
  return out;
}

/** Adds `using N;` lines after the file's last top-level using (or before its first declaration), in the file's line ending. */
export function addUsings(ctx: FileContext, namespaces: readonly string[]): void {
  const root = ctx.tree?.rootNode;
  if (!root || namespaces.length === 0) return;
  const top = root.namedChildren.filter((c): c is Node => !!c);
  const last = top.filter((c) => c.type === 'using_directive').pop();
  if (last) {
    const indent = indentAt(ctx.text, last.startIndex);
    const nl = ctx.text.indexOf('\n', last.endIndex);
    const at = nl === -1 ? ctx.text.length : nl + 1;
    const lines = namespaces.map((ns) => `${indent}using ${ns};`);
    ctx.edit(at, at, nl === -1 ? lines.map((l) => ctx.eol + l).join('') : lines.map((l) => l + ctx.eol).join(''));
  } else {
    const first = top.find((c) => c.type !== 'comment' && c.type !== 'extern_alias_directive');
    const at = first ? lineStartOf(ctx.text, first.startIndex) : 0;
    ctx.edit(at, at, namespaces.map((ns) => `using ${ns};${ctx.eol}`).join('') + (first ? ctx.eol : ''));
  }
}

// ---- finding names ----

/** Every dotted name starting with the identifier `head`, in C# (tree) or on Razor directive lines (text). */
export function findNameSites(ctx: FileContext, head: string, directives = listDirectives(ctx)): NameSite[] {
  const root = ctx.tree?.rootNode;
  if (!root) return razorSites(ctx.text, head, directives);
  const spots = root.hasError ? errorSpots(root) : [];
  const sites: NameSite[] = [];
  for (const m of ctx.text.matchAll(new RegExp(`(?<![\\w@])${head}(?!\\w)`, 'g'))) {
    if (!inSpot(spots, m.index)) {
      const site = codeSite(ctx.text, root, m.index, head, directives);
      if (site) sites.push(site);
    } else if (!afterQualifier(ctx.text, m.index)) sites.push({ ...textSite(ctx.text, m.index, head), unreadable: true });
  }
  return sites;
}

function codeSite(text: string, root: Node, at: number, head: string, directives: Map<number, Directive>): NameSite | undefined {
  const node = root.descendantForIndex(at, at + head.length);
  if (node?.type === 'comment') return crefSite(text, node, at, head);
  if (node?.type !== 'identifier' || node.startIndex !== at || node.endIndex !== at + head.length) return undefined;

  let top: Node = node;
  if (node.parent?.type === 'alias_qualified_name') {
    if (node.parent.childForFieldName('alias')?.text !== 'global' || !node.parent.childForFieldName('name')?.equals(node)) return undefined;
    top = node.parent;
  }
  const segments = [head];
  for (let p = top.parent; p; p = top.parent) {
    const field = p.type === 'qualified_name' ? 'qualifier' : p.type === 'member_access_expression' ? 'expression' : undefined;
    if (!field || !p.childForFieldName(field)?.equals(top)) break;
    segments.push(simpleName(p.childForFieldName('name')));
    top = p;
  }

  const holder = top.parent;
  if (!holder || holder.type.endsWith('namespace_declaration')) return undefined; // the user's declaration
  if (holder.type === 'using_directive') {
    if (holder.childForFieldName('name')?.equals(top)) return undefined; // `using IdentityServer4 = …` declares an alias
    const directive = directives.get(holder.startIndex) ?? directiveOf(holder);
    return { at, segments, kind: directive.target ? 'namespace' : 'type', directive };
  }
  return segments.length > 1 ? { at, segments, kind: 'type' } : undefined; // a lone identifier is a variable or the like
}

/** `/// <see cref="IdentityServer4.Models.Client"/>`: a name at the start of a cref (after `T:` or `global::`) or of a parameter type in it. */
function crefSite(text: string, comment: Node, at: number, head: string): NameSite | undefined {
  if (!text.startsWith('///', comment.startIndex)) return undefined;
  for (const m of text.slice(comment.startIndex, comment.endIndex).matchAll(/\bcref\s*=\s*(["'])(.*?)\1/g)) {
    const valueStart = comment.startIndex + m.index + m[0].length - 1 - m[2].length;
    if (at < valueStart || at >= valueStart + m[2].length) continue;
    const before = text.slice(valueStart, at);
    return /^(?:[A-Za-z]:)?(?:global::)?$|[({,]\s*(?:global::)?$/.test(before) ? textSite(text, at, head) : undefined;
  }
  return undefined;
}

/** A name read from the text rather than the tree: `head` and the dotted identifiers written right after it. */
function textSite(text: string, at: number, head: string): NameSite {
  const tail = /^(?:\s*\.\s*[A-Za-z_]\w*)*/.exec(text.slice(at + head.length, at + head.length + 500))?.[0] ?? '';
  return { at, segments: [head, ...tail.split('.').slice(1).map((s) => s.trim())], kind: 'type' };
}

function razorSites(text: string, head: string, directives: Map<number, Directive>): NameSite[] {
  const sites: NameSite[] = razorCodeHits(text, head).map((at) => ({ ...textSite(text, at, head), kind: 'type' as const }));
  for (const d of directives.values()) {
    const line = text.slice(d.start, d.end);
    for (const m of line.matchAll(new RegExp(`(?<![\\w.:@])(?:global::)?(${head})(?!\\w)(?!\\s*=)`, 'g'))) {
      const at = d.start + m.index + m[0].length - head.length;
      sites.push({ ...textSite(text, at, head), kind: d.target ? 'namespace' : 'type', directive: d });
    }
  }
  return sites;
}

// ---- directives ----

function listDirectives(ctx: FileContext): Map<number, Directive> {
  const out = new Map<number, Directive>();
  const root = ctx.tree?.rootNode;
  if (!root) {
    // `@using (Html.BeginForm())` is a statement, not a directive.
    for (const m of ctx.text.matchAll(/^[ \t]*(@(using(?!\s*\()|inject|model|inherits)\b[^\r\n]*?)[ \t]*\r?$/gm)) {
      const start = m.index + m[0].indexOf('@');
      const plain = m[2] === 'using' ? /^@using\s+((?:global::)?[\w.\s]+?);?$/.exec(m[1]) : null;
      out.set(start, { start, end: start + m[1].length, scope: 'razor', target: plain && !/^static\b/.test(plain[1]) ? dotted(plain[1]) : undefined });
    }
    return out;
  }
  visitScopes(root, (n) => {
    if (n.type === 'using_directive') out.set(n.startIndex, directiveOf(n));
  });
  return out;
}

function directiveOf(using: Node): Directive {
  const parent = using.parent!;
  const afterFileNamespace = parent.type === 'compilation_unit' && parent.namedChildren.some((c) => c?.type === 'file_scoped_namespace_declaration' && c.startIndex < using.startIndex);
  const plain = !using.childForFieldName('name') && !using.children.some((c) => c?.type === 'static');
  const target = plain ? using.namedChildren.find((c) => c?.type !== 'comment') : undefined;
  return {
    start: using.startIndex,
    end: using.endIndex,
    scope: `${parent.type}@${parent.startIndex}${afterFileNamespace ? '+namespace' : ''}`,
    target: target ? dotted(target.text) : undefined,
  };
}

/** Visits the members of the compilation unit and of namespace bodies, looking through `#if` branches. Iterative: namespaces can nest deeper than the JS stack. */
function visitScopes(node: Node, visit: (n: Node, nested: boolean) => void, nested = false): void {
  const stack: { n: Node; nested: boolean }[] = [];
  const pushChildren = (parent: Node, inner: boolean) => {
    const children = parent.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) if (children[i]) stack.push({ n: children[i]!, nested: inner });
  };
  pushChildren(node, nested);
  while (stack.length) {
    const { n: c, nested: inner } = stack.pop()!;
    visit(c, inner);
    if (c.type.startsWith('preproc_')) pushChildren(c, inner);
    else if (c.type === 'namespace_declaration') {
      const body = c.childForFieldName('body');
      if (body) pushChildren(body, true);
    }
  }
}

function scopedKey(d: Directive, text: string): string {
  return `${d.scope}|${text.replace(/\s+/g, ' ').replace(/ ?([.=;:<>,]) ?/g, '$1').replace(/;$/, '')}`;
}

function renamedText(text: string, d: Directive, inside: NameSite[], move: NamespaceMove): string {
  let out = '';
  let pos = d.start;
  for (const s of inside) {
    out += text.slice(pos, s.at) + move.to;
    pos = s.at + move.from.length;
  }
  return out + text.slice(pos, d.end);
}

/** The whole line (with its line ending) when the directive stands alone on it, else the directive itself. */
function lineSpan(text: string, start: number, end: number): [number, number, string] {
  const lineStart = lineStartOf(text, start);
  const nl = text.indexOf('\n', end);
  const lineEnd = nl === -1 ? text.length : nl + 1;
  const alone = /^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t]*\r?\n?$/.test(text.slice(end, lineEnd));
  return alone ? [lineStart, lineEnd, ''] : [start, end, ''];
}

function simpleName(n: Node | null): string {
  return (n?.type === 'generic_name' ? n.namedChildren[0]?.text : n?.text) ?? '';
}

function dotted(s: string): string {
  return s.replace(/\s+/g, '').replace(/^global::/, '');
}

/** `x.` or `alias::` (other than `global::`) right before `at`: not the first segment of a name. */
function afterQualifier(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 80), at).trimEnd();
  return before.endsWith('.') || (before.endsWith('::') && !before.endsWith('global::'));
}

function inSpot(spots: readonly ErrorSpot[], at: number): boolean {
  return spots.some((s) => s.start <= at && at < s.end);
}
