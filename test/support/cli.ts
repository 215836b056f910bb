import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const BIN = path.join(__dirname, '..', '..', 'bin', 'idsrv-codemod.js');

/** Runs the built CLI as a user would (npm test builds dist/ first). */
export function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same CLI (dist/, as built by npm test), run inside the test process: no new process, rules and grammar loaded
 * once per test file. For tests about the process itself (exit status of the real binary, pipes, signals) use cli().
 */
export async function cliInProcess(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = require(path.join(__dirname, '..', '..', 'dist', 'src', 'cli.js'));
  let stdout = '';
  let stderr = '';
  const io = { out: (s: string) => void (stdout += s), err: (s: string) => void (stderr += s), isTty: false, errIsTty: false };
  const saved = { cwd: process.cwd(), env: { ...process.env } };
  Object.assign(process.env, { NO_COLOR: '1', ...env });
  process.chdir(cwd);
  try {
    const code: number = await main(['node', 'idsrv-codemod', ...args], io);
    return { code, stdout, stderr };
  } finally {
    process.chdir(saved.cwd);
    for (const k of Object.keys(process.env)) if (!(k in saved.env)) delete process.env[k];
    Object.assign(process.env, saved.env);
  }
}

export function copyTree(src: string): string {
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'idsrv-e2e-'));
  fs.cpSync(src, dest, { recursive: true });
  return dest;
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=test@example.invalid', '-c', 'user.name=test', '-c', 'core.autocrlf=false', ...args], { cwd, encoding: 'utf8' });
}

/** Every file under a folder (minus .git) with its bytes, for byte-for-byte tree comparisons. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === '.git') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(root, p)] = fs.readFileSync(p).toString('base64');
    }
  };
  walk(root);
  return out;
}
