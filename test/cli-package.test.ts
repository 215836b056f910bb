/** What `npm pack` would publish (npm test builds dist/ first): the licence, the audit schema, no dangling source maps. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function packedFiles(): string[] {
  // --ignore-scripts: "prepare" would rebuild dist/ under the feet of other suites.
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
}

describe('the published package', () => {
  const files = packedFiles();

  it('ships the licence, the audit schema the help points at, the CLI and the grammar', () => {
    for (const f of ['LICENSE', 'schemas/audit.schema.json', 'bin/idsrv-codemod.js', 'dist/src/cli.js', 'dist/grammar/tree-sitter-c_sharp.wasm', 'package.json', 'README.md']) {
      expect([f, files.includes(f)]).toEqual([f, true]);
    }
    expect(pkg.license).toBe('MIT');
    expect(fs.readFileSync(path.join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} idsrv-codemod contributors\n/);
  });

  it('ships no source map and no TypeScript source, and no file points at a map of one', () => {
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    const pointing = files.filter((f) => /\.(js|json)$/.test(f) && /sourceMappingURL|"sources"\s*:/.test(fs.readFileSync(path.join(root, f), 'utf8')));
    expect(pointing).toEqual([]);
  });

  it('says where the project lives', () => {
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/idsrv-codemod/idsrv-codemod.git' });
    expect(pkg.homepage).toBe('https://github.com/idsrv-codemod/idsrv-codemod#readme');
    expect(pkg.bugs).toEqual({ url: 'https://github.com/idsrv-codemod/idsrv-codemod/issues' });
  });
});
