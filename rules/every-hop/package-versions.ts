/** Moves the IdentityServer packages, together, to the hop's release; keeps IdentityModel at least at the version it needs. */
import path from 'node:path';
import { raiseVersion } from '../../src/engine/package-edits';
import type { ProjectRule } from '../../src/engine/rule';
import { DUENDE_PACKAGES, IS4_TO_DUENDE } from '../../src/plan/catalog';
import { compareVersions } from '../../src/scan/nuget-version';

const rule: ProjectRule = {
  id: 'every-hop/package-versions',
  title: 'Move every IdentityServer package of the project to the release of the hop; raise IdentityModel to the version that release depends on',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/',
  kind: 'fix',
  catalog: ['1.1', '1.2'],
  reads: ['project'],
  run(ctx) {
    const { hop, project } = ctx;
    const hasIdentityServer = project.packages.some((p) => IS4_TO_DUENDE.has(p.id) || DUENDE_PACKAGES.has(p.id));
    const restored = project.packages.find((p) => p.effectiveFrom === 'packages.lock.json');
    if (restored && project.packages.some((p) => p.effective && (IS4_TO_DUENDE.has(p.id) || DUENDE_PACKAGES.has(p.id)) && compareVersions(p.effective, hop.to.latest) < 0)) {
      const lock = path.join(project.dir, 'packages.lock.json');
      ctx.report(lock, 0, `${path.basename(lock)} records the versions restored before the upgrade; a locked-mode restore (RestoreLockedMode, --locked-mode) fails until it is regenerated`, {
        severity: 'info',
        suggestion: `run \`dotnet restore ${path.basename(project.path)} --force-evaluate\` in the project folder`,
      });
    }
    for (const pkg of project.packages) {
      if (IS4_TO_DUENDE.has(pkg.id) || DUENDE_PACKAGES.has(pkg.id)) {
        raiseVersion(ctx, pkg, hop.to.latest);
      } else if (pkg.id === hop.to.identityModel.id && (hasIdentityServer || pkg.id === 'Duende.IdentityModel')) {
        // A direct reference below IdentityServer's own dependency would be a NuGet downgrade error (NU1605).
        raiseVersion(ctx, pkg, hop.to.identityModel.version);
      }
    }
  },
};

export default rule;
