/** Turns MSBuild evaluations of one project into the ProjectScan the planner and rules read. */
import fs from 'node:fs';
import path from 'node:path';
import { evaluateProject, type Evaluation, type ItemRecord, type PropertyRecord } from './msbuild';
import { packageFamily, type PackageRef, type ProjectScan, type Site } from './model';
import { parseSpec, resolveSpec, satisfies } from './nuget-version';
import { readRestored, restoredVersion, type Restored } from './lockfiles';
import { FileView, msbuildPath } from './vfs';
import { XmlError } from './xml';
import { RELEASES } from '../plan/catalog';

/** Every IdentityServer release this tool knows (for resolving floating versions). */
const KNOWN_VERSIONS = RELEASES.flatMap((r) => {
  const [major, minor, patch] = r.latest.split('.').map(Number);
  return Array.from({ length: patch + 1 }, (_, p) => `${major}.${minor}.${p}`);
});

export function scanProject(projectPath: string, view: FileView): ProjectScan {
  try {
    return scan(projectPath, view);
  } catch (err) {
    // A bad MSBuild file is named relative to the project, so the report never shows where the solution sits on disk.
    throw err instanceof XmlError ? err.relativeTo(path.dirname(projectPath)) : err;
  }
}

function scan(projectPath: string, view: FileView): ProjectScan {
  const dir = path.dirname(projectPath);
  const outer = evaluateProject(projectPath, view);
  const notes = [...outer.notes];
  // As Sdk.targets decides: a project multi-targets only when TargetFramework is empty.
  const tfms = prop(outer, 'TargetFramework') ? undefined : prop(outer, 'TargetFrameworks');
  const frameworks = (tfms ? tfms.value : prop(outer, 'TargetFramework')?.value ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  const inner: { framework?: string; ev: Evaluation }[] = tfms?.value.trim()
    ? frameworks.map((framework) => ({ framework, ev: evaluateProject(projectPath, view, { TargetFramework: framework }) }))
    : [{ framework: frameworks[0], ev: outer }];
  for (const { ev } of inner) for (const n of ev.notes) if (!notes.includes(n)) notes.push(n);

  const restored = readRestored(dir, notes);
  const names = inner.map((i) => i.framework ?? '');
  const packages = mergeFrameworks(inner.map(({ framework, ev }) => packagesOf(ev, framework, restored, notes, true)), names);
  // Their notes are not the report's business: a rule that wants to move one says why it cannot.
  const otherPackages = mergeFrameworks(inner.map(({ framework, ev }) => packagesOf(ev, framework, restored, [], false)), names);

  if (fs.existsSync(path.join(dir, 'packages.config'))) notes.push(`${path.join(dir, 'packages.config')}: packages.config projects are not supported; migrate to PackageReference first`);
  for (const p of packages) {
    if (p.id.toLowerCase() === 'microsoft.aspnetcore.apiauthorization.identityserver') {
      notes.push(`IdentityServer arrives only transitively through ${p.id} (IdentityServer4 inside ASP.NET Core's API authorization); that package has no Duende build: plan its removal by hand`);
    }
  }
  return {
    path: projectPath,
    dir,
    name: path.basename(projectPath, path.extname(projectPath)),
    frameworks,
    frameworkSite: frameworkSite(outer, tfms ? 'TargetFrameworks' : 'TargetFramework'),
    packages,
    otherPackages,
    centralPackageManagement: isTrue(prop(outer, 'ManagePackageVersionsCentrally')?.value),
    msbuildFiles: [...new Set(inner.flatMap((i) => i.ev.files))],
    notes,
    usings: [...new Set([...inner[0].ev.items.filter((i) => i.type.toLowerCase() === 'using').map((i) => i.id), ...implicitUsings(outer, projectPath, view)])],
    nullable: prop(outer, 'Nullable')?.value.trim().toLowerCase(),
    projectReferences: [...new Set(inner.flatMap((i) => i.ev.items.filter((it) => it.type === 'ProjectReference').map((it) => msbuildPath(it.id, dir))))],
    linkedSources: linkedSources(inner.map((i) => i.ev), dir, notes),
  };
}

/** `<Compile Include>` items naming a C# file outside the project folder: the project compiles it, so it is upgraded with it. */
function linkedSources(evaluations: Evaluation[], dir: string, notes: string[]): string[] {
  const out = new Set<string>();
  for (const item of evaluations.flatMap((ev) => ev.items).filter((i) => i.type.toLowerCase() === 'compile')) {
    const file = msbuildPath(item.id, dir);
    const rel = path.relative(dir, file);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) continue; // inside the folder: a source like any other
    if (/[*?]/.test(item.id)) {
      const note = `Compile item ${item.id} (outside the project folder, with a wildcard) is not upgraded; upgrade those files by hand`;
      if (!notes.includes(note)) notes.push(note);
      continue;
    }
    if (file.toLowerCase().endsWith('.cs')) out.add(file);
  }
  return [...out].sort();
}

