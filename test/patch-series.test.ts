/**
 * The upgrade hop by hop: --patch-series writes numbered patches that, applied in order with `git apply`, give
 * the same tree as the cumulative patch (and as the tool's own apply); --commit-per-hop makes one commit per hop
 * and refuses without a clean git index; fix-up passes repair files made after an upgrade; the progress line only
 * goes to a terminal.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cli as spawnCli, cliInProcess as cli, copyTree, git, snapshot } from './support/cli';
import { csproj, makeTree } from './support/tree';
import { progressLine } from '../src/emit/progress';

const solutions = path.join(__dirname, '..', 'fixtures', 'solutions');
const samples = fs.readdirSync(solutions, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const GIT_ENV = { GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.invalid', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.invalid', GIT_CONFIG_NOSYSTEM: '1', HOME: '/nonexistent' };

function committed(source: string): string {
  const copy = copyTree(source);
  git(copy, 'init', '-q');
  git(copy, 'add', '-A');
  git(copy, 'commit', '-qm', 'before');
  return copy;
}

describe.each(samples)('patch series of %s', (name) => {
  it('numbered patches applied in order with git apply equal the cumulative patch and the tool\'s own apply', async () => {
    const source = path.join(solutions, name);
    const work = copyTree(source);
    const out = path.join(work, '..', `${path.basename(work)}-series`);
    const r = await cli([work, '--patch-series', out], work);
    expect(r.code).toBe(0);
    expect(snapshot(work)).toEqual(snapshot(source)); // --patch-series changes nothing
    const names = fs.readdirSync(out).sort();
    expect(names).toContain('cumulative.patch');
    const numbered = names.filter((n) => /^\d{4}-/.test(n));
    numbered.forEach((n, i) => expect(n).toMatch(new RegExp(`^${String(i + 1).padStart(4, '0')}-(fixups-)?\\d+\\.\\d+-to-\\d+\\.\\d+(\\.\\d+)?\\.patch$`)));
    const cumulative = fs.readFileSync(path.join(out, 'cumulative.patch'), 'utf8');
    expect(cumulative).toBe((await cli([work, '--dry-run'], work)).stdout);
    expect(numbered.length > 0).toBe(cumulative.length > 0);

    const stepwise = committed(source);
    for (const n of numbered) git(stepwise, 'apply', path.join(out, n));
    const whole = committed(source);
    if (cumulative) git(whole, 'apply', path.join(out, 'cumulative.patch'));
    expect(snapshot(stepwise)).toEqual(snapshot(whole));
    const viaTool = copyTree(source);
    expect((await cli([viaTool], viaTool)).code).toBe(0);
    expect(snapshot(viaTool)).toEqual(snapshot(whole));
  });
});

describe('--commit-per-hop', () => {
  it('makes one commit per hop, naming the hop and listing its findings, ending on the same tree as a plain apply', async () => {
    const source = path.join(solutions, 'duende70-props-client');
    const repo = committed(source);
    const json = JSON.parse((await cli([repo, '--dry-run', '--json', '--to', '7.4'], repo)).stdout);
    const r = await cli([repo, '--to', '7.4', '--commit-per-hop'], repo, GIT_ENV);
    expect(r.stderr).toMatch(/Committed 4 step\(s\)/);
    expect(r.code).toBe(0);
    const subjects = git(repo, 'log', '--format=%s', '--reverse').trim().split('\n');
    expect(subjects).toEqual(['before', ...json.hops.map((h: { id: string }) => `IdentityServer ${h.id.replace('-', ' → ')} (idsrv-codemod)`)]);
    const first = git(repo, 'log', '-1', '--format=%B', 'HEAD~3');
    expect(first).toMatch(/^IdentityServer 7\.0 → 7\.1 \(idsrv-codemod\)\n\nProjects: .*\nAutomatic edits: \d+ in \d+ file\(s\):/);
    expect(first).toMatch(/Findings that need a human/);
    expect(git(repo, 'status', '--porcelain')).toBe('');
    const viaTool = copyTree(source);
    await cli([viaTool, '--to', '7.4'], viaTool);
    expect(snapshot(repo)).toEqual(snapshot(viaTool));
  });

  it('refuses without a git work tree, with staged changes, or together with --dry-run', async () => {
    const plain = copyTree(path.join(solutions, 'duende62-cpm-ef'));
    const outside = await cli([plain, '--commit-per-hop'], plain, GIT_ENV);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/needs a git work tree/);
    const repo = committed(path.join(solutions, 'duende62-cpm-ef'));
    fs.writeFileSync(path.join(repo, 'notes.txt'), 'staged\n');
    git(repo, 'add', 'notes.txt');
    const staged = await cli([repo, '--commit-per-hop', '--allow-dirty'], repo, GIT_ENV);
    expect(staged.code).toBe(2);
    expect(staged.stderr).toMatch(/clean git index/);
    expect(git(repo, 'log', '--format=%s')).toBe('before\n');
    const dry = await cli([repo, '--commit-per-hop', '--dry-run'], repo, GIT_ENV);
    expect(dry.code).toBe(2);
    expect(dry.stderr).toMatch(/cannot be combined with --dry-run/);
  });
});

describe('fix-up pass', () => {
  const migration = [
    'using Microsoft.EntityFrameworkCore.Migrations;',
    '',
    'namespace Host.Migrations;',
    '',
    'public partial class V7 : Migration',
    '{',
    '    protected override void Up(MigrationBuilder migrationBuilder)',
    '    {',
    '        migrationBuilder.AlterColumn<long>(',
    '            name: "Id",',
    '            table: "ServerSideSessions",',
    '            type: "bigint",',
    '            nullable: false,',
    '            oldClrType: typeof(int),',
    '            oldType: "int");',
    '    }',
    '}',
    '',
  ].join('\n');
  const tree = () =>
    makeTree({
      'Host/Host.csproj': csproj('  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="Duende.IdentityServer.EntityFramework" Version="7.0.9" /></ItemGroup>', 'Microsoft.NET.Sdk.Web'),
      'Host/Migrations/V7.cs': migration,
    });

  it('fixes a migration generated after the upgrade, on a project already on the target, as its own step', async () => {
    const root = tree();
    const r = await cli([root, '--dry-run', '--to', '7.0'], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+        migrationBuilder.DropPrimaryKey(');
    expect(r.stdout).toContain('+        migrationBuilder.AddPrimaryKey(');
    const out = path.join(root, '..', `${path.basename(root)}-series`);
    expect((await cli([root, '--to', '7.0', '--patch-series', out], root)).code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['0001-fixups-6.3-to-7.0.patch', 'cumulative.patch']);
    expect((await cli([root, '--to', '7.0'], root)).code).toBe(0);
    expect((await cli([root, '--dry-run', '--to', '7.0'], root)).stdout).toBe('');
  });

  it('runs after the hops of a later upgrade too', async () => {
    const root = tree();
    const r = await cli([root, '--dry-run', '--to', '7.4'], root);
    expect(r.stdout).toContain('+        migrationBuilder.DropPrimaryKey(');
    expect(r.stdout).toContain('Duende.IdentityServer.EntityFramework" Version="7.4.8"');
  });
});

describe('progress line', () => {
  it('writes to a terminal only, rewriting one line, and erases it when done', () => {
    const written: string[] = [];
    let t = 0;
    const line = progressLine({ write: (s) => written.push(s), isTty: true }, () => (t += 100));
    line.hop({ step: '6.3-7.0', done: 1, total: 3 });
    line.hop({ step: 'fixup:6.3-7.0', done: 3, total: 3 });
    line.read('reading projects', 2, 2);
    line.done();
    expect(written[0]).toBe('\r\x1b[2Kidsrv-codemod: 6.3 → 7.0: 1/3 files');
    expect(written[1]).toBe('\r\x1b[2Kidsrv-codemod: 6.3 → 7.0 fix-ups: 3/3 files');
    expect(written[2]).toBe('\r\x1b[2Kidsrv-codemod: reading projects: 2/2');
    expect(written[3]).toBe('\r\x1b[2K');
    const none: string[] = [];
    const quiet = progressLine({ write: (s) => none.push(s), isTty: false });
    quiet.hop({ step: '6.3-7.0', done: 1, total: 1 });
    quiet.done();
    expect(none).toEqual([]);
  });

  it('the CLI prints no progress into a pipe, and ends with a summary of counts and time', () => {
    const sample = path.join(solutions, 'duende62-cpm-ef');
    const r = spawnCli([sample, '--dry-run'], process.cwd());
    expect(r.stderr).not.toContain('\r');
    expect(r.stdout).not.toContain('idsrv-codemod:');
    expect(r.stderr).toMatch(/Done in \d+\.\d s: 1 project\(s\) to upgrade, \d+ hop\(s\); \d+ automatic edit\(s\) in \d+ file\(s\), \d+ to review; findings: \d+ error\(s\)/);
  });
});
