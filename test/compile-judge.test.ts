/**
 * The compiler as judge (issue 11 item 5). Each client project under fixtures/compile/<name>/ is our own code
 * against an old IdentityModel package; it must build as it is. The codemod then upgrades a copy (the built CLI,
 * in place), and the copy is built again against Duende.IdentityModel: every compile error must have a finding of
 * the codemod in the same file, on the same line or near it. An error without one is a bug of a rule.
 *
 * Needs `dotnet` and a NuGet source that serves IdentityModel 4.3.0 / 6.2.0 and Duende.IdentityModel 8.0.1 / 8.1.0;
 * without them the suite is skipped and says why in its name. Packages go to a NuGet folder under the temp
 * folder that later runs reuse. Builds run without build servers, so no compiler process outlives the suite.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli } from './support/cli';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'compile');
const NUGET = path.join(os.tmpdir(), 'idsrv-judge-nuget');
const ENV = { ...process.env, NUGET_PACKAGES: NUGET, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1', MSBUILDDISABLENODEREUSE: '1' };

/** fixture folder, target release, the package the upgraded project must reference. */
const CASES: { fixture: string; to: string; expect: string }[] = [
  { fixture: 'im43-client', to: '8.0', expect: 'Duende.IdentityModel" Version="8.1.0"' },
  { fixture: 'im62-client', to: '8.0', expect: 'Duende.IdentityModel" Version="8.1.0"' },
  { fixture: 'im62-client', to: '7.4', expect: 'Duende.IdentityModel" Version="8.0.1"' },
];

interface CompileError {
  file: string; // relative to the project folder, with /
  line: number;
  code: string;
  message: string;
}

function dotnet(args: string[], cwd: string) {
  const r = spawnSync('dotnet', args, { cwd, encoding: 'utf8', env: ENV, timeout: 300_000 });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}`, error: r.error };
}

const build = (dir: string, restore: boolean) =>
  dotnet(['build', '-nologo', '--disable-build-servers', '-v:q', '-clp:NoSummary', ...(restore ? [] : ['--no-restore'])], dir);

function compileErrors(dir: string, output: string): CompileError[] {
  const seen = new Map<string, CompileError>();
  for (const m of output.matchAll(/^\s*(.+?)\((\d+),\d+\): error (CS\d+): (.*?)(?: \[.*\])?$/gm)) {
    const file = path.relative(dir, m[1]).split(path.sep).join('/');
    const e = { file, line: Number(m[2]), code: m[3], message: m[4] };
    seen.set(`${file}:${e.line}:${e.code}`, e);
  }
  return [...seen.values()];
}

/** Copies every fixture once per case and restores the copies; the first failure names why the suite is skipped. */
function prepare(): { reason?: string; dirs: string[] } {
  const version = dotnet(['--version'], os.tmpdir());
  if (version.error || version.code !== 0) return { reason: 'dotnet is not on PATH', dirs: [] };
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'idsrv-judge-'));
  const dirs = CASES.map((c, i) => {
    const dir = path.join(root, `${i}-${c.fixture}`);
    fs.cpSync(path.join(FIXTURES, c.fixture), dir, { recursive: true });
    return dir;
  });
  for (const dir of dirs.filter((_, i) => CASES.findIndex((o) => o.fixture === CASES[i].fixture) === i)) {
    const r = dotnet(['restore', '--disable-build-servers', '-v:q'], dir);
    if (r.code !== 0) return { reason: `packages cannot be restored: ${r.out.match(/error NU\d+[^\r\n]*/)?.[0] ?? r.out.trim().split('\n')[0]}`, dirs };
  }
  // The packages of the upgrade: a throwaway project per Duende.IdentityModel version.
  for (const v of ['8.0.1', '8.1.0']) {
    const probe = path.join(root, `probe-${v}`);
    fs.mkdirSync(probe);
    fs.writeFileSync(path.join(probe, 'Probe.csproj'), `<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup><ItemGroup><PackageReference Include="Duende.IdentityModel" Version="${v}" /></ItemGroup></Project>\n`);
    const r = dotnet(['restore', '--disable-build-servers', '-v:q'], probe);
    if (r.code !== 0) return { reason: `Duende.IdentityModel ${v} cannot be restored: ${r.out.match(/error NU\d+[^\r\n]*/)?.[0] ?? 'restore failed'}`, dirs };
  }
  return { dirs };
}

const { reason, dirs } = prepare();
const suite = reason ? describe.skip : describe;
afterAll(() => {
  if (dirs.length) fs.rmSync(path.dirname(dirs[0]), { recursive: true, force: true });
});

suite(`compile judge: IdentityModel client code before and after the upgrade${reason ? ` (skipped: ${reason})` : ''}`, () => {
  jest.setTimeout(300_000);

  CASES.forEach((c, i) => {
    // The code before the upgrade is built once per fixture, in its first case.
    const first = CASES.findIndex((o) => o.fixture === c.fixture) === i;
    it(`${c.fixture} -> ${c.to}: ${first ? 'builds before; ' : ''}after the codemod every compile error has a finding`, () => {
      const dir = dirs[i];
      if (first) {
        const before = build(dir, false);
        expect(compileErrors(dir, before.out)).toEqual([]);
        expect(before.code).toBe(0);
        fs.rmSync(path.join(dir, 'bin'), { recursive: true, force: true });
      }
      fs.rmSync(path.join(dir, 'obj'), { recursive: true, force: true });

      const run = cli([dir, '--to', c.to, '--json', '--apply', '--allow-dirty'], dir);
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.stdout) as { findings: { file: string; line: number; ruleId: string }[]; files: { path: string; status: string }[] };
      expect(summary.files.filter((f) => f.status === 'error')).toEqual([]);
      const csproj = fs.readdirSync(dir).find((f) => f.endsWith('.csproj'))!;
      expect(fs.readFileSync(path.join(dir, csproj), 'utf8')).toContain(c.expect);

      const after = build(dir, true);
      const errors = compileErrors(dir, after.out);
      if (after.code !== 0) expect(errors.length).toBeGreaterThan(0); // a failure that is not a compile error (restore) shows here
      const near = (e: CompileError) => summary.findings.some((f) => f.file === e.file && Math.abs(f.line - e.line) <= 2);
      expect(errors.filter((e) => !near(e))).toEqual([]);
    });
  });
});

// Guards the judge itself: a compile error is read from MSBuild's output with its file and line.
it('reads compile errors from dotnet build output', () => {
  const out = '/tmp/x/Sub/A.cs(12,5): error CS1929: \'JsonElement?\' does not contain a definition [/tmp/x/P.csproj]\n/tmp/x/B.cs(3,1): warning CS0618: old\n';
  expect(compileErrors('/tmp/x', out)).toEqual([{ file: 'Sub/A.cs', line: 12, code: 'CS1929', message: "'JsonElement?' does not contain a definition" }]);
});
