/**
 * Hostile MSBuild files: malformed XML, DTDs (entity expansion, external entities), import cycles, properties defined
 * in terms of each other. The bad file is reported with its line and reason, the other projects are upgraded, and the
 * file an external entity names is never read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runPipeline, unifiedDiff } from '../src/pipeline';
import { loadRules } from '../src/load-rules';
import { evaluateProject } from '../src/scan/msbuild';
import { FileView } from '../src/scan/vfs';
import { elements, parseXml } from '../src/scan/xml';
import { cli } from './support/cli';
import { csproj, makeTree } from './support/tree';

const MARKER = 'MARKER-7f3e-must-never-be-read';
const is4 = `  <PropertyGroup><TargetFramework>netcoreapp3.1</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="IdentityServer4" Version="4.1.1" /></ItemGroup>`;
const startup = 'using IdentityServer4;\n\nnamespace Host\n{\n    public class Startup { }\n}\n';
const laughs = ['<!DOCTYPE Project [', '  <!ENTITY a "ha">', ...Array.from({ length: 9 }, (_, i) => `  <!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`), ']>'].join('\n');
const external = (target: string) => `<!DOCTYPE Project [\n  <!ENTITY secret SYSTEM "${target}">\n]>`;

function hostileTree(secretFile: string): string {
  return makeTree({
    'Good/Good.csproj': csproj(is4),
    'Good/Startup.cs': startup,
    'Malformed/Malformed.csproj': `<Project Sdk="Microsoft.NET.Sdk">\n${is4}\n  <ItemGroup>\n    <PackageReference Include="X" Version="1.0.0">\n  </ItemGroup>\n</Project>\n`,
    'Laughs/Laughs.csproj': `<?xml version="1.0"?>\n${laughs}\n<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><Title>&j;</Title></PropertyGroup>\n${is4}\n</Project>\n`,
    'Xxe/Xxe.csproj': `<?xml version="1.0"?>\n${external(`file://${secretFile}`)}\n<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><Title>&secret;</Title></PropertyGroup>\n${is4}\n</Project>\n`,
    'Props/Directory.Build.props': `<?xml version="1.0"?>\n\n${external('../../secret.txt')}\n<Project><PropertyGroup><Title>&secret;</Title></PropertyGroup></Project>\n`,
    'Props/Under/Under.csproj': csproj(is4),
    'Cpm/Directory.Packages.props': `${laughs}\n<Project><PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally><X>&j;</X></PropertyGroup></Project>\n`,
    'Cpm/P/P.csproj': csproj(is4),
    'Props2/Directory.Build.props': `${laughs}\n<Project><PropertyGroup><Title>&j;</Title></PropertyGroup></Project>\n`,
    'Props2/Under/Under.csproj': csproj(is4),
    'Cpm2/Directory.Packages.props': `<?xml version="1.0"?>\n${external(`file://${secretFile}`)}\n<Project><PropertyGroup><X>&secret;</X></PropertyGroup></Project>\n`,
    'Cpm2/P/P.csproj': csproj(is4),
    'Cycle/A.props': '<Project>\n  <Import Project="B.props" />\n  <PropertyGroup><FromA>a</FromA></PropertyGroup>\n</Project>\n',
    'Cycle/B.props': '<Project>\n  <Import Project="A.props" />\n  <Import Project="$(MSBuildThisFileDirectory)B.props" />\n</Project>\n',
    'Cycle/Cycle.csproj': csproj(`  <Import Project="A.props" />\n${is4}`),
    'Cycle/Startup.cs': startup,
    'PropCycle/PropCycle.csproj': csproj(
      `  <PropertyGroup>\n    <A>$(B)</A>\n    <B>$(A)x</B>\n    <A>$(B)</A>\n    <D0>0123456789</D0>\n${Array.from({ length: 40 }, (_, i) => `    <D${i + 1}>$(D${i})$(D${i})</D${i + 1}>`).join('\n')}\n  </PropertyGroup>\n${is4}`,
    ),
    'PropCycle/Startup.cs': startup,
  });
}

describe('hostile MSBuild files', () => {
  let outside: string;
  let secretFile: string;
  let root: string;
  beforeAll(() => {
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-secret-'));
    secretFile = path.join(outside, 'secret.txt');
    fs.writeFileSync(secretFile, MARKER);
    root = hostileTree(secretFile);
    fs.writeFileSync(path.join(path.dirname(root), 'secret.txt'), MARKER); // what ../../secret.txt names from Props/
  });
  afterAll(() => {
    fs.rmSync(outside, { recursive: true, force: true });
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reports each bad file with its line and reason, relative to its project, and upgrades the rest', async () => {
    const reads = jest.spyOn(fs, 'readFileSync');
    const opens = jest.spyOn(fs, 'openSync');
    let run;
    try {
      run = await runPipeline(root, { rules: loadRules() });
      const touched = [...reads.mock.calls, ...opens.mock.calls].map((c) => String(c[0]));
      const secrets = [secretFile, path.join(path.dirname(root), 'secret.txt')];
      expect(touched.filter((f) => secrets.some((s) => path.resolve(f.replace(/^file:\/\//, '')) === s))).toEqual([]);
    } finally {
      reads.mockRestore();
      opens.mockRestore();
    }
    const notes = run.notes.join('\n');
    expect(notes).toMatch(/^Malformed\/Malformed\.csproj: not scanned: Malformed\.csproj:6: Expected closing tag 'PackageReference'/m);
    expect(notes).toMatch(/^Laughs\/Laughs\.csproj: not scanned: Laughs\.csproj:2: DTDs are not accepted/m);
    expect(notes).toMatch(/^Xxe\/Xxe\.csproj: not scanned: Xxe\.csproj:2: DTDs are not accepted/m);
    expect(notes).toMatch(/^Props\/Under\/Under\.csproj: not scanned: \.\.\/Directory\.Build\.props:3: DTDs are not accepted/m);
    expect(notes).toMatch(/^Cpm\/P\/P\.csproj: not scanned: \.\.\/Directory\.Packages\.props:1: DTDs are not accepted/m);
    expect(notes).toMatch(/^Props2\/Under\/Under\.csproj: not scanned: \.\.\/Directory\.Build\.props:1: DTDs are not accepted/m);
    expect(notes).toMatch(/^Cpm2\/P\/P\.csproj: not scanned: \.\.\/Directory\.Packages\.props:2: DTDs are not accepted/m);
    expect(notes).not.toContain(root);

    const diff = unifiedDiff(run);
    for (const upgraded of ['Good/Startup.cs', 'Good/Good.csproj', 'Cycle/Startup.cs', 'PropCycle/Startup.cs']) expect(diff).toContain(`+++ b/${upgraded}`);
    expect(diff).toContain('+using Duende.IdentityServer;');
    expect(diff).not.toContain(MARKER);
  });

  it('follows an import cycle once and says so', () => {
    const ev = evaluateProject(path.join(root, 'Cycle/Cycle.csproj'), new FileView());
    expect(ev.files.map((f) => path.relative(root, f))).toEqual(['Cycle/Cycle.csproj', 'Cycle/A.props', 'Cycle/B.props']);
    expect(ev.properties.get('froma')?.value).toBe('a');
    expect(ev.notes.join('\n')).toMatch(/A\.props is imported more than once/);
  });

  it('evaluates properties defined in terms of each other in order, and caps a property that doubles itself', () => {
    const ev = evaluateProject(path.join(root, 'PropCycle/PropCycle.csproj'), new FileView());
    expect(ev.properties.get('a')?.value).toBe('x');
    expect(ev.properties.get('b')?.value).toBe('x');
    const longest = Math.max(...[...ev.properties.values()].map((p) => p.value.length));
    expect(longest).toBeLessThanOrEqual(1_000_000);
    expect(ev.notes.join('\n')).toMatch(/PropCycle\.csproj:\d+: property D\d+ is longer than 1000000 characters; treated as empty/);
  });

  it('reads an element nesting 100,000 deep without overflowing the stack', () => {
    const n = 100_000;
    const doc = parseXml('Deep.props', `<Project>${'<A>'.repeat(n)}x${'</A>'.repeat(n)}</Project>`);
    let count = 0;
    let deepest = '';
    for (const el of elements(doc)) {
      count++;
      if (el.text?.value) deepest = el.text.value;
    }
    expect(count).toBe(n + 1);
    expect(deepest).toBe('x');
  });

  it('the CLI exits 0, names the bad files on stderr and never prints the external file', () => {
    const r = cli([root, '--dry-run'], root);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Laughs\.csproj:2: DTDs are not accepted/);
    expect(r.stderr).toMatch(/\.\.\/Directory\.Build\.props:3: DTDs are not accepted/);
    expect(r.stdout).toContain('+using Duende.IdentityServer;');
    expect(r.stdout + r.stderr).not.toContain(MARKER);
  });
});
