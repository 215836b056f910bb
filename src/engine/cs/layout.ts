/**
 * Text layout for edits that add code rather than rename it: indentation of the file, re-indenting a moved block,
 * adding a member to an object initializer, adding a member to a class after another one. Every insertion uses the
 * file's own line ending (ctx.eol) and the indentation of its neighbours.
 */
import type { Node } from '../csharp';
import type { FileContext } from '../rule';
import { indentAt, lineStartOf } from '../../util/text';
import { named } from './syntax';

/** One level of indentation as the file writes it (from a member against its enclosing declaration), else 4 spaces. */
export function indentUnit(ctx: FileContext, inner: Node, outer: Node): string {
  const a = indentAt(ctx.text, inner.startIndex);
  const b = indentAt(ctx.text, outer.startIndex);
  if (a.length > b.length && a.startsWith(b)) return a.slice(b.length);
  return a.includes('\t') ? '\t' : '    ';
}

/** Whether the node starts its line (only whitespace before it). */
export function startsLine(ctx: FileContext, n: Node): boolean {
  return /^[ \t]*$/.test(ctx.text.slice(lineStartOf(ctx.text, n.startIndex), n.startIndex));
}

/** The text of `n` with its continuation lines moved from the indentation of n's first line to `to`. */
export function reindented(ctx: FileContext, n: Node, to: string): string {
  const from = indentAt(ctx.text, n.startIndex);
  const lines = ctx.text.slice(n.startIndex, n.endIndex).split(/\r?\n/);
  return lines.map((l, i) => (i === 0 ? l : l.startsWith(from) ? to + l.slice(from.length) : l.replace(/^[ \t]*/, to))).join(ctx.eol);
}

/**
 * Adds `member` (e.g. `Scopes = { "api" }`) to an object initializer `{ ... }`: on its own line after the last member
 * when the members stand on their own lines, else inline; keeps a trailing comma style.
 */
export function addInitializerMember(ctx: FileContext, init: Node, member: string, options?: { review?: boolean }): void {
  const members = named(init).filter((c) => c.type !== 'comment');
  const open = init.startIndex + 1;
  const close = init.endIndex - 1;
  if (members.length === 0) {
    ctx.edit(open, close, ` ${member} `, options);
    return;
  }
  const last = members[members.length - 1];
  const after = ctx.text.slice(last.endIndex, close);
  const comma = /^\s*,/.exec(after);
  const multiline = ctx.text.slice(open, close).includes('\n') && startsLine(ctx, last);
  if (multiline) {
    const indent = indentAt(ctx.text, last.startIndex);
    if (comma) ctx.edit(last.endIndex + comma[0].length, last.endIndex + comma[0].length, `${ctx.eol}${indent}${member},`, options);
    else ctx.edit(last.endIndex, last.endIndex, `,${ctx.eol}${indent}${member}`, options);
  } else if (comma) ctx.edit(last.endIndex + comma[0].length, last.endIndex + comma[0].length, ` ${member},`, options);
  else ctx.edit(last.endIndex, last.endIndex, `, ${member}`, options);
}

/** Inserts `lines` (without indentation) as a new member after `member`, separated by a blank line, indented like it. */
export function insertMemberAfter(ctx: FileContext, member: Node, lines: string[]): void {
  const indent = indentAt(ctx.text, member.startIndex);
  const text = lines.map((l) => (l ? indent + l : l)).join(ctx.eol);
  ctx.edit(member.endIndex, member.endIndex, `${ctx.eol}${ctx.eol}${text}`);
}

/** The member declaration (of a class, struct, record or interface body) that contains `n`. */
export function enclosingMember(n: Node): Node | undefined {
  for (let p: Node | null = n; p; p = p.parent) {
    if (p.parent?.type === 'declaration_list' && p.type !== 'class_declaration' && p.type !== 'struct_declaration' && p.type !== 'record_declaration') return p;
  }
  return undefined;
}

/** The type declaration whose body holds `member`. */
export function declaringType(member: Node): Node | undefined {
  const list = member.parent;
  return list?.type === 'declaration_list' ? (list.parent ?? undefined) : undefined;
}
