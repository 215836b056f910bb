/**
 * Dependency floors per release: what the IdentityServer packages of the hop's release themselves reference per target
 * framework (EF Core 9 even on net8.0 from 7.4, EF Core 10 at 8.0, the ASP.NET Core OpenID Connect handler, Data
 * Protection, Microsoft.IdentityModel.*). A direct reference below a floor is a NuGet downgrade error (NU1605), or for
 * EF Core a provider of an older major than the Relational package IdentityServer brings: it is raised.
 */
import { raiseVersion } from '../../src/engine/package-edits';
import type { ProjectRule } from '../../src/engine/rule';
import { planPackageMoves } from '../../src/plan/package-moves';

const rule: ProjectRule = {
  id: 'every-hop/dependency-floors',
  title: "Raise EF Core, ASP.NET Core and Microsoft.IdentityModel references below what the release's IdentityServer packages depend on",
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/',
  kind: 'fix',
  catalog: ['1.2'],
  reads: ['project'],
  run(ctx) {
    const plan = planPackageMoves(ctx.project, ctx.hop, ctx.text);
    for (const move of plan.moves) if (move.reasons.includes('floor')) raiseVersion(ctx, move.pkg, move.version, { review: move.review });
    for (const f of plan.findings) if (f.reason === 'floor') ctx.report(f.site.file, f.site.start, f.message, { severity: f.severity, suggestion: f.suggestion });
  },
};

export default rule;
