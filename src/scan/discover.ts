/** Finds the projects to upgrade: from a folder (globby, honouring .gitignore), a .sln/.slnx or a .csproj. */
import fs from 'node:fs';
import path from 'node:path';
import globby from 'globby';
import { msbuildPath } from './vfs';

export interface Discovery {
  root: string; // folder the run is about (for relative paths)
  solutions: string[];
  projects: string[]; // absolute .csproj paths, sorted
  notes: string[];
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
  const found = await globby(['**/*.sln', '**/*.slnx', '**/*.csproj'], { cwd: abs, gitignore: true, ignore: NEVER, absolute: true, caseSensitiveMatch: false, followSymbolicLinks: false });
  const files = found.map((f) => path.resolve(f)).sort();
  const solutions = files.filter((f) => /\.slnx?$/i.test(f));
  const projects = new Set(files.filter((f) => /\.csproj$/i.test(f)));
  // Projects a solution names outside the folder are still part of the run.
  for (const sln of solutions) for (const p of projectsOfSolution(sln, notes)) if (fs.existsSync(p)) projects.add(p);
  return { root: abs, solutions, projects: [...projects].sort(), notes };
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
