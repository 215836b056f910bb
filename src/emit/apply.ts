/** Writes the results: every new text to a temp file beside its target first, then renames them all. */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { encode, type TextFile } from '../util/text';

export interface Write {
  path: string;
  original: TextFile;
  text: string;
}

export function writeAtomically(writes: Write[]): void {
  const staged: { tmp: string; target: string }[] = [];
  try {
    for (const w of writes) {
      const current = fs.readFileSync(w.path);
      if (!current.equals(encode(w.original))) throw new Error(`${w.path} changed on disk while the codemod ran; nothing written`);
      const mode = fs.statSync(w.path).mode;
      const tmp = path.join(path.dirname(w.path), `.${path.basename(w.path)}.idsrv-codemod-${process.pid}.tmp`);
      fs.writeFileSync(tmp, encode({ ...w.original, text: w.text }), { mode });
      fs.chmodSync(tmp, mode);
      staged.push({ tmp, target: w.path });
    }
  } catch (err) {
    for (const s of staged) fs.rmSync(s.tmp, { force: true });
    throw err;
  }
  for (const s of staged) fs.renameSync(s.tmp, s.target);
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