/** Usings the .NET SDK adds when `ImplicitUsings` is on (Microsoft.NET.Sdk, plus the Web and Worker SDK extras). */
const IMPLICIT_USINGS = ['System', 'System.Collections.Generic', 'System.IO', 'System.Linq', 'System.Net.Http', 'System.Threading', 'System.Threading.Tasks'];
const HOSTING_USINGS = ['Microsoft.Extensions.Configuration', 'Microsoft.Extensions.DependencyInjection', 'Microsoft.Extensions.Hosting', 'Microsoft.Extensions.Logging'];
const WEB_USINGS = ['System.Net.Http.Json', 'Microsoft.AspNetCore.Builder', 'Microsoft.AspNetCore.Hosting', 'Microsoft.AspNetCore.Http', 'Microsoft.AspNetCore.Routing', ...HOSTING_USINGS];

function implicitUsings(ev: Evaluation, projectPath: string, view: FileView): string[] {
  const v = prop(ev, 'ImplicitUsings')?.value.trim().toLowerCase();
  if (v !== 'enable' && v !== 'true') return [];
  const sdk = /<Project\b[^>]*\bSdk\s*=\s*["']([^"']+)["']/i.exec(view.read(projectPath).text)?.[1].trim().toLowerCase() ?? '';
  if (sdk.startsWith('microsoft.net.sdk.web')) return [...IMPLICIT_USINGS, ...WEB_USINGS];
  if (sdk.startsWith('microsoft.net.sdk.worker')) return [...IMPLICIT_USINGS, ...HOSTING_USINGS];
  return IMPLICIT_USINGS;
}

function prop(ev: Evaluation, name: string): PropertyRecord | undefined {
  const p = ev.properties.get(name.toLowerCase());
  return p && p.value.trim() ? p : undefined;
}

function isTrue(v: string | undefined): boolean {
  return v?.trim().toLowerCase() === 'true';
}

/** Follows `$(Prop)` to the property whose text holds the literal value. */
function literalSite(ev: Evaluation, raw: string, site: Site | undefined, depth = 0): { site?: Site; viaProperty?: string; reason?: string } {
  if (!raw.includes('$(')) return { site };
  const m = /^\$\(([A-Za-z_][\w.-]*)\)$/.exec(raw.trim());
  if (!m || depth > 8) return { reason: `'${raw}' is composed from properties; change it by hand` };
  const p = ev.properties.get(m[1].toLowerCase());
  if (!p?.site) return { reason: `property ${m[1]} is not defined in a file this tool reads` };
  const deeper = literalSite(ev, p.raw, p.site, depth + 1);
  return { ...deeper, viaProperty: deeper.viaProperty ?? m[1] };
}

function frameworkSite(ev: Evaluation, property: 'TargetFramework' | 'TargetFrameworks'): ProjectScan['frameworkSite'] {
  const p = prop(ev, property);
  if (!p?.site) return undefined;
  const { site } = literalSite(ev, p.raw, p.site);
  if (!site) return undefined;
  return { ...site, property, raw: p.raw.includes('$(') ? p.value : p.raw };
}

