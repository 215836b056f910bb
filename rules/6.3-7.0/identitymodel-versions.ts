/**
 * Microsoft.IdentityModel ("Wilson") packages at 7.0 (catalog §1.2: IdentityServer 7.0 is built against Wilson 7.1.2,
 * which ASP.NET Core 8's OpenIdConnect/JwtBearer packages also bring). The Microsoft.IdentityModel.* packages and
 * System.IdentityModel.Tokens.Jwt must all be on one version: a project that pins one of them at 6.x (or at another
 * 7.x) next to IdentityServer 7.0 mixes assemblies of two versions, which fails at run time (MissingMethodException,
 * TypeLoadException, tokens that never validate) or at restore (NU1605, a downgrade).
 * Findings on the project's own references: each one below 7.1.2, and, when all are at 7.1.2 or later, each one below
 * the highest of them. Nothing is edited: which version to settle on is the team's call.
 */
import type { ProjectRule } from '../../src/engine/rule';
import type { PackageRef } from '../../src/scan/model';
import { compareVersions } from '../../src/scan/nuget-version';

const FLOOR = '7.1.2';
const isWilson = (id: string) => /^microsoft\.identitymodel\./i.test(id) || id.toLowerCase() === 'system.identitymodel.tokens.jwt';

const rule: ProjectRule = {
  id: '6.3-7.0/identitymodel-versions',
  title: 'Microsoft.IdentityModel.* and System.IdentityModel.Tokens.Jwt on one version, 7.1.2 or later, next to IdentityServer 7',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_3-to-v7_0',
  kind: 'finding',
  catalog: ['1.2'],
  reads: ['project'],
  run(ctx) {
    const refs = (ctx.project.otherPackages ?? []).filter((p): p is PackageRef & { effective: string } => isWilson(p.id) && !!p.effective);
    if (!refs.length) return;
    const highest = refs.map((p) => p.effective).reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b));
    const target = compareVersions(highest, FLOOR) >= 0 ? highest : FLOOR;
    const all = refs.map((p) => `${p.id} ${p.effective}`).join(', ');
    const suggestion = `set every Microsoft.IdentityModel.* and System.IdentityModel.Tokens.Jwt reference to one version, ${target} or later (${all})`;
    for (const p of refs) {
      if (compareVersions(p.effective, FLOOR) < 0) {
        ctx.report(p.idSite.file, p.idSite.start, `${p.id} ${p.effective} is older than the Microsoft.IdentityModel ${FLOOR} that IdentityServer 7.0 and ASP.NET Core 8 use: mixed versions fail at run time or restore`, { severity: 'warning', suggestion });
      } else if (compareVersions(p.effective, highest) < 0) {
        ctx.report(p.idSite.file, p.idSite.start, `${p.id} ${p.effective} is not on the same version as the other Microsoft.IdentityModel packages (${highest})`, { severity: 'warning', suggestion });
      }
    }
  },
};

export default rule;
