/**
 * A positional XML reader for MSBuild files. fast-xml-parser validates the document (and rejects
 * DTDs); this reader keeps what it cannot: the exact offsets of every attribute value and text node,
 * so that edits can be spliced into the original text instead of re-serialising it.
 */
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { lineCol } from '../util/text';

export interface XmlAttr {
  name: string;
  value: string; // entities decoded
  valueStart: number; // offsets of the raw value between the quotes
  valueEnd: number;
}

export interface XmlElement {
  name: string;
  attrs: XmlAttr[];
  children: XmlElement[];
  start: number; // offset of '<'
  end: number; // offset after the closing '>'
  /** Raw text content of a leaf element, with its span (only when it has no child elements). */
  text?: { value: string; start: number; end: number };
  parent?: XmlElement;
}

/** An MSBuild file that cannot be read or parsed: `file:line: reason`. */
export class XmlError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }

  /** The same error with the file named relative to `dir` (messages never show where the solution sits on disk). */
  relativeTo(dir: string): XmlError {
    const rel = path.relative(dir, this.file).split(path.sep).join('/');
    return new XmlError(rel || this.file, this.line, this.reason);
  }
}

export const MAX_XML_CHARS = 5_000_000;

export function attr(el: XmlElement, name: string): XmlAttr | undefined {
  const l = name.toLowerCase();
  return el.attrs.find((a) => a.name.toLowerCase() === l); // MSBuild attribute names are case-insensitive
}

export function parseXml(file: string, text: string): XmlElement {
  if (text.length > MAX_XML_CHARS) throw new XmlError(file, 1, `larger than ${MAX_XML_CHARS} characters; not read`);
  // Refused before any parser sees it: no entity is expanded (billion laughs) and no external entity is fetched.
  if (/<!DOCTYPE/i.test(text)) throw new XmlError(file, lineCol(text, text.search(/<!DOCTYPE/i)).line, 'DTDs are not accepted in MSBuild files (MSBuild refuses them too); not read further');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new XmlError(file, valid.err.line, valid.err.msg);

  const root: XmlElement = { name: '#document', attrs: [], children: [], start: 0, end: text.length };
  const stack: XmlElement[] = [root];
  let pos = 0;
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    if (lt === -1) break;
    if (text.startsWith('<!--', lt)) {
      pos = text.indexOf('-->', lt + 4) + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      pos = text.indexOf(']]>', lt) + 3;
      continue;
    }
    if (text.startsWith('<?', lt)) {
      pos = text.indexOf('?>', lt) + 2;
      continue;
    }
    const top = stack[stack.length - 1];
    if (text[lt + 1] === '/') {
      const gt = text.indexOf('>', lt);
      const el = stack.pop()!;
      el.end = gt + 1;
      if (el.children.length === 0) {
        const contentStart = el.text ? el.text.start : lt;
        el.text = { value: decodeEntities(text.slice(contentStart, lt)), start: contentStart, end: lt };
      } else {
        el.text = undefined;
      }
      pos = gt + 1;
      continue;
    }
    const { el, selfClosing, next } = readStartTag(text, lt);
    el.parent = top === root ? undefined : top;
    top.children.push(el);
    if (!selfClosing) {
      stack.push(el);
      el.text = { value: '', start: next, end: next }; // provisional: content start
    }
    pos = next;
  }
  return root;
}

function readStartTag(text: string, lt: number): { el: XmlElement; selfClosing: boolean; next: number } {
  const nameMatch = /^[^\s/>]+/.exec(text.slice(lt + 1, lt + 200));
  const name = nameMatch ? nameMatch[0] : '';
  const el: XmlElement = { name, attrs: [], children: [], start: lt, end: -1 };
  let pos = lt + 1 + name.length;
  const attrRe = /\s*([^\s=/>]+)\s*=\s*(["'])/y;
  for (;;) {
    attrRe.lastIndex = pos;
    const m = attrRe.exec(text);
    if (!m) break;
    const valueStart = attrRe.lastIndex;
    const valueEnd = text.indexOf(m[2], valueStart);
    el.attrs.push({ name: m[1], value: decodeEntities(text.slice(valueStart, valueEnd)), valueStart, valueEnd });
    pos = valueEnd + 1;
  }
  const gt = text.indexOf('>', pos);
  const selfClosing = text[gt - 1] === '/';
  if (selfClosing) el.end = gt + 1;
  return { el, selfClosing, next: gt + 1 };
}

function decodeEntities(s: string): string {
  if (!s.includes('&') && !s.includes('<![CDATA[')) return s;
  return s
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (all, e: string) => {
      const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
      if (e[0] !== '#') return named[e.toLowerCase()] ?? all;
      return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    });
}

/** Elements in document order (depth-first). Iterative: a hostile file can nest deeper than the JS stack. */
export function* elements(node: XmlElement): Generator<XmlElement> {
  const stack = [...node.children].reverse();
  while (stack.length) {
    const el = stack.pop()!;
    yield el;
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]);
  }
}
