/** Helpers for project rules: change a package's version or id exactly where the scanner found it. */
import type { ProjectContext } from './rule';
import type { PackageRef } from '../scan/model';
import { compareVersions, respec } from '../scan/nuget-version';

/** Raises the package to `version` at its declaration site (keeping the spec's form); never lowers it. `review`: list the edit for review. */
export function raiseVersion(ctx: ProjectContext, pkg: PackageRef, version: string, options?: { review?: boolean }): void {
  const site = pkg.versionSite;
  if (site) {
    const next = respec(ctx.text(site.file).slice(site.start, site.end), version);
    if (next !== undefined) ctx.edit(site.file, site.start, site.end, next, options);
    return;
  }
  if (pkg.effective && compareVersions(pkg.effective, version) >= 0) return;
  const why = pkg.unresolved ?? (pkg.specRaw ? `its version '${pkg.specRaw}' is not declared in one place this tool can edit` : 'it has no version');
  ctx.report(pkg.idSite.file, pkg.idSite.start, `${pkg.id} not moved to ${version}: ${why}`, { severity: 'warning', suggestion: `set ${pkg.id} to ${version}` });
}

/** Renames a package id everywhere the project names it: the reference, its central version, Update items. */
export function renamePackage(ctx: ProjectContext, pkg: PackageRef, newId: string): void {
  for (const site of [pkg.idSite, pkg.centralIdSite, ...pkg.otherIdSites]) {
    if (site && ctx.text(site.file).slice(site.start, site.end).toLowerCase() === pkg.id.toLowerCase()) ctx.edit(site.file, site.start, site.end, newId);
  }
}
