/**
 * The one decision about a project's target framework at a hop: raise every entry below the release's minimum to
 * that minimum, never lower one. The every-hop/target-framework rule makes the edit; the package rules read the
 * same decision to know which frameworks a project leaves and which it lands on.
 */
import path from 'node:path';
import type { Hop } from './catalog';
import { dotnetVersion } from './framework-packages';
import type { ProjectScan, Site } from '../scan/model';
import { lineCol } from '../util/text';

export type FrameworkDecision =
  /** Every framework already meets the release's minimum (or none is declared and none is below it). */
  | { kind: 'keep' }
  /** A framework is below the minimum but is not declared in a file this tool can edit. */
  | { kind: 'undeclared' }
  /** The value is composed from properties: nothing to decide on. */
  | { kind: 'composed' }
  /** Conditions compare against a framework that would disappear: raising would silently drop what they guard. */
  | { kind: 'refused'; site: NonNullable<ProjectScan['frameworkSite']>; entries: string[]; next: string[]; removed: string[]; unknown: string[]; guarded: string[] }
  | {
      kind: 'raise';
      site: NonNullable<ProjectScan['frameworkSite']>;
      entries: string[]; // as declared
      next: string[]; // after the raise (deduplicated, declared order)
      removed: string[]; // entries below the minimum
      unknown: string[]; // entries that are not .NET (Core): .NET Framework, .NET Standard, ...
      /** Each declared entry and the framework it becomes. */
      mapping: Map<string, string>;
    }
  | { kind: 'none'; site: NonNullable<ProjectScan['frameworkSite']>; entries: string[]; unknown: string[] };

/** file:line of every Condition attribute that mentions one of the monikers. */
function conditionsNaming(project: ProjectScan, text: (file: string) => string, monikers: string[]): string[] {
  const names = new RegExp(`(^|[^\\w.])(${monikers.map((m) => m.replace(/\./g, '\\.')).join('|')})($|[^\\w.])`, 'i');
  const out: string[] = [];
  for (const file of project.msbuildFiles) {
    const body = text(file);
    for (const m of body.matchAll(/Condition\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
      if (names.test(m[1] ?? m[2] ?? '')) out.push(`${path.basename(file)}:${lineCol(body, m.index ?? 0).line}`);
    }
  }
  return out;
}

/** What the hop does to the project's TargetFramework(s). `text` reads an MSBuild file as earlier hops left it. */
export function decideFramework(project: ProjectScan, hop: Hop, text: (file: string) => string): FrameworkDecision {
  const site = project.frameworkSite;
  const min = hop.to.minFramework;
  const minVersion = dotnetVersion(min)!;
  if (!site) return project.frameworks.some((f) => (dotnetVersion(f) ?? Infinity) < minVersion) ? { kind: 'undeclared' } : { kind: 'keep' };
  const current = text(site.file).slice(site.start, site.end);
  if (current.includes('$(')) return { kind: 'composed' }; // the scanner could not pin it to one literal
  const entries = current.split(';').map((s) => s.trim()).filter(Boolean);
  const unknown = entries.filter((f) => dotnetVersion(f) === undefined);
  const removed = entries.filter((f) => (dotnetVersion(f) ?? Infinity) < minVersion);
  if (!removed.length) return { kind: 'none', site, entries, unknown };
  const mapping = new Map(entries.map((f) => [f, removed.includes(f) ? min : f]));
  const next = [...new Set(entries.map((f) => mapping.get(f)!))];
  const guarded = conditionsNaming(project, text, removed);
  if (guarded.length) return { kind: 'refused', site, entries, next, removed, unknown, guarded };
  return { kind: 'raise', site, entries, next, removed, unknown, mapping };
}

export type { Site };
