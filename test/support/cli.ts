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
