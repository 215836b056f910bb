/**
 * File-system hazards: symlinks out of the folder and in loops, read-only and unreadable places, failures while
 * writing. Either every planned file is written, or the run stops before replacing any and names the file that
 * blocked it; a failure half-way through the renames says exactly which files were written.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import globby from 'globby';
import { ApplyError, writeAtomically, type Write } from '../src/emit/apply';
import { discover } from '../src/scan/discover';
import { decode } from '../src/util/text';
import { cli, snapshot } from './support/cli';
import { csproj, makeTree } from './support/tree';

jest.mock('globby', () => {
  const real = jest.requireActual('globby');
  return Object.assign(jest.fn(real), real);
});

const texts = (dir: string, names: string[]) => Object.fromEntries(names.map((n) => [n, fs.readFileSync(path.join(dir, n), 'utf8')]));
const temps = (dir: string) => fs.readdirSync(dir, { recursive: true }).map(String).filter((n) => n.includes('.idsrv-codemod-'));

/** Three files with a planned write each: the upgraded text is the original in upper case. */
function planned(dir: string): Write[] {
  const names = ['B.cs', 'App.csproj', 'A.cs'];
  for (const n of names) fs.writeFileSync(path.join(dir, n), `original ${n}\n`);
  return names.map((n) => {
    const d = decode(fs.readFileSync(path.join(dir, n)));
    if (!d.ok) throw new Error(d.reason);
    return { path: path.join(dir, n), original: d.file, text: d.file.text.toUpperCase() };
  });
}

describe('writeAtomically', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-apply-'))));
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const ORIGINAL = { 'A.cs': 'original A.cs\n', 'App.csproj': 'original App.csproj\n', 'B.cs': 'original B.cs\n' };

  it('writes every file, C# before the project file, and leaves no temp file', () => {
    const result = writeAtomically(planned(dir), { root: dir });
    expect(result.written.map((f) => path.basename(f))).toEqual(['B.cs', 'A.cs', 'App.csproj']);
    expect(texts(dir, ['A.cs', 'App.csproj', 'B.cs'])).toEqual({ 'A.cs': 'ORIGINAL A.CS\n', 'App.csproj': 'ORIGINAL APP.CSPROJ\n', 'B.cs': 'ORIGINAL B.CS\n' });
    expect(temps(dir)).toEqual([]);
  });

  it('stops before writing anything when a file changed on disk after planning', () => {
    const writes = planned(dir);
    fs.appendFileSync(path.join(dir, 'A.cs'), '// edited meanwhile\n');
    expect(() => writeAtomically(writes, { root: dir })).toThrow(/^A\.cs: changed on disk while the codemod ran; nothing written$/);
    expect(texts(dir, ['App.csproj', 'B.cs'])).toEqual({ 'App.csproj': ORIGINAL['App.csproj'], 'B.cs': ORIGINAL['B.cs'] });
    expect(temps(dir)).toEqual([]);
  });

  it('stops before writing anything when a file that needs edits is read-only', () => {
    const writes = planned(dir);
    fs.chmodSync(path.join(dir, 'A.cs'), 0o444);
    expect(() => writeAtomically(writes, { root: dir })).toThrow(/^A\.cs: is read-only; .*nothing written$/);
    expect(texts(dir, ['A.cs', 'App.csproj', 'B.cs'])).toEqual(ORIGINAL);
    expect(temps(dir)).toEqual([]);
  });

  it('never writes through a symlink, nor into a folder that is a symlink to outside the root', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-outside-'));
    try {
      const writes = planned(dir);
      fs.writeFileSync(path.join(outside, 'Real.cs'), 'original A.cs\n');
      fs.rmSync(path.join(dir, 'A.cs'));
      fs.symlinkSync(path.join(outside, 'Real.cs'), path.join(dir, 'A.cs'));
      expect(() => writeAtomically(writes, { root: dir })).toThrow(/^A\.cs: is a symlink/);
      expect(fs.readFileSync(path.join(outside, 'Real.cs'), 'utf8')).toBe('original A.cs\n');

      const linked = path.join(dir, 'linked');
      fs.symlinkSync(outside, linked);
      const d = decode(fs.readFileSync(path.join(linked, 'Real.cs')));
      if (!d.ok) throw new Error(d.reason);
      expect(() => writeAtomically([{ path: path.join(linked, 'Real.cs'), original: d.file, text: 'changed\n' }], { root: dir, confine: true })).toThrow(/^linked\/Real\.cs: lies outside/);
      expect(fs.readFileSync(path.join(outside, 'Real.cs'), 'utf8')).toBe('original A.cs\n');
      expect(temps(dir)).toEqual([]);
      expect(temps(outside)).toEqual([]);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('a temp file that cannot be created (read-only folder, full disk) stops the run before any file is replaced', () => {
    const writes = planned(dir);
    const real = fs.writeFileSync;
    jest.spyOn(fs, 'writeFileSync').mockImplementation((file, ...rest) => {
      if (String(file).includes('.A.cs.')) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      return real(file, ...rest);
    });
    expect(() => writeAtomically(writes, { root: dir })).toThrow(/^A\.cs: cannot write beside it \(EACCES\); nothing written$/);
    expect(texts(dir, ['A.cs', 'App.csproj', 'B.cs'])).toEqual(ORIGINAL);
    expect(temps(dir)).toEqual([]);
  });

  it('a rename that fails half-way says the upgrade is half-applied and lists what was and was not written', () => {
    const writes = planned(dir);
    const real = fs.renameSync;
    jest.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      if (String(to).endsWith('A.cs')) throw Object.assign(new Error('EBUSY: resource busy'), { code: 'EBUSY' });
      return real(from, to);
    });
    let err: unknown;
    try {
      writeAtomically(writes, { root: dir });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApplyError);
    expect((err as Error).message).toBe(
      'A.cs: cannot be replaced (EBUSY); the upgrade is HALF-APPLIED: 1 of 3 file(s) written (B.cs), not written: A.cs, App.csproj. Fix the cause and run again to finish (or restore from version control)',
    );
    expect(texts(dir, ['A.cs', 'App.csproj', 'B.cs'])).toEqual({ ...ORIGINAL, 'B.cs': 'ORIGINAL B.CS\n' });
    expect(temps(dir)).toEqual([]);
  });

  it('removes temp files an interrupted run left beside its targets, and says which', () => {
    const writes = planned(dir);
    const stale = path.join(dir, '.A.cs.idsrv-codemod-99999.tmp');
    fs.writeFileSync(stale, 'half');
    const result = writeAtomically(writes, { root: dir });
    expect(result.removedStale).toEqual([stale]);
    expect(temps(dir)).toEqual([]);
  });
});

