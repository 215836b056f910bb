/**
 * Unified diff that `git apply` accepts byte for byte: lines keep their own terminators (so CRLF
 * files stay CRLF), a UTF-8 BOM stays in the first line, and a missing final newline is marked.
 */
import { diffArrays } from 'diff';
import { encode, type TextFile } from '../util/text';

const CONTEXT = 3;

export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

export function fileDiff(relPath: string, before: TextFile, afterText: string): string {
  const a = splitLines(encode(before).toString('utf8'));
  const b = splitLines(encode({ ...before, text: afterText }).toString('utf8'));
  const ops: { op: ' ' | '-' | '+'; line: string }[] = [];
  for (const part of diffArrays(a, b)) {
    const op = part.added ? '+' : part.removed ? '-' : ' ';
    for (const line of part.value) ops.push({ op, line });
  }
  if (!ops.some((o) => o.op !== ' ')) return '';
  let out = `diff --git a/${relPath} b/${relPath}\n--- a/${relPath}\n+++ b/${relPath}\n`;
  for (const hunk of hunks(ops)) out += hunk;
  return out;
}

function hunks(ops: { op: ' ' | '-' | '+'; line: string }[]): string[] {
  const changed = ops.map((o, i) => (o.op !== ' ' ? i : -1)).filter((i) => i >= 0);
  const ranges: [number, number][] = [];
  for (const i of changed) {
    const [s, e] = [Math.max(0, i - CONTEXT), Math.min(ops.length, i + CONTEXT + 1)];
    const last = ranges[ranges.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else ranges.push([s, e]);
  }
  const out: string[] = [];
  for (const [s, e] of ranges) {
    let oldStart = 1;
    let newStart = 1;
    for (let i = 0; i < s; i++) {
      if (ops[i].op !== '+') oldStart++;
      if (ops[i].op !== '-') newStart++;
    }
    const slice = ops.slice(s, e);
    const oldLen = slice.filter((o) => o.op !== '+').length;
    const newLen = slice.filter((o) => o.op !== '-').length;
    let body = `@@ -${oldLen ? oldStart : oldStart - 1},${oldLen} +${newLen ? newStart : newStart - 1},${newLen} @@\n`;
    for (const o of slice) {
      body += o.op + o.line;
      if (!o.line.endsWith('\n')) body += '\n\\ No newline at end of file\n';
    }
    out.push(body);
  }
  return out;
}
