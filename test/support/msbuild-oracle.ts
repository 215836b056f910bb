/**
 * MSBuild as an oracle for the scanner's tests: ask `dotnet msbuild` what a project evaluates to (properties,
 * PackageReference and PackageVersion items) and compare with what src/scan/ resolves.
 *
 * Evaluation only: no target runs, no restore, no network, nothing written next to the project (no obj/).
 * Note what evaluation does not do: under Central Package Management a PackageReference carries no Version
 * (NuGet applies the PackageVersion at restore), and lock files are not read. Tests that need the dotnet SDK
 * should skip when `dotnetAvailable()` is false.
 */
import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';

export interface MsbuildPackageReference {
  id: string;
  version?: string;
  versionOverride?: string;
  /** File whose item defined this reference (the project, a props/targets file). */
  definedIn?: string;
}

export interface MsbuildPackageVersion {
  id: string;
  version: string;
  definedIn?: string;
}

export interface MsbuildEvaluation {
  properties: Record<string, string>;
  packageReferences: MsbuildPackageReference[];
  packageVersions: MsbuildPackageVersion[];
}

const PROPERTIES = ['TargetFramework', 'TargetFrameworks', 'ManagePackageVersionsCentrally'];

const ENV: NodeJS.ProcessEnv = {
  ...process.env,
  DOTNET_CLI_TELEMETRY_OPTOUT: '1',
  DOTNET_NOLOGO: '1',
  DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1',
  DOTNET_CLI_UI_LANGUAGE: 'en',
  // Leave no MSBuild node or server process behind after a test run.
  MSBUILDDISABLENODEREUSE: '1',
  DOTNET_CLI_USE_MSBUILD_SERVER: '0',
};

let available: boolean | undefined;

/** True when a `dotnet` SDK answers on PATH (checked once per process). */
export function dotnetAvailable(): boolean {
  if (available === undefined) {
    const r = spawnSync('dotnet', ['--version'], { env: ENV, encoding: 'utf8', timeout: 60_000 });
    available = r.status === 0 && /^\d+\.\d+\.\d+/.test(r.stdout.trim());
  }
  return available;
}

/** Evaluates one project; pass `targetFramework` to evaluate one inner build of a multi-targeted project. */
export async function msbuildEvaluate(projectPath: string, targetFramework?: string): Promise<MsbuildEvaluation> {
  const project = path.resolve(projectPath);
  const args = [
    'msbuild',
    project,
    '-nologo',
    '-nodeReuse:false',
    ...PROPERTIES.map((p) => `-getProperty:${p}`),
    '-getItem:PackageReference',
    '-getItem:PackageVersion',
  ];
  if (targetFramework) args.push(`-property:TargetFramework=${targetFramework}`);

  const stdout = await new Promise<string>((resolve, reject) => {
    execFile('dotnet', args, { env: ENV, cwd: path.dirname(project), timeout: 15 * 60_000, maxBuffer: 32 * 1024 * 1024, encoding: 'utf8' }, (err, out, errOut) => {
      if (err) reject(new Error(`dotnet ${args.join(' ')} failed (${err.code ?? err.signal}):\n${out}\n${errOut}`.trim()));
      else resolve(out);
    });
  });
  return parseEvaluation(stdout);
}

type MsbuildItem = Record<string, string>;
interface MsbuildJson {
  Properties?: Record<string, string>;
  Items?: Record<string, MsbuildItem[]>;
}

/** Parses the JSON that `-getProperty`/`-getItem` print. Metadata names are case-insensitive in MSBuild. */
export function parseEvaluation(stdout: string): MsbuildEvaluation {
  const start = stdout.indexOf('{');
  if (start < 0) throw new Error(`no JSON in MSBuild output:\n${stdout}`);
  const json = JSON.parse(stdout.slice(start)) as MsbuildJson;
  const meta = (item: MsbuildItem, name: string): string | undefined => {
    const key = Object.keys(item).find((k) => k.toLowerCase() === name.toLowerCase());
    const value = key === undefined ? undefined : item[key];
    return value === undefined || value === '' ? undefined : value;
  };
  const items = (type: string) => json.Items?.[type] ?? [];
  return {
    properties: { ...json.Properties },
    packageReferences: items('PackageReference').map((i) => {
      const ref: MsbuildPackageReference = { id: i.Identity };
      const version = meta(i, 'Version');
      const versionOverride = meta(i, 'VersionOverride');
      if (version !== undefined) ref.version = version;
      if (versionOverride !== undefined) ref.versionOverride = versionOverride;
      ref.definedIn = meta(i, 'DefiningProjectFullPath');
      return ref;
    }),
    packageVersions: items('PackageVersion').map((i) => ({ id: i.Identity, version: meta(i, 'Version') ?? '', definedIn: meta(i, 'DefiningProjectFullPath') })),
  };
}