/** PackageReferences of one evaluation: those of the IdentityServer/IdentityModel family (`family`), or all the others. */
function packagesOf(ev: Evaluation, framework: string | undefined, restored: Restored | undefined, notes: string[], family: boolean): PackageRef[] {
  const cpm = isTrue(prop(ev, 'ManagePackageVersionsCentrally')?.value);
  // GlobalPackageReference only means something under Central Package Management.
  const refs = ev.items.filter((i) => (i.type.toLowerCase() === 'packagereference' || (cpm && i.type.toLowerCase() === 'globalpackagereference')) && Boolean(packageFamily(i.id)) === family);
  return refs.map((item) => {
    const central = cpm ? lastCentral(ev.items, item.id) : undefined;
    const override = cpm ? item.metadata.get('versionoverride') : undefined; // NuGet reads VersionOverride only under CPM
    const own = item.metadata.get('version');
    const chosen = override ?? (cpm && central ? central.metadata.get('version') : own);
    const origin: PackageRef['origin'] = override ? 'VersionOverride' : cpm && central ? 'central' : own?.origin;
    const ref: PackageRef = { id: item.id, idSite: item.idSite, centralIdSite: cpm ? central?.idSite : undefined, otherIdSites: [...item.updateSites, ...(cpm && central ? central.updateSites : [])] };
    if (cpm && own && !override && item.type.toLowerCase() === 'packagereference') {
      notes.push(`${item.idSite.file}:${item.idSite.line}: ${item.id} sets Version under Central Package Management (NuGet error NU1008); use VersionOverride or the central PackageVersion`);
    }
    if (chosen) {
      ref.specRaw = chosen.raw;
      ref.spec = chosen.value;
      ref.origin = origin;
      const lit = literalSite(ev, chosen.raw, chosen.site);
      ref.versionSite = lit.site;
      ref.viaProperty = lit.viaProperty;
      if (lit.reason) notes.push(`${chosen.site.file}:${chosen.site.line}: ${item.id}: ${lit.reason}`);
    }
    const fromLock = restoredVersion(restored, framework, item.id);
    // A lock file entry the version text no longer allows (an earlier hop raised it) is stale: the next restore
    // resolves the text again, as NuGet does.
    if (fromLock && (!ref.spec || satisfies(fromLock, parseSpec(ref.spec)))) {
      ref.effective = fromLock;
      ref.effectiveFrom = restored!.source;
    } else if (ref.spec) {
      const r = resolveSpec(parseSpec(ref.spec), packageFamily(item.id) === 'identityserver' ? KNOWN_VERSIONS : []);
      if (r.version) {
        ref.effective = r.version;
        ref.effectiveFrom = 'spec';
      } else ref.unresolved = r.reason ?? 'version not resolvable';
    } else {
      ref.unresolved = cpm ? `no PackageVersion for ${item.id} in the central package files` : 'no Version given';
    }
    return ref;
  });
}

function lastCentral(items: ItemRecord[], id: string): ItemRecord | undefined {
  const l = id.toLowerCase();
  return items.filter((i) => i.type.toLowerCase() === 'packageversion' && i.id.toLowerCase() === l).pop();
}

/** One entry per package when all frameworks agree; otherwise one per distinct declaration, tagged with its frameworks. */
function mergeFrameworks(perFramework: PackageRef[][], frameworks: string[]): PackageRef[] {
  const key = (p: PackageRef) => `${p.id.toLowerCase()}|${p.idSite.file}:${p.idSite.start}|${p.versionSite?.file}:${p.versionSite?.start}|${p.effective}`;
  const groups = new Map<string, { ref: PackageRef; frameworks: string[] }>();
  perFramework.forEach((refs, i) => {
    for (const r of refs) {
      const k = key(r);
      const g = groups.get(k);
      if (g) g.frameworks.push(frameworks[i]);
      else groups.set(k, { ref: r, frameworks: [frameworks[i]] });
    }
  });
  return [...groups.values()].map(({ ref, frameworks: fws }) => (fws.length === frameworks.length || frameworks.length <= 1 ? ref : { ...ref, frameworks: fws }));
}
