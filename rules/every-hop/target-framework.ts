/** Raises TargetFramework(s) of projects that reference IdentityServer to what the hop's release requires; never lowers one. */
import path from 'node:path';
import type { ProjectContext, ProjectRule } from '../../src/engine/rule';
import { lineCol } from '../../src/util/text';
import { DUENDE_PACKAGES, IS4_TO_DUENDE } from '../../src/plan/catalog';
import { frameworkVersion } from '../../src/scan/condition';

/** .NET (Core) version of a moniker, or undefined for .NET Framework / .NET Standard / unknown. */
function dotnetVersion(tfm: string): number | undefined {
  const m = /^(?:netcoreapp|net)(\d+\.\d+)(?:-[\w.]+)?$/.exec(tfm.trim().toLowerCase());
  return m ? Number(m[1]) : undefined;
}

/** file:line of every Condition attribute that mentions one of the monikers. */
function conditionsNaming(ctx: ProjectContext, monikers: string[]): string[] {
  const names = new RegExp(`(^|[^\\w.])(${monikers.map((m) => m.replace(/\./g, '\\.')).join('|')})($|[^\\w.])`, 'i');
  const out: string[] = [];
  for (const file of ctx.project.msbuildFiles) {
    const text = ctx.text(file);
    for (const m of text.matchAll(/Condition\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
      if (names.test(m[1] ?? m[2] ?? '')) out.push(`${path.basename(file)}:${lineCol(text, m.index ?? 0).line}`);
    }
  }
  return out;
}

const rule: ProjectRule = {
  id: 'every-hop/target-framework',
  title: 'Raise TargetFramework / TargetFrameworks to the lowest framework the release supports',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/',
  kind: 'fix',
  catalog: ['1.2'],
  reads: ['project'],
  run(ctx) {
    const { hop, project } = ctx;
    if (!project.packages.some((p) => IS4_TO_DUENDE.has(p.id) || DUENDE_PACKAGES.has(p.id))) return;
    const site = project.frameworkSite;
    const min = hop.to.minFramework;
    const minVersion = dotnetVersion(min)!;
    if (!site) {
      if (project.frameworks.some((f) => (dotnetVersion(f) ?? Infinity) < minVersion)) {
        ctx.report(project.path, 0, `${hop.to.line} needs ${min} or newer, but the project's framework is not declared in a file this tool can edit`, { suggestion: `set TargetFramework to ${min}` });
      }
      return;
    }
    const current = ctx.text(site.file).slice(site.start, site.end);
    if (current.includes('$(')) return; // composed value; the scanner could not pin it to one literal
    const entries = current.split(';').map((s) => s.trim()).filter(Boolean);
    const unknown = entries.filter((f) => dotnetVersion(f) === undefined);
    if (unknown.length) {
      ctx.report(site.file, site.start, `${hop.to.line} runs on ${hop.to.frameworks.join(', ')}; ${unknown.join(', ')} (${unknown.map(frameworkVersion).join(', ') || 'unknown'}) cannot consume it`, {
        suggestion: `target ${min} or newer`,
      });
    }
    const removed = entries.filter((f) => (dotnetVersion(f) ?? Infinity) < minVersion);
    if (!removed.length) return;
    const next = [...new Set(entries.map((f) => (removed.includes(f) ? min : f)))].join(';');
    // Conditions on a framework that goes away would silently drop what they guard (often package references).
    const guarded = conditionsNaming(ctx, removed);
    if (guarded.length) {
      ctx.report(site.file, site.start, `${hop.to.line} needs ${min} or newer, but conditions compare against ${removed.join(', ')} (${guarded.join(', ')}); raising the framework would silently drop what they guard`, {
        suggestion: `set ${site.property} to ${next} and rewrite those conditions by hand`,
      });
      return;
    }
    ctx.edit(site.file, site.start, site.end, next, { review: site.property === 'TargetFrameworks' });
    if (site.file !== project.path) {
      ctx.report(site.file, site.start, `${site.property} is declared in ${path.basename(site.file)}: raising it to ${next} moves every project that imports that file`, { severity: 'info' });
    }
  },
};

export default rule;
