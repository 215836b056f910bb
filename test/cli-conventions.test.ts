/** CLI conventions, driven in-process through main(argv, io): help width, --version, typos, --quiet/--verbose, filters, --json. */
import fs from 'node:fs';
import path from 'node:path';
import { main, wrapText } from '../src/cli';
import { formatPerFile, relativeIn, type ReportInput } from '../src/emit/summary';
import { copyTree, snapshot } from './support/cli';
import { csproj, makeTree } from './support/tree';

const sample = (name: string) => path.join(__dirname, '..', 'fixtures', 'solutions', name);
const pkgVersion = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version;

async function run(args: string[], columns?: number) {
  let out = '';
  let err = '';
  const code = await main(['node', 'idsrv-codemod', ...args], { out: (s) => void (out += s), err: (s) => void (err += s), isTty: false, columns, errColumns: columns });
  return { code, out, err };
}

/** Lines longer than the width, except a lone unbreakable word (a path or URL). */
const tooLong = (text: string, width: number) => text.split('\n').filter((l) => l.length > width && /\S\s+\S/.test(l.trim()));

let savedColumns: string | undefined;
beforeEach(() => {
  savedColumns = process.env.COLUMNS;
  delete process.env.COLUMNS;
});
afterEach(() => {
  if (savedColumns === undefined) delete process.env.COLUMNS;
  else process.env.COLUMNS = savedColumns;
});

describe('help', () => {
  it.each([50, 60, 120])('wraps every help page to %i columns', async (width) => {
    for (const args of [['--help'], ['audit', '--help'], ['rules', '--help']]) {
      const r = await run(args, width);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Usage: idsrv-codemod/);
      expect([args.join(' '), tooLong(r.out, width)]).toEqual([args.join(' '), []]);
    }
  });

  it('has no hard line breaks inside a sentence: on a wide terminal each paragraph is one line', async () => {
    const r = await run(['--help'], 1000);
    expect(r.out).not.toMatch(/rewrites\n\s*project files/);
    expect(r.out.split('\n').some((l) => l.startsWith('Upgrade a .NET solution') && l.endsWith('unless --allow-dirty).'))).toBe(true);
    expect(r.out.split('\n').some((l) => l.startsWith('The report (projects') && l.endsWith('relative to the solution.'))).toBe(true);
    const narrow = await run(['--help'], 80);
    expect(narrow.out).toContain('rewrites');
    expect(narrow.out).not.toMatch(/rewrites\n\s*project files and C#/);
  });

  it('defaults to 80 columns when stdout is not a terminal, and honours COLUMNS', async () => {
    const plain = await run(['--help']);
    expect(tooLong(plain.out, 80)).toEqual([]);
    expect(plain.out.split('\n').some((l) => l.length > 70)).toBe(true); // it does use the width
    process.env.COLUMNS = '52';
    const env = await run(['--help'], 200);
    expect(tooLong(env.out, 52)).toEqual([]);
    expect(env.out.split('\n').some((l) => l.length > 48)).toBe(true);
  });

  it('points at the JSON schema where it is installed', async () => {
    const r = await run(['audit', '--help'], 100);
    const schema = r.out.split('\n').map((l) => l.trim()).find((l) => l.endsWith('audit.schema.json') && path.isAbsolute(l));
    expect(schema && fs.existsSync(schema)).toBe(true);
  });

  it('wrapText keeps an example\'s indent and indents its continuation', () => {
    expect(wrapText('  tool audit ./Sln --report a.md --report b.sarif', 30)).toBe('  tool audit ./Sln --report\n      a.md --report b.sarif');
    expect(wrapText('one two three four', 9)).toBe('one two\nthree\nfour');
  });
});

describe('version and typos', () => {
  it.each([['--version'], ['-V']])('%s prints the package version', async (flag) => {
    const r = await run([flag]);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(pkgVersion);
  });

  it.each([
    ['--dryrun', '--dry-run'],
    ['--dry_run', '--dry-run'],
    ['--pach', '--patch'],
    ['--exlude', '--exclude'],
  ])('%s suggests %s and exits 2 without burying it under the help', async (typo, right) => {
    const r = await run([typo]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`unknown option '${typo}'`);
    expect(r.err).toContain(`(Did you mean ${right}?)`);
    expect(r.err).not.toContain('Options:');
    expect(r.out).toBe('');
  });
});

