/**
 * Writes the results all-or-nothing as far as a file system allows: every target is checked first (unchanged since
 * it was read, a regular file and not a symlink, writable, optionally inside the root), then every new text goes to a temp
 * file beside its target, and only then are the temps renamed over their targets (each rename is atomic).
 * C# and Razor files are renamed before MSBuild files: a run killed half-way leaves the project files on the old
 * version, so the next run plans the same hops and finishes the upgrade.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { encode, type TextFile } from '../util/text';
import { isInside, TEMP_TAG } from '../util/limits';
import { InputError } from '../scan/discover';

export interface Write {
  path: string;
  original: TextFile;
  text: string;
}

export interface ApplyOptions {
  /** The folder the run is about: messages name files relative to it. */
  root?: string;
  /**
   * Refuse a target whose real path (through symlinked folders) lies outside `root`. Not for a run on a .sln: a
   * solution may list projects outside its own folder.
   */
  confine?: boolean;
}

export interface ApplyResult {
  written: string[];
  /** Temp files of an earlier, interrupted run that were removed. */
  removedStale: string[];
}

/** Refuses the whole apply; `written` lists files already replaced (empty unless renames failed half-way). */
export class ApplyError extends InputError {}

const tempOf = (file: string) => path.join(path.dirname(file), `.${path.basename(file)}${TEMP_TAG}${process.pid}.tmp`);
const isMsbuild = (file: string) => /\.(csproj|vbproj|fsproj|props|targets)$/i.test(file);
const errText = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

export function writeAtomically(writes: Write[], opts: ApplyOptions = {}): ApplyResult {
  const show = (file: string) => (opts.root ? path.relative(opts.root, file).split(path.sep).join('/') : file);
  const ordered = [...writes].sort((a, b) => Number(isMsbuild(a.path)) - Number(isMsbuild(b.path)));
  for (const w of ordered) {
    const why = blocked(w, opts.confine ? opts.root : undefined);
    if (why) throw new ApplyError(`${show(w.path)}: ${why}; nothing written`);
  }
  const removedStale = removeStaleTemps(ordered.map((w) => w.path));
  const staged: { tmp: string; target: string }[] = [];
  try {
    for (const w of ordered) {
      const mode = fs.statSync(w.path).mode;
      const tmp = tempOf(w.path);
      staged.push({ tmp, target: w.path });
      try {
        fs.writeFileSync(tmp, encode({ ...w.original, text: w.text }), { mode, flag: 'wx' });
        fs.chmodSync(tmp, mode);
      } catch (err) {
        throw new ApplyError(`${show(w.path)}: cannot write beside it (${errText(err)}); nothing written`);
      }
    }
  } catch (err) {
    for (const s of staged) fs.rmSync(s.tmp, { force: true });
    throw err;
  }
  const written: string[] = [];
  for (const [i, s] of staged.entries()) {
    try {
      fs.renameSync(s.tmp, s.target);
      written.push(s.target);
    } catch (err) {
      for (const rest of staged.slice(i)) fs.rmSync(rest.tmp, { force: true });
      const left = staged.slice(i).map((r) => show(r.target));
      throw new ApplyError(
        `${show(s.target)}: cannot be replaced (${errText(err)}); the upgrade is HALF-APPLIED: ${written.length} of ${staged.length} file(s) written` +
          `${written.length ? ` (${written.map(show).join(', ')})` : ''}, not written: ${left.join(', ')}. Fix the cause and run again to finish (or restore from version control)`,
      );
    }
  }
  return { written, removedStale };
}

/** Why a target must not be replaced, or undefined. */
function blocked(w: Write, root: string | undefined): string | undefined {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(w.path);
  } catch (err) {
    return `cannot be read (${errText(err)})`;
  }
  if (st.isSymbolicLink()) return 'is a symlink; the codemod does not write through links';
  if (!st.isFile()) return 'is not a regular file';
  if ((st.mode & 0o222) === 0) return 'is read-only; make it writable (or leave it out) and run again';
  if (root) {
    const real = fs.realpathSync(w.path);
    let realRoot = root;
    try {
      realRoot = fs.realpathSync(root);
    } catch {
      /* keep the given root */
    }
    if (!isInside(realRoot, real)) return `lies outside ${root} (through a symlinked folder, at ${real})`;
  }
  let current: Buffer;
  try {
    current = fs.readFileSync(w.path);
  } catch (err) {
    return `cannot be read (${errText(err)})`;
  }
  if (!current.equals(encode(w.original))) return 'changed on disk while the codemod ran';
  return undefined;
}

/** Removes temp files an interrupted run left beside the targets (`.<name>.idsrv-codemod-<pid>.tmp`). */
function removeStaleTemps(targets: string[]): string[] {
  const byDir = new Map<string, Set<string>>();
  for (const t of targets) byDir.set(path.dirname(t), (byDir.get(path.dirname(t)) ?? new Set()).add(path.basename(t)));
  const stale: string[] = [];
  for (const [dir, names] of byDir) {
    let entries: string[];
    try {
      entries = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const e of entries) {
      const at = e.indexOf(TEMP_TAG);
      if (e.startsWith('.') && e.endsWith('.tmp') && at > 1 && names.has(e.slice(1, at))) stale.push(path.join(dir, e));
    }
  }
  for (const f of stale) fs.rmSync(f, { force: true });
  return stale;
}
/** The top of the git work tree holding `dir`, or undefined outside git. */
export function gitRoot(dir: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Uncommitted changes under `dir` (git status lines), empty when clean. */
export function uncommitted(dir: string): string[] {
  const out = execFileSync('git', ['status', '--porcelain', '--', '.'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out.split('\n').filter(Boolean);
}
