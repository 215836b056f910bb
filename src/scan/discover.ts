/** Finds the projects to upgrade: from a folder (globby, honouring .gitignore), a .sln/.slnx or a .csproj. */
import fs from 'node:fs';
import path from 'node:path';
import globby from 'globby';
import { msbuildPath } from './vfs';
import { isInside, isTempFile } from '../util/limits';

export interface Discovery {
  root: string; // folder the run is about (for relative paths)
  solutions: string[];
  projects: string[]; // absolute .csproj paths, sorted
  notes: string[];
  /**
   * C#/Razor files the folder walk saw (absolute, sorted; outside dot folders, bin/, obj/ and what .gitignore
   * excludes), so that the engine need not walk each project's folder again. Absent when no folder was walked.
   */
  sources?: string[];
}

const NEVER = ['**/bin/**', '**/obj/**', '**/node_modules/**', '**/.git/**'];

export class InputError extends Error {}

export async function discover(target: string): Promise<Discovery> {
  const abs = path.resolve(target);
  if (!fs.existsSync(abs)) throw new InputError(`${target}: no such file or folder`);
  const notes: string[] = [];
  if (fs.statSync(abs).isFile()) {
    const ext = path.extname(abs).toLowerCase();
    if (ext === '.csproj') return { root: path.dirname(abs), solutions: [], projects: [abs], notes };
    if (ext === '.sln' || ext === '.slnx') {
      return { root: path.dirname(abs), solutions: [abs], projects: projectsOfSolution(abs, notes).sort(), notes };
    }
    throw new InputError(`${target}: expected a folder, a .sln, a .slnx or a .csproj`);
  }
  const { files, sources, notes: walkNotes } = await walkFolder(abs);
  notes.push(...walkNotes);
  const solutions = files.filter((f) => /\.slnx?$/i.test(f));
  const projects = new Set(files.filter((f) => /\.csproj$/i.test(f)));
  // Projects a solution names outside the folder are still part of the run.
  for (const sln of solutions) for (const p of projectsOfSolution(sln, notes)) if (fs.existsSync(p)) projects.add(p);
  return { root: abs, solutions, projects: [...projects].sort(), notes, sources };
}

const rel = (root: string, p: string) => path.relative(root, p).split(path.sep).join('/');

/**
 * Solutions and projects under `root`, with notes on what was left out: symlinks that lead outside the folder or
 * loop, folders that cannot be read, and temp files an interrupted in-place run left behind.
 */
async function walkFolder(root: string): Promise<{ files: string[]; sources: string[]; notes: string[] }> {
  const notes: string[] = [];
  const ignore = [...NEVER];
  let entries: globby.Entry[] | undefined;
  // An unreadable folder makes the walk fail: note it, leave it out, walk again (a bounded number of times).
  for (let attempt = 0; !entries; attempt++) {
    try {
      entries = (await globby(['**'], { cwd: root, gitignore: true, ignore, absolute: true, onlyFiles: false, dot: true, objectMode: true, followSymbolicLinks: false })) as unknown as globby.Entry[];
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (attempt >= 50 || !e.path || !['EACCES', 'EPERM'].includes(e.code ?? '')) throw err;
      const folder = rel(root, e.path);
      notes.push(`${folder}/: folder cannot be read (${e.code}); left out`);
      ignore.push(`${folder}/**`);
    }
  }
  let realRoot = root;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    /* keep it */
  }
  const files: string[] = [];
  const sources: string[] = [];
  for (const e of entries) {
    const file = path.resolve(e.path);
    const name = path.basename(file);
    if (isTempFile(name)) {
      notes.push(`${rel(root, file)}: temp file of an interrupted in-place run; the next in-place run removes it`);
      continue;
    }
    // Dot folders were never searched for projects; they still are not.
    if (rel(root, file).split('/').some((seg) => seg.startsWith('.'))) continue;
    const wanted = /\.(sln|slnx|csproj)$/i.test(name);
    const source = /\.(cs|cshtml|razor)$/.test(name);
    if (e.dirent.isSymbolicLink()) {
      let real: string;
      try {
        real = fs.realpathSync(file);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        notes.push(`${rel(root, file)}: ${code === 'ELOOP' ? 'symlink loop' : `broken symlink (${code})`}; not followed`);
        continue;
      }
      if (!isInside(realRoot, real)) {
        notes.push(`${rel(root, file)}: symlink to ${real}, outside ${root}; not read, not written`);
        continue;
      }
      if ((wanted || source) && fs.statSync(real).isFile()) (wanted ? files : sources).push(file);
      continue;
    }
    if (wanted && e.dirent.isFile()) files.push(file);
    if (source && e.dirent.isFile()) sources.push(file);
  }
  return { files: files.sort(), sources: sources.sort(), notes };
}

export function projectsOfSolution(sln: string, notes: string[]): string[] {
  const text = fs.readFileSync(sln, 'utf8').replace(/^\ufeff/, '');
  const dir = path.dirname(sln);
  const rel: string[] = [];
  if (sln.toLowerCase().endsWith('.slnx')) {
    for (const m of text.matchAll(/<Project\s[^>]*Path\s*=\s*"([^"]+)"/gi)) rel.push(m[1]);
  } else {
    for (const m of text.matchAll(/^Project\("\{[0-9A-Fa-f-]+\}"\)\s*=\s*"[^"]*"\s*,\s*"([^"]+)"/gm)) rel.push(m[1]);
  }
  const out: string[] = [];
  for (const r of rel.filter((p) => /\.csproj$/i.test(p))) {
    const abs = msbuildPath(r, dir);
    if (fs.existsSync(abs)) out.push(abs);
    else notes.push(`${sln}: project ${r} listed but not found`);
  }
  for (const r of rel.filter((p) => /\.(vbproj|fsproj)$/i.test(p))) notes.push(`${sln}: ${r} is not a C# project; not upgraded`);
  return out;
}
