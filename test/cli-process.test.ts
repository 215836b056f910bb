/**
 * What only a real process shows: a reader that closes the pipe (`| head`) must end the CLI quietly, and the help
 * must follow the width the environment gives it. Each case spawns the built CLI (npm test builds dist/ first).
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { BIN } from './support/cli';

const sample = path.join(__dirname, '..', 'fixtures', 'solutions', 'duende62-cpm-ef');

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with stdout or stderr a pipe whose reading end is closed at once, before the CLI writes to it. */
function withClosedPipe(args: string[], closed: 'stdout' | 'stderr'): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: path.join(__dirname, '..'), env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const kept = closed === 'stdout' ? child.stderr : child.stdout;
    child[closed].destroy();
    let text = '';
    kept.setEncoding('utf8').on('data', (s: string) => (text += s));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: closed === 'stdout' ? '' : text, stderr: closed === 'stderr' ? '' : text }));
  });
}

const noTrace = (stderr: string) => {
  expect(stderr).not.toMatch(/EPIPE|internal error|Unhandled 'error' event|^\s+at /m);
};

describe('a closed stdout (idsrv-codemod … | head)', () => {
  it.each([
    ['--dry-run', [sample, '--dry-run', '--to', '7.0']],
    ['--json', [sample, '--json', '--to', '7.0']],
    ['rules', ['rules']],
    ['audit', ['audit', sample, '--to', '7.0']],
    ['--help', ['--help']],
  ])('%s ends with exit 0 and no stack trace', async (_name, args) => {
    const r = await withClosedPipe(args as string[], 'stdout');
    noTrace(r.stderr);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
  });

  it('--help | head -1 in a shell prints the first line and nothing on stderr', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" --help | head -1`], { encoding: 'utf8' });
    expect(r.stdout).toBe('Usage: idsrv-codemod [options] [command] [path]\n');
    expect(r.stderr).toBe('');
  });
});

describe('a closed stderr', () => {
  it('--dry-run still prints the whole diff on stdout and exits 0', async () => {
    const r = await withClosedPipe([sample, '--dry-run', '--to', '7.0'], 'stderr');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^diff --git/);
    expect(r.stdout).toContain('+++ b/fixtures/solutions/duende62-cpm-ef/src/IdentityHost/IdentityHost.csproj');
  });

  it('a usage error still exits 2', async () => {
    const r = await withClosedPipe(['--dryrun'], 'stderr');
    expect(r.code).toBe(2);
  });
});

describe('help width from the environment', () => {
  it('follows COLUMNS when stdout is a pipe', () => {
    const r = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '60' } });
    const long = r.stdout.split('\n').filter((l) => l.length > 60 && /\S\s+\S/.test(l.trim()));
    expect(long).toEqual([]);
    expect(r.stdout.split('\n').some((l) => l.length > 55)).toBe(true);
  });

  // util-linux `script` runs the CLI on a pseudo-terminal, whose width stty sets: the width comes from the terminal.
  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  (hasScript ? it : it.skip)(`follows the terminal's width on a TTY${hasScript ? '' : ' (skipped: no util-linux script on PATH)'}`, () => {
    const env = { ...process.env };
    delete env.COLUMNS;
    const r = spawnSync('script', ['-qec', `stty cols 70 rows 20; "${process.execPath}" "${BIN}" --help`, '/dev/null'], { encoding: 'utf8', env });
    const lines = r.stdout.replace(/\r/g, '').split('\n');
    expect(lines[0]).toBe('Usage: idsrv-codemod [options] [command] [path]');
    expect(lines.filter((l) => l.length > 70)).toEqual([]);
    expect(lines.some((l) => l.length > 64)).toBe(true);
  });
});