describe('discovery of a hostile folder', () => {
  let root: string;
  let outside: string;
  beforeAll(() => {
    outside = makeTree({ 'Far/Far.csproj': csproj(''), 'Secret.cs': 'class Secret {}\n' });
    root = makeTree({ 'App/App.csproj': csproj(''), 'App/.Startup.cs.idsrv-codemod-4242.tmp': 'half-written' });
    fs.symlinkSync(path.join(outside, 'Far/Far.csproj'), path.join(root, 'App/Far.csproj'));
    fs.symlinkSync(path.join(outside, 'Far'), path.join(root, 'FarFolder'));
    fs.symlinkSync(path.join(root, 'Loop.csproj'), path.join(root, 'Loop.csproj'));
    fs.symlinkSync(root, path.join(root, 'App/Self'));
    fs.symlinkSync(path.join(root, 'App/App.csproj'), path.join(root, 'App/Alias.csproj'));
  });
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('leaves out symlinks to outside the folder and symlink loops, and says so', async () => {
    const d = await discover(root);
    expect(d.projects.map((p) => path.relative(root, p))).toEqual(['App/Alias.csproj', 'App/App.csproj']);
    const notes = d.notes.join('\n');
    expect(notes).toMatch(/^App\/Far\.csproj: symlink to .*Far\.csproj, outside .*; not read, not written$/m);
    expect(notes).toMatch(/^FarFolder: symlink to .*Far, outside/m);
    expect(notes).toMatch(/^Loop\.csproj: symlink loop; not followed$/m);
    expect(notes).toMatch(/^App\/\.Startup\.cs\.idsrv-codemod-4242\.tmp: temp file of an interrupted in-place run/m);
    expect(notes).not.toMatch(/App\/Self/);
  });

  it('notes a folder it cannot read and finds the rest', async () => {
    const locked = path.join(root, 'Locked');
    fs.mkdirSync(locked);
    fs.writeFileSync(path.join(locked, 'Hidden.csproj'), csproj(''));
    // Root reads any folder, so the walk's EACCES (as fast-glob reports it, with the folder's path) is injected.
    (globby as unknown as jest.Mock).mockImplementationOnce(() => Promise.reject(Object.assign(new Error(`EACCES: permission denied, scandir '${locked}'`), { code: 'EACCES', path: locked })));
    const d = await discover(root);
    expect(d.notes).toContain('Locked/: folder cannot be read (EACCES); left out');
    expect(d.projects.map((p) => path.relative(root, p))).toEqual(['App/Alias.csproj', 'App/App.csproj']);
  });
});

