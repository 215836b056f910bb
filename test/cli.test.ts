/** The command line as a user meets it: help, exit codes, outputs, refusals. */
import fs from 'node:fs';
import path from 'node:path';
import { cli, copyTree, git } from './support/cli';
import { csproj, makeTree } from './support/tree';

const sample = (name: string) => path.join(__dirname, '..', 'fixtures', 'solutions', name);

describe('idsrv-codemod CLI', () => {
  it('--help explains every option, the subcommands and the exit codes', () => {
    const r = cli(['--help'], process.cwd());
    expect(r.code).toBe(0);
    for (const word of ['--dry-run', '--patch', '--to', '--from', '--allow-dirty', '--check', '--json', '--only', '--skip', '--no-color', 'audit', 'rules', 'Exit codes']) {
      expect(r.stdout).toContain(word);
    }
  });

  it('exits 2 with a clear message on usage and input errors', () => {
    const bad = cli(['--nope'], process.cwd());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown option '--nope'/);
    const missing = cli(['does-not-exist', '--dry-run'], process.cwd());
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/does-not-exist: no such file or folder/);
    const unknownTo = cli([sample('duende62-cpm-ef'), '--dry-run', '--to', '9.9'], process.cwd());
    expect(unknownTo.code).toBe(2);
    expect(unknownTo.stderr).toMatch(/--to 9\.9: unknown release/);
    const downgrade = cli([sample('already-newest'), '--dry-run', '--to', '7.4'], process.cwd());
    expect(downgrade.code).toBe(2);
    expect(downgrade.stderr).toMatch(/downgrades are not supported/);
    const unknownRule = cli([sample('duende62-cpm-ef'), '--dry-run', '--only', 'x/y'], process.cwd());
    expect(unknownRule.code).toBe(2);
    expect(unknownRule.stderr).toMatch(/unknown rule id x\/y/);
  });

  it('names the file and line of a malformed project file', () => {
    const root = makeTree({ 'App/App.csproj': '<Project>\n  <ItemGroup>\n</Project>\n' });
    const r = cli([root, '--dry-run'], root);
    expect(r.stderr).toMatch(/App\.csproj:\d+: .*not scanned|App\.csproj:\d+:/);
  });

  it('--check exits 1 when changes are pending and 0 when there are none, writing nothing', () => {
    const copy = copyTree(sample('duende62-cpm-ef'));
    const before = fs.readFileSync(path.join(copy, 'Directory.Packages.props'));
    expect(cli([copy, '--check'], copy).code).toBe(1);
    expect(fs.readFileSync(path.join(copy, 'Directory.Packages.props')).equals(before)).toBe(true);
    expect(cli([sample('already-newest'), '--check'], process.cwd()).code).toBe(0);
  });

  it('prints the detection table and plan before the outcome', () => {
    const r = cli([sample('duende70-props-client'), '--dry-run', '--to', '7.4'], process.cwd());
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Duende\.IdentityServer 7\.0\.6 +Directory\.Build\.props:8 via \$\(DuendeVersion\)/);
    expect(r.stderr).toMatch(/plan: 7\.0 -> 7\.1 -> 7\.2 -> 7\.3 -> 7\.4/);
    expect(r.stderr).toMatch(/7\.0 -> 7\.1 +2 project\(s\) +\d+ automatic edit\(s\)/);
    expect(r.stderr.indexOf('Projects')).toBeLessThan(r.stderr.indexOf('Files'));
    expect(r.stderr).toMatch(/changed +src\/Client\/Program\.cs/);
  });

  it('--patch writes the same diff to a file and leaves the solution alone', () => {
    const copy = copyTree(sample('mixed-is4-duende'));
    const patch = path.join(copy, '..', 'out.patch');
    const r = cli([copy, '--patch', patch], copy);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(patch, 'utf8')).toBe(cli([copy, '--dry-run'], copy).stdout);
    expect(cli([copy, '--check'], copy).code).toBe(1);
  });

  it('--json prints a machine-readable summary and nothing else on stdout', () => {
    const r = cli([sample('duende62-cpm-ef'), '--dry-run', '--json', '--to', '7.0'], process.cwd());
    const json = JSON.parse(r.stdout);
    expect(json.schemaVersion).toBe(1);
    expect(json.changes).toBe(true);
    expect(json.projects[0].packages[0]).toMatchObject({ id: 'Duende.IdentityServer', effective: '6.2.3', declared: { file: 'Directory.Packages.props', line: 7 } });
    expect(json.hops.map((h: { id: string }) => h.id)).toEqual(['6.2-6.3', '6.3-7.0']);
    expect(r.stderr).toBe('');
  });

  it('refuses to apply in a git tree with uncommitted changes unless --allow-dirty', () => {
    const copy = copyTree(sample('duende62-cpm-ef'));
    git(copy, 'init', '-q');
    git(copy, 'add', '-A');
    git(copy, 'commit', '-qm', 'x');
    fs.appendFileSync(path.join(copy, 'README.txt'), 'local change\n');
    const refused = cli([copy], copy);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/uncommitted changes.*--allow-dirty/);
    expect(git(copy, 'status', '--porcelain')).toBe('?? README.txt\n');
    const forced = cli([copy, '--allow-dirty'], copy);
    expect(forced.code).toBe(0);
    expect(git(copy, 'status', '--porcelain')).toMatch(/ M Directory\.Packages\.props/);
  });

  it('colours the diff only when asked for a terminal, never with NO_COLOR or into a pipe', () => {
    const r = cli([sample('duende62-cpm-ef'), '--dry-run'], process.cwd(), { NO_COLOR: '' });
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('--only and --skip select rules by id', () => {
    const only = cli([sample('duende62-cpm-ef'), '--dry-run', '--only', 'every-hop/target-framework'], process.cwd());
    expect(only.stdout).toContain('<TargetFramework>net10.0</TargetFramework>');
    expect(only.stdout).not.toContain('Directory.Packages.props');
    const skip = cli([sample('duende62-cpm-ef'), '--dry-run', '--skip', 'every-hop/target-framework'], process.cwd());
    expect(skip.stdout).not.toContain('TargetFramework');
    expect(skip.stdout).toContain('Directory.Packages.props');
  });

  it('rules lists every rule; --json gives id, hop, kind, title, docs and catalog rows', () => {
    const text = cli(['rules'], process.cwd());
    expect(text.stdout).toMatch(/^7\.0-7\.1\/identitymodel-namespaces +7\.0-7\.1 +fix /m);
    const json = JSON.parse(cli(['rules', '--json'], process.cwd()).stdout);
    expect(json.length).toBeGreaterThanOrEqual(7);
    for (const r of json) {
      expect(r).toEqual(expect.objectContaining({ id: expect.any(String), hop: expect.any(String), kind: expect.stringMatching(/^(fix|finding)$/), title: expect.any(String), docs: expect.stringMatching(/^https:\/\//) }));
      expect(Array.isArray(r.catalog)).toBe(true);
    }
    const hop = JSON.parse(cli(['rules', '--json', '--hop', '4.1-5.0'], process.cwd()).stdout).map((r: { hop: string }) => r.hop);
    expect(new Set(hop)).toEqual(new Set(['4.1-5.0', 'every-hop']));
  });

  it('audit prints a Markdown report of plan and findings and writes nothing', () => {
    const copy = copyTree(sample('is4-quickstart-ef'));
    const r = cli(['audit', copy, '--to', '7.4'], copy);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# IdentityServer upgrade audit/);
    expect(r.stdout).toMatch(/\| `src\/IdentityServerHost\/IdentityServerHost\.csproj` \| identityserver-host \| netcoreapp3\.1 \| 4\.1\.1 \|/);
    expect(r.stdout).toMatch(/4\.1 → 6\.0 → 6\.1/);
    expect(cli([copy, '--check'], copy).code).toBe(1);
  });

  it('skips a file it cannot decode losslessly and says why, changing the rest', () => {
    const root = makeTree({
      'App/App.csproj': csproj('  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="IdentityModel" Version="6.2.0" /></ItemGroup>'),
      'App/Latin1.cs': Buffer.from('// caf\xe9\nusing IdentityModel;\n', 'latin1'),
      'App/Utf16.cs': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('using IdentityModel;\n', 'utf16le')]),
      'App/Ok.cs': 'using IdentityModel;\n',
    });
    const r = cli([root, '--dry-run', '--to', '7.1'], root);
    expect(r.stdout).toContain('+using Duende.IdentityModel;');
    expect(r.stdout).not.toContain('Latin1.cs');
    expect(r.stderr).toMatch(/skipped +App\/Latin1\.cs +\(not valid UTF-8/);
    expect(r.stderr).toMatch(/skipped +App\/Utf16\.cs +\(UTF-16/);
  });
});
