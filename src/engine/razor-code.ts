/**
 * Code positions in a Razor file (.cshtml, .razor) beyond directive lines, found without a Razor parser:
 * `@code { … }` / `@functions { … }` / `@{ … }` blocks, explicit expressions `@( … )`, implicit expressions
 * (`@typeof(X).Name`, `@Model.Items[0]`, `@IdentityServer4.IdentityServerConstants.LocalApi.ScopeName`), and the
 * condition and body of `@if` (with its `else if` / `else` chain) / `@foreach` / `@for` / `@while` / `@switch` /
 * `@lock` / `@using (…)`, and the types on `@attribute [ … ]`, `@implements`, `@typeparam` and `@layout` lines.
 *
 * Inside those, C# string, character and comment text is skipped, and so are Razor comments `@* … *@`; markup (`@:`
 * lines, elements `<p>…</p>` / `@<p>…</p>` opened where an expression or statement may start) is read as markup again,
 * so only its own `@` transitions are code. Plain HTML text and attribute values are never code. A block whose end
 * cannot be found is dropped whole: precision first.
 */

/** Offsets of the identifier `head` where it starts a name in code (not after `.` or `alias::`). */
export function razorCodeHits(text: string, head: string): number[] {
  const hits: number[] = [];
  if (text.includes(head)) markup(text, 0, text.length, head, hits);
  return hits;
}

/** Markup from `from` to `to`: follows each `@` transition into code. */
function markup(text: string, from: number, to: number, head: string, hits: number[]): void {
  let i = from;
  while (i < to) {
    const at = text.indexOf('@', i);
    if (at === -1 || at >= to) break;
    i = at + 1;
    const next = text[at + 1];
    if (next === '@') {
      i = at + 2; // `@@` is a literal @
      continue;
    }
    if (next === '*') {
      const close = text.indexOf('*@', at + 2);
      i = close === -1 ? to : close + 2;
      continue;
    }
    if (at > 0 && /[\w.]/.test(text[at - 1])) continue; // an e-mail address, not a transition
    const found: number[] = [];
    const end = transition(text, at + 1, head, found);
    if (end > at && end <= to) {
      hits.push(...found);
      i = end;
    }
  }
}

const DIRECTIVES = new Set(['using', 'inject', 'model', 'inherits', 'page', 'namespace', 'addTagHelper', 'removeTagHelper', 'tagHelperPrefix', 'preservewhitespace', 'rendermode', 'section']);
const TYPE_LINES = new Set(['implements', 'typeparam', 'layout']);
const STATEMENTS = new Set(['if', 'foreach', 'for', 'while', 'switch', 'lock', 'using']);

