/** What NuGet really restored: packages.lock.json next to the project, else obj/project.assets.json. */
import fs from 'node:fs';
import path from 'node:path';

export interface Restored {
  source: 'packages.lock.json' | 'project.assets.json';
  /** framework -> package id (lower-case) -> version */
  versions: Map<string, Map<string, string>>;
}

export function readRestored(projectDir: string, notes: string[]): Restored | undefined {
  const lock = path.join(projectDir, 'packages.lock.json');
  if (fs.existsSync(lock)) {
    const json = readJson(lock, notes);
    if (json?.dependencies) {
      const versions = new Map<string, Map<string, string>>();
      for (const [tfm, deps] of Object.entries<Record<string, { resolved?: string }>>(json.dependencies)) {
        const m = new Map<string, string>();
        for (const [id, d] of Object.entries(deps)) if (d?.resolved) m.set(id.toLowerCase(), d.resolved);
        versions.set(baseFramework(tfm), m);
      }
      return { source: 'packages.lock.json', versions };
    }
  }
  const assets = path.join(projectDir, 'obj', 'project.assets.json');
  if (fs.existsSync(assets)) {
    const json = readJson(assets, notes);
    if (json?.targets) {
      const versions = new Map<string, Map<string, string>>();
      for (const [target, libs] of Object.entries<Record<string, unknown>>(json.targets)) {
        const m = new Map<string, string>();
        for (const key of Object.keys(libs)) {
          const slash = key.indexOf('/');
          if (slash > 0) m.set(key.slice(0, slash).toLowerCase(), key.slice(slash + 1));
        }
        versions.set(assetsFramework(target, json), m);
      }
      return { source: 'project.assets.json', versions };
    }
  }
  return undefined;
}

function readJson(file: string, notes: string[]): any {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\ufeff/, ''));
  } catch (err) {
    notes.push(`${file}: not readable JSON (${(err as Error).message}); ignored`);
    return undefined;
  }
}

/** "net8.0/win-x64" -> "net8.0" */
function baseFramework(tfm: string): string {
  return tfm.split('/')[0];
}

/** project.assets.json keys targets by framework moniker (".NETCoreApp,Version=v8.0" or "net8.0"). */
function assetsFramework(target: string, json: any): string {
  const base = baseFramework(target);
  const frameworks = json?.project?.frameworks ? Object.keys(json.project.frameworks) : [];
  const m = /^\.NETCoreApp,Version=v(\d+\.\d+)$/.exec(base);
  if (m) {
    const major = Number(m[1]);
    const guess = major >= 5 ? `net${m[1]}` : `netcoreapp${m[1]}`;
    return frameworks.find((f) => f === guess) ?? guess;
  }
  return base;
}

export function restoredVersion(restored: Restored | undefined, framework: string | undefined, id: string): string | undefined {
  if (!restored) return undefined;
  const key = id.toLowerCase();
  if (framework && restored.versions.has(framework)) return restored.versions.get(framework)!.get(key);
  for (const m of restored.versions.values()) if (m.has(key)) return m.get(key);
  return undefined;
}
