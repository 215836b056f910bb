/**
 * The IdentityModel client library became Duende.IdentityModel at IdentityServer 7.1 (package ids; namespaces are a
 * separate rule). A client-only project (IdentityModel packages, no IdentityServer package of its own: a client or an
 * API) moves too, so that the solution keeps one client library; it gets one info finding, at its first moved
 * reference, that says so.
 */
import { raiseVersion, renamePackage } from '../../src/engine/package-edits';
import { packageFamily } from '../../src/scan/model';
import type { ProjectRule } from '../../src/engine/rule';
import { compareVersions } from '../../src/scan/nuget-version';

/** Old id -> new id and the first Duende version whose API maps 1:1 (catalog §1.1, §2.4). */
const RENAMES: Record<string, { id: string; version: string }> = {
  IdentityModel: { id: 'Duende.IdentityModel', version: '7.0.0' },
  'IdentityModel.OidcClient': { id: 'Duende.IdentityModel.OidcClient', version: '6.0.0' },
  'IdentityModel.OidcClient.DPoP': { id: 'Duende.IdentityModel.OidcClient.Extensions', version: '6.0.0' },
};

const REDESIGNED: Record<string, string> = {
  'identitymodel.aspnetcore.oauth2introspection': 'Duende.AspNetCore.Authentication.OAuth2Introspection (types moved to new namespaces)',
  'identitymodel.aspnetcore': 'Duende.AccessTokenManagement / Duende.AccessTokenManagement.OpenIdConnect (redesigned API)',
};

const rule: ProjectRule = {
  id: '7.0-7.1/identitymodel-package',
  title: 'Rename IdentityModel packages to their Duende.IdentityModel successors',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_0-to-v7_1/',
  kind: 'fix',
  catalog: ['4.11#1', '1.1'],
  reads: ['project'],
  run(ctx) {
    const moved: { pkg: (typeof ctx.project.packages)[number]; text: string }[] = [];
    for (const pkg of ctx.project.packages) {
      const rename = RENAMES[pkg.id] ?? Object.entries(RENAMES).find(([k]) => k.toLowerCase() === pkg.id.toLowerCase())?.[1];
      if (rename) {
        renamePackage(ctx, pkg, rename.id);
        const version = pkg.id.toLowerCase() === 'identitymodel' ? ctx.hop.to.identityModel.version : rename.version;
        raiseVersion(ctx, pkg, version);
        moved.push({ pkg, text: `${pkg.id}${pkg.effective ? ` ${pkg.effective}` : ''} -> ${rename.id}` });
        if (pkg.effective && compareVersions(pkg.effective, rename.version) < 0 && rename.version === '6.0.0') {
          ctx.report(pkg.idSite.file, pkg.idSite.start, `${pkg.id} ${pkg.effective} becomes ${rename.id} ${rename.version}; check its release notes for changes since ${pkg.effective}`, { severity: 'info' });
        }
        continue;
      }
      const redesigned = REDESIGNED[pkg.id.toLowerCase()];
      if (redesigned) {
        ctx.report(pkg.idSite.file, pkg.idSite.start, `${pkg.id} is succeeded by ${redesigned}; not renamed automatically`, { suggestion: 'move to the successor package by hand' });
      }
    }
    if (moved.length && !ctx.project.packages.some((p) => packageFamily(p.id) === 'identityserver')) {
      const first = moved[0].pkg.idSite;
      ctx.report(
        first.file,
        first.start,
        `${ctx.project.name} has no IdentityServer package but moves with the upgrade: ${moved.map((m) => m.text).join(', ')}. ` +
          'IdentityModel continues as Duende.IdentityModel (IdentityServer 7.1+ depends on it; IdentityModel gets no new releases), so the solution keeps one client library',
        { severity: 'info', suggestion: 'Nothing to do if intended (its IdentityModel.* namespaces are renamed too); to keep it on IdentityModel, leave it out of the upgrade (--exclude)' },
      );
    }
  },
};

export default rule;