describe('the CLI on a read-only file that needs edits', () => {
  it('exits 2, names the file and writes nothing', () => {
    const root = makeTree({
      'Host/Host.csproj': csproj('  <PropertyGroup><TargetFramework>netcoreapp3.1</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="IdentityServer4" Version="4.1.1" /></ItemGroup>'),
      'Host/A.cs': 'using IdentityServer4;\n',
      'Host/B.cs': 'using IdentityServer4;\n',
    });
    try {
      fs.chmodSync(path.join(root, 'Host/B.cs'), 0o444);
      const before = snapshot(root);
      const r = cli([root, '--to', '6.0'], root);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/Host\/B\.cs: is read-only; .*nothing written/);
      expect(snapshot(root)).toEqual(before);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the CLI on a C# file symlinked to outside the folder', () => {
  it('never writes the outside file and names the link', () => {
    const outside = makeTree({ 'Shared.cs': 'using IdentityServer4;\n' });
    const root = makeTree({
      'Host/Host.csproj': csproj('  <PropertyGroup><TargetFramework>netcoreapp3.1</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="IdentityServer4" Version="4.1.1" /></ItemGroup>'),
      'Host/A.cs': 'using IdentityServer4;\n',
    });
    try {
      fs.symlinkSync(path.join(outside, 'Shared.cs'), path.join(root, 'Host/Link.cs'));
      const r = cli([root, '--to', '6.0'], root);
      expect(r.stderr).toMatch(/Link\.cs.*symlink/);
      expect(fs.readFileSync(path.join(outside, 'Shared.cs'), 'utf8')).toBe('using IdentityServer4;\n');
      expect(fs.lstatSync(path.join(root, 'Host/Link.cs')).isSymbolicLink()).toBe(true);
      expect(fs.readdirSync(outside)).toEqual(['Shared.cs']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});

/**
 * The same hazards with real permissions. Root ignores them, so as root the checks run in a child process as user
 * `nobody` (through setpriv); without either, the suite says in its name that it was skipped.
 */
const DIST = path.join(__dirname, '..', 'dist', 'src');
const NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
const asRoot = process.getuid?.() === 0;
const haveSetpriv = !asRoot || spawnSync('setpriv', ['--version']).status === 0;
// A checkout under a private folder (mktemp -d is 0700) cannot be read by `nobody`: then these checks cannot run.
const nobodyReadsDist = !asRoot || !haveSetpriv || spawnSync(NOBODY[0], [...NOBODY.slice(1), process.execPath, '-e', `require(${JSON.stringify(path.join(DIST, 'scan', 'discover'))})`]).status === 0;
const skipReason = !haveSetpriv ? 'root without setpriv' : !nobodyReadsDist ? "user nobody cannot read this checkout's dist/ (a private parent folder)" : '';
const describeReal = skipReason ? describe.skip : describe;
describeReal(`real permissions${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  /** Runs `script` (CommonJS, with `dist` bound to the built sources) as an unprivileged user; returns its stdout. */
  const unprivileged = (script: string): string => {
    const prefix = asRoot ? NOBODY : [];
    const r = spawnSync(prefix[0] ?? process.execPath, [...prefix.slice(1), ...(prefix.length ? [process.execPath] : []), '-e', `const dist = ${JSON.stringify(DIST)};\n${script}`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return r.stdout;
  };
  let root: string;
  beforeEach(() => {
    root = makeTree({ 'App/App.csproj': csproj(''), 'Locked/Hidden.csproj': csproj(''), 'Sealed/A.cs': 'a\n', 'Sealed/B.cs': 'b\n' });
    fs.chmodSync(root, 0o755);
  });
  afterEach(() => {
    fs.chmodSync(path.join(root, 'Locked'), 0o755);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('an unreadable folder is noted and left out', () => {
    fs.chmodSync(path.join(root, 'Locked'), 0o000);
    const out = JSON.parse(unprivileged(`require(dist + '/scan/discover').discover(${JSON.stringify(root)}).then((d) => console.log(JSON.stringify(d)));`));
    expect(out.notes).toContain('Locked/: folder cannot be read (EACCES); left out');
    expect(out.projects).toEqual([path.join(root, 'App/App.csproj')]);
  });

  it('a folder the user cannot write stops the apply before any file is replaced', () => {
    if (process.getuid?.() === 0) for (const f of ['Sealed', 'Sealed/A.cs', 'Sealed/B.cs']) fs.chownSync(path.join(root, f), 65534, 65534);
    fs.chmodSync(path.join(root, 'Sealed'), 0o555); // files writable, folder not: no temp file can be created
    const out = unprivileged(`
      const fs = require('node:fs');
      const { writeAtomically } = require(dist + '/emit/apply');
      const { decode } = require(dist + '/util/text');
      const w = (f) => ({ path: f, original: decode(fs.readFileSync(f)).file, text: 'changed\\n' });
      try { writeAtomically([w(${JSON.stringify(path.join(root, 'Sealed/A.cs'))}), w(${JSON.stringify(path.join(root, 'Sealed/B.cs'))})], { root: ${JSON.stringify(root)} }); console.log('written'); }
      catch (e) { console.log(e.message); }`);
    expect(out.trim()).toBe('Sealed/A.cs: cannot write beside it (EACCES); nothing written');
    expect(texts(path.join(root, 'Sealed'), ['A.cs', 'B.cs'])).toEqual({ 'A.cs': 'a\n', 'B.cs': 'b\n' });
    expect(temps(root)).toEqual([]);
  });
});