describe('--quiet and --verbose', () => {
  it('--quiet leaves stderr empty on success and still shows errors', async () => {
    const r = await run([sample('duende62-cpm-ef'), '--dry-run', '--to', '7.0', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('diff --git');
    expect(r.err).toBe('');
    const missing = await run(['does-not-exist', '--dry-run', '--quiet']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/does-not-exist: no such file or folder/);
  });

  it('--quiet and --verbose together are a usage error', async () => {
    const r = await run(['--quiet', '--verbose', sample('duende62-cpm-ef')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot be used with/);
  });

  it('--verbose lists each file with its status and the rule ids that edited or reported it', async () => {
    const plain = await run([sample('duende62-cpm-ef'), '--dry-run', '--to', '7.0']);
    expect(plain.err).not.toContain('Per file');
    const r = await run([sample('duende62-cpm-ef'), '--dry-run', '--to', '7.0', '--verbose']);
    expect(r.code).toBe(0);
    const section = r.err.slice(r.err.indexOf('Per file'));
    expect(section).toMatch(/^ {2}Directory\.Packages\.props {2}changed .*every-hop\/package-versions/m);
    expect(section).toMatch(/^ {2}src\/IdentityHost\/IdentityHost\.csproj {2}changed .*every-hop\/target-framework/m);
    expect(section).toMatch(/^ {2}src\/IdentityHost\/HostingExtensions\.cs {2}unchanged .*6\.2-6\.3\/refresh-token-delete-on-use/m);
    expect(section).toMatch(/^ {2}src\/IdentityHost\/Program\.cs {2}unchanged .*\(no rule fired\)/m);
    expect(section).not.toContain(sample('duende62-cpm-ef'));
  });
});

describe('formatPerFile (--verbose)', () => {
  it('adds the time the engine reports per file (onFile) and merges its rule ids with the edits and findings', () => {
    const root = path.resolve('/sln');
    const input = {
      root,
      target: '7.4 (7.4.6)',
      plans: [],
      notes: [],
      result: {
        files: new Map([[path.join(root, 'src', 'A.cs'), { path: path.join(root, 'src', 'A.cs'), status: 'changed', edits: [{ ruleId: 'r/one' }] }]]),
        findings: [{ file: 'src/B.cs', line: 3, ruleId: 'r/two' }],
        review: [],
        hops: [],
        fixups: [],
      },
    } as unknown as ReportInput;
    const timings = new Map([
      [path.join(root, 'src', 'A.cs'), { ms: 12.34, rules: ['r/three', 'r/one'] }],
      [path.join(root, 'src', 'C.cs'), { ms: 0.5, rules: [] }],
    ]);
    expect(formatPerFile(input, timings)).toBe(
      'Per file (status, time, rules)\n' +
        '  src/A.cs  changed  12.3 ms  r/one, r/three\n' +
        '  src/B.cs  reported  r/two\n' +
        '  src/C.cs  read  0.5 ms  (no rule fired)\n',
    );
  });
});

describe('--include / --exclude', () => {
  const tree = () =>
    makeTree({
      'src/App/App.csproj': csproj('  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="IdentityModel" Version="6.2.0" /></ItemGroup>'),
      'src/App/Client.cs': 'using IdentityModel;\n',
      'templates/Tpl/Tpl.csproj': csproj('  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="IdentityModel" Version="6.2.0" /></ItemGroup>'),
      'templates/Tpl/Client.cs': 'using IdentityModel;\n',
      'samples/S/S.csproj': csproj('  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="IdentityModel" Version="6.2.0" /></ItemGroup>'),
    });

  it('leaves excluded projects alone and says which', async () => {
    const root = tree();
    const all = await run([root, '--dry-run', '--to', '7.1']);
    expect(all.out).toContain('templates/Tpl/Client.cs');
    const r = await run([root, '--dry-run', '--to', '7.1', '--exclude', 'templates/**', '--exclude', 'samples']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('b/src/App/Client.cs');
    expect(r.out).not.toContain('templates/');
    expect(r.out).not.toContain('samples/');
    expect(r.err).toContain('note: left alone (--include/--exclude): samples/S/S.csproj, templates/Tpl/Tpl.csproj');
  });

  it('leaves an excluded folder inside a project alone: its sources are neither read nor edited', async () => {
    const root = makeTree({
      'Host/Host.csproj': csproj('  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="IdentityModel" Version="6.2.0" /></ItemGroup>'),
      'Host/Client.cs': 'using IdentityModel;\n',
      'Host/Generated/Proxy.cs': 'using IdentityModel;\n',
    });
    const all = await run([root, '--dry-run', '--to', '7.1']);
    expect(all.out).toContain('b/Host/Generated/Proxy.cs');
    const r = await run([root, '--dry-run', '--to', '7.1', '--exclude', 'Host/Generated/**']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('b/Host/Client.cs');
    expect(r.out).not.toContain('Generated');
  });

  it('--include keeps only the matching projects', async () => {
    const root = tree();
    const r = await run([root, '--dry-run', '--to', '7.1', '--include', 'src/**']);
    expect(r.out).toContain('b/src/App/App.csproj');
    expect(r.out).not.toMatch(/templates|samples/);
  });

  it('audit honours the same filters', async () => {
    const root = tree();
    const r = await run(['audit', root, '--to', '7.1', '--exclude', 'templates/**', '--quiet']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('src/App/App.csproj');
    expect(r.out).not.toContain('templates/Tpl/Tpl.csproj`');
    expect(r.err).toBe('');
  });
});

describe('--json and writing', () => {
  it('--json alone previews: nothing written, "applied": false, and stderr says how to apply', async () => {
    const copy = copyTree(sample('duende62-cpm-ef'));
    const before = snapshot(copy);
    const r = await run([copy, '--json', '--to', '7.0', '--allow-dirty']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ changes: true, applied: false });
    expect(snapshot(copy)).toEqual(before);
    expect(r.err).toMatch(/--json without --apply changes nothing .*add --apply to write the 2 changed file\(s\)/);
    expect((await run([copy, '--json', '--to', '7.0', '--quiet'])).err).toBe('');
  });

  it('--json --apply writes and says "applied": true', async () => {
    const copy = copyTree(sample('duende62-cpm-ef'));
    const r = await run([copy, '--json', '--apply', '--to', '7.0', '--allow-dirty']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ changes: true, applied: true });
    expect(r.err).toBe('');
    expect(fs.readFileSync(path.join(copy, 'Directory.Packages.props'), 'utf8')).toContain('7.0.');
  });

  it('--apply with a preview flag is a usage error', async () => {
    for (const flag of ['--dry-run', '--check']) {
      const r = await run([sample('duende62-cpm-ef'), '--apply', flag]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/--apply applies the upgrade; it cannot be combined/);
    }
  });
});

describe('paths in messages', () => {
  it('notes and errors name files relative to the solution, with a line where there is one', async () => {
    const root = makeTree({
      'App/App.csproj': csproj('  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="IdentityModel" Version="6.2.0" /></ItemGroup>'),
      'App/packages.config': '<packages />\n',
      'Bad/Bad.csproj': '<Project>\n  <ItemGroup>\n</Project>\n',
    });
    const r = await run([root, '--dry-run', '--to', '7.1']);
    expect(r.err).toContain('note: App/packages.config: packages.config projects are not supported');
    expect(r.err).toMatch(/note: Bad\/Bad\.csproj(:\d+)?: not scanned/);
    expect(r.err).not.toContain(root);
  });

  it('a write that fails is a clear message naming the file relative to the solution, exit 2, no stack', async () => {
    const copy = copyTree(sample('duende62-cpm-ef'));
    const props = path.join(copy, 'Directory.Packages.props');
    let err = '';
    const io = {
      out: () => undefined,
      err: (s: string) => {
        if (!err) fs.appendFileSync(props, '<!-- edited meanwhile -->\n'); // after planning, before writing
        err += s;
      },
      isTty: false,
    };
    const code = await main(['node', 'idsrv-codemod', copy, '--to', '7.0', '--allow-dirty'], io);
    expect(code).toBe(2);
    expect(err).toMatch(/^idsrv-codemod: writing the upgrade failed: Directory\.Packages\.props:? changed on disk/m);
    expect(err).not.toContain(copy);
    expect(err).not.toMatch(/^\s+at /m);
  });

  it('the JSON notes name files relative to the solution too', async () => {
    const root = makeTree({
      'App/App.csproj': csproj('  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="IdentityModel" Version="6.2.0" /></ItemGroup>'),
      'App/packages.config': '<packages />\n',
    });
    const r = await run([root, '--dry-run', '--json', '--to', '7.1']);
    expect(r.out).toContain('App/packages.config: packages.config projects are not supported');
    expect(r.out).not.toContain(root);
  });

  it('relativeIn rewrites absolute paths under the root and leaves the rest', () => {
    const root = path.resolve('/sln');
    const msg = `${path.join(root, 'src', 'A.csproj')}:3: bad; ${path.resolve('/other/B.props')} too`;
    expect(relativeIn(root, msg)).toBe(`src/A.csproj:3: bad; ${path.resolve('/other/B.props')} too`);
  });
});
