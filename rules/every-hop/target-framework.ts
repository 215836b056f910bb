/** Raises TargetFramework(s) of projects that reference IdentityServer to what the hop's release requires; never lowers one. */
import path from 'node:path';
import type { ProjectRule } from '../../src/engine/rule';
import { DUENDE_PACKAGES, IS4_TO_DUENDE } from '../../src/plan/catalog';
import { decideFramework } from '../../src/plan/target-framework';
import { frameworkVersion } from '../../src/scan/condition';

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
    const min = hop.to.minFramework;
    const decision = decideFramework(project, hop, ctx.text);
    if (decision.kind === 'undeclared') {
      ctx.report(project.path, 0, `${hop.to.line} needs ${min} or newer, but the project's framework is not declared in a file this tool can edit`, { suggestion: `set TargetFramework to ${min}` });
    }
    if (decision.kind === 'undeclared' || decision.kind === 'keep' || decision.kind === 'composed') return;
    const { site, unknown } = decision;
    if (unknown.length) {
      ctx.report(site.file, site.start, `${hop.to.line} runs on ${hop.to.frameworks.join(', ')}; ${unknown.join(', ')} (${unknown.map(frameworkVersion).join(', ') || 'unknown'}) cannot consume it`, {
        suggestion: `target ${min} or newer`,
      });
    }
    if (decision.kind === 'none') return;
    const next = decision.next.join(';');
    // Conditions on a framework that goes away would silently drop what they guard (often package references).
    if (decision.kind === 'refused') {
      ctx.report(site.file, site.start, `${hop.to.line} needs ${min} or newer, but conditions compare against ${decision.removed.join(', ')} (${decision.guarded.join(', ')}); raising the framework would silently drop what they guard`, {
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