/** Code after the `@` at `from`; returns where it ends (or `from - 1` when nothing was read). */
function transition(text: string, from: number, head: string, hits: number[]): number {
  const c = text[from];
  if (c === '{') return block(text, from, '{', head, hits);
  if (c === '(') return block(text, from, '(', head, hits);
  const word = /^[A-Za-z_]\w*/.exec(text.slice(from, from + 100))?.[0];
  if (!word) return from - 1;
  if (word === 'code' || word === 'functions') {
    const open = skipSpace(text, from + word.length);
    return text[open] === '{' ? block(text, open, '{', head, hits) : from - 1;
  }
  if (STATEMENTS.has(word)) {
    const open = skipSpace(text, from + word.length);
    if (text[open] !== '(') return from - 1; // `@using Namespace` is a directive line
    const close = block(text, open, '(', head, hits);
    if (close < 0) return from - 1;
    const body = skipSpace(text, close);
    if (text[body] !== '{') return close;
    const end = block(text, body, '{', head, hits);
    return end < 0 ? close : word === 'if' ? elseChain(text, end, head, hits) : end;
  }
  if (word === 'attribute') {
    const open = skipSpace(text, from + word.length);
    return text[open] === '[' ? block(text, open, '[', head, hits) : from - 1;
  }
  if (TYPE_LINES.has(word)) {
    // `@implements IdentityServer4.X`, `@typeparam T where T : IdentityServer4.X`: a type to the end of the line.
    const end = lineEnd(text, from);
    const line = text.slice(from + word.length, end);
    if (/["'\/@]/.test(line)) return from - 1;
    for (const m of line.matchAll(new RegExp(`(?<![\\w.])${head}(?!\\w)`, 'g'))) hits.push(from + word.length + m.index);
    return end;
  }
  if (DIRECTIVES.has(word)) return from - 1; // directive lines are handled on their own
  return implicit(text, from, head, hits);
}

/** `else if (…) { … }` / `else { … }` after an `@if` body ending at `end`; returns where the chain ends. */
function elseChain(text: string, end: number, head: string, hits: number[]): number {
  for (;;) {
    const k = skipSpace(text, end);
    if (!/^else\b/.test(text.slice(k, k + 5))) return end;
    let j = skipSpace(text, k + 4);
    if (/^if\b/.test(text.slice(j, j + 3))) {
      const open = skipSpace(text, j + 2);
      if (text[open] !== '(') return end;
      const close = block(text, open, '(', head, hits);
      if (close < 0) return end;
      j = skipSpace(text, close);
      if (text[j] !== '{') return end;
      const next = block(text, j, '{', head, hits);
      if (next < 0) return end;
      end = next;
      continue;
    }
    if (text[j] !== '{') return end;
    const last = block(text, j, '{', head, hits);
    return last < 0 ? end : last;
  }
}

/** `ident(…)[…].ident…` without spaces, as Razor reads an implicit expression. */
function implicit(text: string, from: number, head: string, hits: number[]): number {
  let i = from;
  const local: number[] = [];
  for (;;) {
    const word = /^[A-Za-z_]\w*/.exec(text.slice(i, i + 200))?.[0];
    if (!word) break;
    if (word === head && (i === from || text[i - 1] !== '.')) local.push(i);
    i += word.length;
    while (text[i] === '(' || text[i] === '[') {
      const end = block(text, i, text[i] as '(' | '[', head, local);
      if (end < 0) return from - 1;
      i = end;
    }
    if (text[i] === '.' && /[A-Za-z_]/.test(text[i + 1] ?? '')) i++;
    else break;
  }
  hits.push(...local);
  return i;
}

const CLOSER = { '{': '}', '(': ')', '[': ']' } as const;

/**
 * From the opener at `open`, C# up to its matching closer; returns the offset after it, or -1. Names `head` found on
 * the way go to `hits` only when the block closes.
 */
function block(text: string, open: number, opener: '{' | '(' | '[', head: string, hits: number[]): number {
  const stack: string[] = [CLOSER[opener]];
  const local: number[] = [];
  let prev: string = opener; // last significant character, to tell markup from a `<` operator
  let i = open + 1;
  while (i < text.length) {
    const c = text[i];
    const two = text.slice(i, i + 2);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (two === '//') i = lineEnd(text, i);
    else if (two === '/*') i = after(text, '*/', i + 2);
    else if (two === '@*') i = after(text, '*@', i + 2);
    else if (two === '@:') {
      const end = lineEnd(text, i);
      markup(text, i + 2, end, head, local);
      i = end;
    }
    else if (c === '"' || two === '@"' || two === '$"' || /^(\$@|@\$)"/.test(text.slice(i, i + 3)) || /^\$+"""/.test(text.slice(i, i + 5))) i = stringEnd(text, i);
    else if (c === "'") i = charEnd(text, i);
    else if ((c === '<' && /[A-Za-z]/.test(text[i + 1] ?? '') && (/[{};(,=>?:]/.test(prev) || lineStarts(text, i))) || (two === '@<' && /[A-Za-z]/.test(text[i + 2] ?? ''))) {
      const start = c === '@' ? i + 1 : i;
      const end = markupEnd(text, start);
      if (end < 0) return -1;
      markup(text, start, end, head, local); // `@` expressions inside the element
      i = end;
      prev = '>';
      continue;
    } else if (c === '{' || c === '(' || c === '[') {
      stack.push(CLOSER[c]);
      i++;
    } else if (c === '}' || c === ')' || c === ']') {
      if (stack.pop() !== c) return -1;
      i++;
      if (stack.length === 0) {
        hits.push(...local);
        return i;
      }
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^\w+/.exec(text.slice(i, i + 200))![0];
      if (word === head && !qualified(text, i)) local.push(i);
      i += word.length;
      prev = 'a';
      continue;
    } else i++;
    prev = c;
  }
  return -1;
}

/** After `.` or `alias::` (other than `global::`): not the first segment of a name. */
function qualified(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 80), at).trimEnd();
  return before.endsWith('.') || before.endsWith('@') || (before.endsWith('::') && !before.endsWith('global::'));
}

/** The element opened at `<` (`at`): its end, counting nested elements of the same name; -1 when it never closes. */
function markupEnd(text: string, at: number): number {
  const name = /^<([A-Za-z][\w:.-]*)/.exec(text.slice(at, at + 100))?.[1];
  if (!name) return -1;
  if (VOID.has(name.toLowerCase())) return after(text, '>', at);
  const tag = new RegExp(`<(/?)${name.replace(/[.]/g, '\\.')}(?=[\\s/>])[^>]*?(/?)>`, 'g');
  tag.lastIndex = at;
  let depth = 0;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    if (m[1]) depth--;
    else if (!m[2]) depth++;
    if (depth <= 0) return m.index + m[0].length;
  }
  return -1;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** Only spaces before `at` on its line. */
function lineStarts(text: string, at: number): boolean {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  return /^[ \t]*$/.test(text.slice(start, at));
}

function stringEnd(text: string, at: number): number {
  let i = at;
  let verbatim = false;
  while (text[i] === '@' || text[i] === '$') verbatim = verbatim || text[i++] === '@';
  const raw = /^"{3,}/.exec(text.slice(i, i + 20))?.[0];
  if (raw) return after(text, raw, i + raw.length);
  for (i++; i < text.length; i++) {
    if (text[i] === '\\' && !verbatim) i++;
    else if (text[i] === '"') {
      if (verbatim && text[i + 1] === '"') i++;
      else return i + 1;
    } else if (text[i] === '\n' && !verbatim) return i;
  }
  return text.length;
}

function charEnd(text: string, at: number): number {
  for (let i = at + 1; i < text.length && text[i] !== '\n'; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === "'") return i + 1;
  }
  return at + 1;
}

function after(text: string, closer: string, from: number): number {
  const i = text.indexOf(closer, from);
  return i === -1 ? text.length : i + closer.length;
}

function lineEnd(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i === -1 ? text.length : i;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}
