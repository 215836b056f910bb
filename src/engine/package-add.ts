/**
 * Project-rule helpers that add or delete whole package items in MSBuild text (package-edits.ts changes values in
 * place). Text splices only: a new item copies the indentation and line ending of its neighbour.
 */
import path from 'node:path';
import type { ProjectContext } from './rule';
import type { ProjectScan, Site } from '../scan/model';
import { detectEol, lineStartOf } from '../util/text';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether the MSBuild text has an item `<type Include="id" …>` (case-insensitive id, as NuGet compares ids). */
export function hasPackageItem(text: string, type: 'PackageReference' | 'PackageVersion' | 'GlobalPackageReference', id: string): boolean {
  return new RegExp(`<${type}\\b[^>]*\\bInclude\\s*=\\s*["']\\s*${escape(id)}\\s*["']`, 'i').test(text);
}

/** The span of the XML element around an attribute value: `<Tag … />` or `<Tag …>…</Tag>`. */
function elementAround(text: string, at: number): { start: number; end: number } | undefined {
  const start = text.lastIndexOf('<', at);
  if (start < 0) return undefined;
  const tag = /^<([\w.]+)/.exec(text.slice(start))?.[1];
  if (!tag) return undefined;
  const open = text.indexOf('>', at);
  if (open < 0) return undefined;
  if (text[open - 1] === '/') return { start, end: open + 1 };
  const close = new RegExp(`</${escape(tag)}\\s*>`).exec(text.slice(open));
  return close ? { start, end: open + close.index + close[0].length } : undefined;
}

/** Deletes the item whose Include/Update value is at `site` (its whole line when it stands alone). */
export function deletePackageItem(ctx: ProjectContext, site: Site): void {
  const text = ctx.text(site.file);
  const el = elementAround(text, site.start);
  if (!el) return;
  const lineStart = lineStartOf(text, el.start);
  const nl = text.indexOf('\n', el.end);
  const lineEnd = nl === -1 ? text.length : nl + 1;
  const alone = /^[ \t]*$/.test(text.slice(lineStart, el.start)) && /^[ \t]*\r?\n?$/.test(text.slice(el.end, lineEnd));
  ctx.edit(site.file, alone ? lineStart : el.start, alone ? lineEnd : el.end, '');
}

/** Inserts `items`, one per line, after the last element matching `after` in the file, else in a new ItemGroup. */
function insertItems(ctx: ProjectContext, file: string, after: RegExp, items: string[]): void {
  if (!items.length) return;
  const text = ctx.text(file);
  const eol = detectEol(text);
  let last: { start: number; end: number } | undefined;
  for (const m of text.matchAll(after)) last = elementAround(text, m.index! + 1) ?? last;
  if (last) {
    const indent = /^[ \t]*/.exec(text.slice(lineStartOf(text, last.start)))![0];
    // Before the line of the closing tag when the element ends its line: an edit that deletes the element's line
    // (another rule of the hop) then does not overlap the insertion.
    const close = /^[ \t]*\r?\n([ \t]*)<\//.exec(text.slice(last.end));
    if (close) {
      const at = last.end + close[0].length - close[1].length - 2;
      ctx.edit(file, at, at, items.map((item) => `${indent}${item}${eol}`).join(''));
    } else ctx.edit(file, last.end, last.end, items.map((item) => `${eol}${indent}${item}`).join(''));
    return;
  }
  const close = text.lastIndexOf('</Project>');
  if (close < 0) return;
  const at = lineStartOf(text, close);
  ctx.edit(file, at, at, `  <ItemGroup>${eol}${items.map((item) => `    ${item}${eol}`).join('')}  </ItemGroup>${eol}`);
}

/**
 * Central versions go before the first PackageVersion whose id sorts after theirs (else after the last one): the
 * usual order of such files, and two projects adding different packages in one hop rarely ask for the same spot.
 */
function insertSorted(ctx: ProjectContext, file: string, items: { id: string; item: string }[]): void {
  const text = ctx.text(file);
  const eol = detectEol(text);
  const existing = [...text.matchAll(/<PackageVersion\b[^>]*\bInclude\s*=\s*["']\s*([^"'\s]+)\s*["']/g)].map((m) => ({ id: m[1], at: m.index! }));
  const before = new Map<number, string[]>();
  const rest: string[] = [];
  for (const { id, item } of [...items].sort((a, b) => a.id.localeCompare(b.id))) {
    const next = existing.find((e) => e.id.toLowerCase().localeCompare(id.toLowerCase()) > 0);
    const lineStart = next ? lineStartOf(text, next.at) : -1;
    if (next && /^[ \t]*$/.test(text.slice(lineStart, next.at))) before.set(lineStart, [...(before.get(lineStart) ?? []), item]);
    else rest.push(item);
  }
  for (const [at, list] of before) {
    const indent = /^[ \t]*/.exec(text.slice(at))![0];
    ctx.edit(file, at, at, list.map((item) => `${indent}${item}${eol}`).join(''));
  }
  insertItems(ctx, file, /<PackageVersion\b/g, rest);
}

/** The Directory.Packages.props that holds the project's central versions. */
function centralFile(project: ProjectScan): string | undefined {
  const known = project.packages.find((p) => p.centralIdSite)?.centralIdSite?.file;
  return known ?? [...project.msbuildFiles].reverse().find((f) => path.basename(f).toLowerCase() === 'directory.packages.props');
}

/**
 * Adds PackageReferences to the project file (and, under Central Package Management, PackageVersions to the central
 * file where it has none), all in one place. Returns false, changing nothing, when it cannot tell where to put them.
 */
export function addPackageReferences(ctx: ProjectContext, packages: { id: string; version: string }[]): boolean {
  const { project } = ctx;
  const central = project.centralPackageManagement ? centralFile(project) : undefined;
  if (project.centralPackageManagement && !central) return false;
  const anyReference = /<PackageReference\b/g;
  if (central) {
    const missing = packages.filter((p) => !hasPackageItem(ctx.text(central), 'PackageVersion', p.id));
    insertSorted(ctx, central, missing.map((p) => ({ id: p.id, item: `<PackageVersion Include="${p.id}" Version="${p.version}" />` })));
    insertItems(ctx, project.path, anyReference, packages.map((p) => `<PackageReference Include="${p.id}" />`));
  } else {
    insertItems(ctx, project.path, anyReference, packages.map((p) => `<PackageReference Include="${p.id}" Version="${p.version}" />`));
  }
  return true;
}
