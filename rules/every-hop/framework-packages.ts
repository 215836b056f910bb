/**
 * Packages whose major version follows .NET (ASP.NET Core, EF Core, Microsoft.Extensions.*, the Npgsql provider) move
 * with the framework when a hop raises it, to the version the table in src/plan/framework-packages.ts gives for the new
 * framework; a framework-tied package the table does not know is reported, never guessed.
 */
import { raiseVersion } from '../../src/engine/package-edits';
import type { ProjectRule } from '../../src/engine/rule';
import { planPackageMoves } from '../../src/plan/package-moves';

const rule: ProjectRule = {
  id: 'every-hop/framework-packages',
  title: 'Move ASP.NET Core, EF Core and Microsoft.Extensions packages with the target framework the hop raises',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/',
  kind: 'fix',
  catalog: ['1.2'],
  reads: ['project'],
  run(ctx) {
    const plan = planPackageMoves(ctx.project, ctx.hop, ctx.text);
    for (const move of plan.moves) if (move.reasons.includes('framework')) raiseVersion(ctx, move.pkg, move.version, { review: move.review });
    for (const f of plan.findings) if (f.reason === 'framework') ctx.report(f.site.file, f.site.start, f.message, { severity: f.severity, suggestion: f.suggestion });
  },
};

export default rule;
