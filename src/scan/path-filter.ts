/**
 * --include / --exclude: globs relative to the solution root that say which projects and files the run may touch.
 *
 * A pattern matches a path when it matches the path itself or one of its folders, so `templates`, `templates/`
 * and `templates/**` all leave the whole folder alone. A pattern without a `/` (a trailing one aside) matches at any depth (`*.Tests`
 * is any folder or file named like that). `**` spans folders, `*` and `?` stay within one name, `{a,b}` lists
 * alternatives. With includes, a path must match one of them; an exclude always wins.
 */
import path from 'node:path';

export interface PathFilterOptions {
  include?: string[];
  exclude?: string[];
}

export type PathPredicate = (absPath: string) => boolean;

/** The predicate for the given globs, or undefined when there are none (everything is kept). */
export function pathFilter(root: string, options: PathFilterOptions): PathPredicate | undefined {
  const include = (options.include ?? []).map(globToRegExp);
  const exclude = (options.exclude ?? []).map(globToRegExp);
  if (!include.length && !exclude.length) return undefined;
  return (absPath) => {
    const rel = path.relative(root, absPath).split(path.sep).join('/');
    if (!rel || rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) return true; // not under the root: not ours to filter
    const candidates = withFolders(rel);
    const hit = (res: RegExp[]) => res.some((re) => candidates.some((c) => re.test(c)));
    if (hit(exclude)) return false;
    return !include.length || hit(include);
  };
}

/** `a/b/c.cs` -> [`a`, `a/b`, `a/b/c.cs`]. */
function withFolders(rel: string): string[] {
  const parts = rel.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

export function globToRegExp(glob: string): RegExp {
  let g = glob.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, '');
  const anchored = g.includes('/');
  if (g.endsWith('/**')) g = g.slice(0, -3); // the folder itself: its contents match through withFolders
  if (!anchored) g = `**/${g}`;
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') {
      i++;
      if (g[i + 1] === '/') {
        i++;
        re += '(?:.*/)?'; // `**/`: zero or more folders
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = g.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${g.slice(i + 1, end).split(',').map(escape).join('|')})`;
        i = end;
      }
    } else re += escape(c);
  }
  return new RegExp(`^${re}$`, process.platform === 'win32' ? 'i' : '');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
