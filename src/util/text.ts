/** Lossless text handling: decode a file's bytes, remember how it was encoded, write it back the same way. */

export interface TextFile {
  text: string; // without the BOM
  bom: boolean;
  eol: '\r\n' | '\n';
}

export type DecodeResult = { ok: true; file: TextFile } | { ok: false; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decode(bytes: Uint8Array): DecodeResult {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    // Not decoded on purpose: the diff, --patch and --patch-series outputs are UTF-8 text, and git treats a UTF-16
    // file as binary, so a patch for it could not be applied. Skipping keeps every output mode consistent.
    return { ok: false, reason: 'UTF-16 encoded: the codemod\'s diffs and patches are UTF-8 text, which git cannot apply to a UTF-16 file; convert it to UTF-8 to let the codemod edit it' };
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'not valid UTF-8 (perhaps Windows-1252); it cannot be rewritten losslessly' };
  }
  if (text.includes('\u0000')) return { ok: false, reason: 'contains NUL characters (binary or UTF-16 without BOM)' };
  const bom = text.charCodeAt(0) === 0xfeff;
  if (bom) text = text.slice(1);
  return { ok: true, file: { text, bom, eol: detectEol(text) } };
}

export function encode(file: TextFile): Buffer {
  return Buffer.from((file.bom ? '\ufeff' : '') + file.text, 'utf8');
}

export function detectEol(text: string): '\r\n' | '\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}

/** 1-based line and column of a UTF-16 offset. */
export function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Start offset of the line that contains `offset`. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function indentAt(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  const m = /^[ \t]*/.exec(text.slice(start, offset));
  return m ? m[0] : '';
}
