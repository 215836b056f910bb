/**
 * Package inventory for the audit: every PackageReference of a project (the scanner only keeps the IdentityServer
 * and IdentityModel ones), classified, with the version as written or from Central Package Management and where
 * it is declared; plus the project properties the checklist and role inference read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { evaluateProject, type Evaluation } from '../scan/msbuild';
import { FileView } from '../scan/vfs';
import { packageFamily } from '../scan/model';
import { DUENDE_PACKAGES, IS4_TO_DUENDE } from '../plan/catalog';

export type PackageCategory = 'identityserver' | 'identitymodel' | 'companion' | 'third-party' | 'test' | 'other';

export interface InventoryPackage {
  id: string;
  category: PackageCategory;
  version?: string;
  declared: { file: string; line: number; central: boolean };
}

export interface ProjectProperties {
  sdk?: string;
  assemblyName: string;
  outputType?: string;
  isTestProject: boolean;
  lockFile: boolean; // packages.lock.json next to the project, or RestorePackagesWithLockFile
  lockedMode: boolean; // RestoreLockedMode
}

/** Packages built against IdentityServer by third parties (no Duende build known to this tool). */
export function isThirdPartyIdentityServer(id: string): boolean {
  const l = id.toLowerCase();
  if (IS4_TO_DUENDE.has(id) || DUENDE_PACKAGES.has(id)) return false;
  return (
    l.startsWith('skoruba.') ||
    l.startsWith('rsk.') ||
    l === 'microsoft.aspnetcore.apiauthorization.identityserver' ||
    l === 'identityserver4.accesstokenvalidation' ||
    /(^|\.)identityserver4(\.|$)/.test(l)
  );
}

const COMPANION = [/^microsoft\.identitymodel\./i, /^system\.identitymodel\.tokens\.jwt$/i, /^microsoft\.aspnetcore\.authentication\./i, /^microsoft\.entityframeworkcore(\.|$)/i, /^duende\./i, /^automapper(\.|$)/i, /^microsoft\.aspnetcore\.identity\./i, /^microsoft\.aspnetcore\.dataprotection/i];
const TEST = /^(microsoft\.net\.test\.sdk|xunit(\..*)?|nunit(\..*)?|mstest(\..*)?|coverlet\..*|microsoft\.aspnetcore\.mvc\.testing)$/i;

export function categoryOf(id: string): PackageCategory {
  if (isThirdPartyIdentityServer(id)) return 'third-party';
  const family = packageFamily(id);
  if (family === 'identityserver') return 'identityserver';
  if (family === 'identitymodel' || family === 'related') return 'identitymodel';
  if (TEST.test(id)) return 'test';
  if (COMPANION.some((re) => re.test(id))) return 'companion';
  return 'other';
}

const prop = (ev: Evaluation, name: string) => ev.properties.get(name.toLowerCase())?.value.trim() || undefined;

export function inventory(root: string, projectPath: string, view = new FileView()): { packages: InventoryPackage[]; properties: ProjectProperties } {
  const rel = (p: string) => path.relative(root, p).split(path.sep).join('/');
  let ev: Evaluation;
  try {
    ev = evaluateProject(projectPath, view);
  } catch {
    return { packages: [], properties: { assemblyName: path.basename(projectPath, '.csproj'), isTestProject: false, lockFile: false, lockedMode: false } };
  }
  const cpm = prop(ev, 'ManagePackageVersionsCentrally')?.toLowerCase() === 'true';
  const seen = new Set<string>();
  const packages: InventoryPackage[] = [];
  for (const item of ev.items.filter((i) => i.type.toLowerCase() === 'packagereference' || (cpm && i.type.toLowerCase() === 'globalpackagereference'))) {
    if (seen.has(item.id.toLowerCase())) continue;
    seen.add(item.id.toLowerCase());
    const central = cpm ? ev.items.filter((i) => i.type.toLowerCase() === 'packageversion' && i.id.toLowerCase() === item.id.toLowerCase()).pop() : undefined;
    const override = cpm ? item.metadata.get('versionoverride') : undefined;
    const centralVersion = central?.metadata.get('version');
    const chosen = cpm ? override ?? centralVersion ?? item.metadata.get('version') : item.metadata.get('version');
    const site = chosen?.site ?? item.idSite;
    const isCentral = Boolean(cpm && !override && centralVersion && chosen === centralVersion);
    packages.push({ id: item.id, category: categoryOf(item.id), version: chosen?.value, declared: { file: rel(site.file), line: site.line, central: isCentral } });
  }
  packages.sort((a, b) => a.id.localeCompare(b.id));
  const text = view.read(projectPath).text;
  const sdk = /<Project\s[^>]*Sdk\s*=\s*"([^"]+)"/i.exec(text)?.[1] ?? /<Sdk\s+Name\s*=\s*"([^"]+)"/i.exec(text)?.[1];
  const dir = path.dirname(projectPath);
  return {
    packages,
    properties: {
      sdk,
      assemblyName: prop(ev, 'AssemblyName') ?? path.basename(projectPath, '.csproj'),
      outputType: prop(ev, 'OutputType'),
      isTestProject: prop(ev, 'IsTestProject')?.toLowerCase() === 'true',
      lockFile: fs.existsSync(path.join(dir, 'packages.lock.json')) || prop(ev, 'RestorePackagesWithLockFile')?.toLowerCase() === 'true',
      lockedMode: prop(ev, 'RestoreLockedMode')?.toLowerCase() === 'true',
    },
  };
}
