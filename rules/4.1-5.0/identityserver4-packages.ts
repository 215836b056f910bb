/**
 * IdentityServer4 package ids become Duende.IdentityServer ids (catalog §1.1, hop row 4.2 #1).
 *
 * IdentityServer4.AccessTokenValidation has no Duende build (§2.2 #1): its reference becomes
 * Microsoft.AspNetCore.Authentication.JwtBearer at the version that matches the project's framework (the code moves
 * with access-token-validation). Where the project already references JwtBearer the old reference is deleted; where
 * the version cannot be chosen or edited in one place (several frameworks, a version in a property) it is a finding.
 * Third-party IdentityServer4.* packages (IdentityServer4.Contrib.*, Skoruba.IdentityServer4.*, …) are reported on
 * their PackageReference line (§2.2 #3): they have no Duende build and are left unchanged.
 * Project-wide `<Using Include="IdentityServer4.X" />` items (§2.1) naming a library namespace (or a type right under
 * IdentityServer4, for `Static="true"`) become `Duende.IdentityServer.X`; user namespaces such as
 * IdentityServer4.Quickstart.UI stay.
 */
import path from 'node:path';
import type { ProjectContext, ProjectRule } from '../../src/engine/rule';
import { renamePackage } from '../../src/engine/package-edits';
import { deletePackageItem, hasPackageItem } from '../../src/engine/package-add';
import { IS4_TO_DUENDE } from '../../src/plan/catalog';
import type { PackageRef } from '../../src/scan/model';
import { frameworkLine, frameworkPackageVersion } from '../../src/plan/framework-packages';
import { uncleanAccessTokenValidationOptions } from '../../src/engine/cs/is4-duende';
import { LIBRARY_NAMESPACES, ROOT_TYPES } from './identityserver4-namespaces';

const JWT_BEARER = 'Microsoft.AspNetCore.Authentication.JwtBearer';

const rule: ProjectRule = {
  id: '4.1-5.0/identityserver4-packages',
  title: 'Rename IdentityServer4 packages to Duende.IdentityServer; AccessTokenValidation becomes JwtBearer; report IdentityServer4 packages with no Duende build',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-to-duende-identityserver-v5/',
  kind: 'fix',
  catalog: ['4.2#1', '1.1', '2.2#1', '2.2#3'],
  reads: ['project'],
  run(ctx) {
    for (const pkg of ctx.project.packages) {
      const duende = IS4_TO_DUENDE.get(pkg.id);
      if (duende) {
        renamePackage(ctx, pkg, duende);
      } else if (pkg.id.toLowerCase() === 'identityserver4.accesstokenvalidation') {
        toJwtBearer(ctx, pkg);
      } else if (pkg.id.toLowerCase().startsWith('identityserver4.')) {
        ctx.report(pkg.idSite.file, pkg.idSite.start, `${pkg.id} is a third-party package built against IdentityServer4; it has no Duende build and is left unchanged`, {
          suggestion: 'find a Duende-compatible replacement or remove it',
        });
      }
    }
    for (const file of ctx.project.msbuildFiles) renameUsingItems(ctx, file);
  },
};

/** `<Using Include="IdentityServer4.Models" />` → `Duende.IdentityServer.Models` (library namespaces and root types only). */
function renameUsingItems(ctx: ProjectContext, file: string): void {
  const text = ctx.text(file);
  const item = /<Using\b[^>]*?\bInclude\s*=\s*(["'])\s*(IdentityServer4(?:\.[A-Za-z_][\w.]*)?)\s*\1/g;
  for (let m; (m = item.exec(text)); ) {
    const ns = m[2];
    const library = LIBRARY_NAMESPACES.includes(ns) || ROOT_TYPES.some((t) => ns === `IdentityServer4.${t}`);
    if (!library) continue;
    const start = m.index + m[0].indexOf(ns, m[0].indexOf(m[1]) + 1);
    ctx.edit(file, start, start + 'IdentityServer4'.length, 'Duende.IdentityServer');
  }
}

export default rule;

function toJwtBearer(ctx: ProjectContext, pkg: PackageRef): void {
  const { project } = ctx;
  const cannot = (why: string, suggestion: string) =>
    ctx.report(pkg.idSite.file, pkg.idSite.start, `IdentityServer4.AccessTokenValidation has no Duende build and was not replaced: ${why}`, { suggestion });
  const advice = (version?: string) => `reference ${JWT_BEARER}${version ? ` ${version}` : ' at the version of your framework'} (AddJwtBearer) instead; reference tokens need IdentityModel.AspNetCore.OAuth2Introspection / Duende.AspNetCore.Authentication.OAuth2Introspection (AddOAuth2Introspection)`;

  // The registration must become AddJwtBearer too: where its options do not map, the old package has to stay for now.
  const unclean = (ctx.sources?.() ?? []).flatMap((f) => uncleanAccessTokenValidationOptions(f.text).map((o) => `${o} in ${path.relative(project.dir, f.file).split(path.sep).join('/')}`));
  if (unclean.length) {
    return cannot(`AddIdentityServerAuthentication sets options JwtBearer does not have (${unclean.join(', ')}), so that registration is not rewritten and still needs this package`, advice());
  }
  // Already referenced (directly, or centrally under CPM): just drop the old reference.
  if (project.msbuildFiles.some((f) => hasPackageItem(ctx.text(f), 'PackageReference', JWT_BEARER))) {
    deletePackageItem(ctx, pkg.idSite);
    for (const site of pkg.otherIdSites) deletePackageItem(ctx, site);
    return;
  }
  const line = project.frameworks.length === 1 ? frameworkLine(project.frameworks[0]) : undefined;
  const version = line && frameworkPackageVersion(JWT_BEARER, line);
  if (!version) {
    return cannot(project.frameworks.length > 1 ? `the project targets ${project.frameworks.join(', ')}, which need different JwtBearer versions` : `no JwtBearer version is known for framework '${project.frameworks[0] ?? '?'}'`, advice());
  }
  if (!pkg.versionSite || pkg.viaProperty) {
    return cannot(pkg.viaProperty ? `its version comes from the property $(${pkg.viaProperty}), which may serve other packages` : 'its version is not declared in one place this tool can edit', advice(version));
  }
  const centralHasJwtBearer = !!pkg.centralIdSite && hasPackageItem(ctx.text(pkg.centralIdSite.file), 'PackageVersion', JWT_BEARER);
  ctx.edit(pkg.idSite.file, pkg.idSite.start, pkg.idSite.end, JWT_BEARER, { review: true });
  for (const site of pkg.otherIdSites) ctx.edit(site.file, site.start, site.end, JWT_BEARER, { review: true });
  if (pkg.origin === 'central' && centralHasJwtBearer) return; // the central JwtBearer version applies
  if (pkg.origin === 'central' && pkg.centralIdSite) ctx.edit(pkg.centralIdSite.file, pkg.centralIdSite.start, pkg.centralIdSite.end, JWT_BEARER, { review: true });
  ctx.edit(pkg.versionSite.file, pkg.versionSite.start, pkg.versionSite.end, version, { review: true });
}
