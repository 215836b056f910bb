/** The gate every source file passes before it is read whole: size, file type, symlinks, binary content. */
import fs from 'node:fs';
import path from 'node:path';

/** Files above this size are skipped with a reason, checked with stat before reading (a generated 50 MB file is not hand-written code). */
export const MAX_SOURCE_BYTES = 10 * 1024 * 1024;

export type SourceRead = { ok: true; bytes: Buffer } | { ok: false; reason: string };

/** In-place writes go through `.<name>.idsrv-codemod-<pid>.tmp` beside their target. */
export const TEMP_TAG = '.idsrv-codemod-';
export const isTempFile = (name: string) => name.startsWith('.') && name.includes(TEMP_TAG) && name.endsWith('.tmp');

const realFolders = new Map<string, string>();

/** A folder's real path, asked of the OS once per folder (every source file of a project checks against it). */
function realFolder(dir: string): string {
  let real = realFolders.get(dir);
  if (real === undefined) {
    try {
      real = fs.realpathSync.native(dir);
    } catch {
      real = dir; // keep the given root
    }
    realFolders.set(dir, real);
  }
  return real;
}

export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Reads a source file for rewriting, or says why not. With `root`, a file whose real path (after symlinks, of the
 * file or of any folder above it) lies outside the root is refused: the codemod neither reads nor writes it. A file
 * that is itself a symlink is not read through the link unless `followLinks` (MSBuild imports follow links, as MSBuild does).
 */
export function readSourceFile(file: string, opts: { root?: string; followLinks?: boolean } = {}): SourceRead {
  let real: string;
  try {
    real = fs.realpathSync.native(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'ELOOP' ? 'symlink loop; not read' : `cannot be read (${code ?? (err as Error).message})` };
  }
  if (opts.root) {
    const realRoot = realFolder(opts.root);
    if (!isInside(realRoot, real)) return { ok: false, reason: `symlink to ${real}, outside the solution folder; not read and not written` };
  }
  // A link inside the folder: its target is edited at its own path, never through the link (which a write would replace).
  if (!opts.followLinks && fs.lstatSync(file).isSymbolicLink()) return { ok: false, reason: `symlink to ${opts.root ? path.relative(opts.root, real).split(path.sep).join('/') : real}; edited only at its real path` };
  let stat: fs.Stats;
  try {
    stat = fs.statSync(real);
  } catch (err) {
    return { ok: false, reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  if (!stat.isFile()) return { ok: false, reason: 'not a regular file; not read' };
  if (stat.size > MAX_SOURCE_BYTES) return { ok: false, reason: `larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB (${(stat.size / 1024 / 1024).toFixed(1)} MB); not read (generated code?)` };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(real);
  } catch (err) {
    return { ok: false, reason: `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
  }
  const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (!utf16 && bytes.includes(0)) return { ok: false, reason: 'contains NUL bytes (binary, or UTF-16 without a BOM); not rewritten' };
  return { ok: true, bytes };
}
