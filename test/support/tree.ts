import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Writes a small file tree into a fresh temp folder and returns its path. */
export function makeTree(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'idsrv-codemod-'));
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return root;
}

export const csproj = (body: string, sdk = 'Microsoft.NET.Sdk') => `<Project Sdk="${sdk}">\n${body}\n</Project>\n`;
