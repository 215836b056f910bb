/** Hostile C#: trees deeper than the JS stack, syntax errors near and away from an edit, huge and binary files. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { errorSpots, walk, withTree } from '../src/engine/csharp';
import { usingDirectives } from '../src/engine/cs/syntax';
import { runFileRules } from '../src/engine/file-rules';
import type { FileRule } from '../src/engine/rule';
import { ALL_HOPS } from '../src/plan/catalog';
import { MAX_SOURCE_BYTES, readSourceFile } from '../src/util/limits';
import { fixtureProject } from './support/project';
import { loadRules } from '../src/load-rules';

const deepParens = (n: number) => `class C { int M() { return ${'('.repeat(n)}1${')'.repeat(n)}; } }\n`;
const longConcat = (n: number) => `class C { string M() { return ${Array.from({ length: n }, (_, i) => `"s${i}"`).join(' + ')}; } }\n`;

describe('tree walks on trees deeper than the JS stack', () => {
  it('walk visits every node of 20,000 nested parentheses, in document order', async () => {
    const { count, ordered } = await withTree(deepParens(20_000), (tree) => {
      let count = 0;
      let last = -1;
      let ordered = true;
      walk(tree.rootNode, (n) => {
        count++;
        if (n.startIndex < last) ordered = false;
        last = n.startIndex;
      });
      return { count, ordered };
    });
    expect(count).toBeGreaterThan(20_000);
    expect(ordered).toBe(true);
  });

  it('walk and errorSpots survive a 50,000-term concatenation, and errorSpots finds an error at its bottom', async () => {
    const text = longConcat(50_000).replace('"s0" +', '"s0" + *');
    const { count, spots, usings } = await withTree(text, (tree) => {
      let count = 0;
      walk(tree.rootNode, () => void count++);
      return { count, spots: errorSpots(tree.rootNode), usings: usingDirectives(tree.rootNode).length };
    });
    expect(count).toBeGreaterThan(50_000);
    expect(spots.length).toBeGreaterThan(0);
    expect(usings).toBe(0);
  });

  it('walk still skips a subtree when enter returns false', async () => {
    const seen = await withTree('namespace N { class A { void M() {} } }\n', (tree) => {
      const types: string[] = [];
      walk(tree.rootNode, (n) => {
        types.push(n.type);
        return n.type !== 'class_declaration';
      });
      return types;
    });
    expect(seen).toContain('class_declaration');
    expect(seen).not.toContain('method_declaration');
  });
});

const hop = ALL_HOPS.find((h) => h.id === '7.0-7.1')!;
const renameFoo: FileRule = {
  id: '7.0-7.1/rename-foo',
  title: 'rename Foo',
  docs: 'https://example.invalid',
  kind: 'fix',
  reads: ['csharp'],
  triggers: ['Foo'],
  actsWithoutLibraryNamespace: true, // engine behaviour on hostile input, not the library-namespace gate
  run: (ctx) => {
    for (let i = ctx.text.indexOf('Foo'); i !== -1; i = ctx.text.indexOf('Foo', i + 1)) ctx.edit(i, i + 3, 'Bar');
  },
};
const input = (text: string) => ({ file: 'A.cs', kind: 'csharp' as const, text, eol: '\n' as const, hop, project: fixtureProject() });

describe('syntax errors near and away from an edit', () => {
  it('applies an edit far from a syntax error', async () => {
    const text = 'class Foo { }\n' + '\n'.repeat(50) + 'class Broken { void M() { int x = ; } }\n';
    const out = await runFileRules([renameFoo], input(text));
    expect(out.error).toBeUndefined();
    expect(out.text).toBe(text.replace('class Foo', 'class Bar'));
  });

  it('applies an edit on the line of a syntax error, leaving the error as it was', async () => {
    const text = 'class C { void M() { Foo x = ; } }\n';
    const out = await runFileRules([renameFoo], input(text));
    expect(out.error).toBeUndefined();
    expect(out.text).toBe('class C { void M() { Bar x = ; } }\n');
  });

  it('edits the end of a 2 MB line', async () => {
    const text = `class C { string s = "${'x'.repeat(2 * 1024 * 1024)}"; Foo f; }\n`;
    const out = await runFileRules([renameFoo], input(text));
    expect(out.error).toBeUndefined();
    expect(out.text).toBe(text.replace('Foo f', 'Bar f'));
  });

  it('edits a file of 50,000 concatenated terms and 20,000 nested parentheses', async () => {
    const text = 'class Foo { }\n' + longConcat(50_000) + deepParens(20_000);
    const out = await runFileRules([renameFoo], input(text));
    expect(out.error).toBeUndefined();
    expect(out.text).toBe(text.replace('class Foo', 'class Bar'));
  });
});

describe('namespace renames in 5,000 nested namespaces', () => {
  it('renames the using directive at the bottom without overflowing the stack', async () => {
    const rule = loadRules().find((r) => r.id === '4.1-5.0/identityserver4-namespaces') as FileRule;
    const depth = 5_000;
    const text = `using IdentityServer4.Models;\n${'namespace A { '.repeat(depth)}using IdentityServer4.Services; class Z { }${' }'.repeat(depth)}\n`;
    const out = await runFileRules([rule], { ...input(text), hop: ALL_HOPS.find((h) => h.id === '4.1-5.0')! });
    expect(out.error).toBeUndefined();
    expect(out.text).toBe(text.replace('IdentityServer4.Models', 'Duende.IdentityServer.Models').replace('IdentityServer4.Services', 'Duende.IdentityServer.Services'));
  });
});

describe('readSourceFile: the per-file gate before a source is read whole', () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-cs-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads an ordinary file', () => {
    const f = path.join(dir, 'Ok.cs');
    fs.writeFileSync(f, 'class Ok { }\n');
    const r = readSourceFile(f);
    expect(r).toEqual({ ok: true, bytes: Buffer.from('class Ok { }\n') });
  });

  it('skips a 50 MB file with a reason, without reading it', () => {
    const f = path.join(dir, 'Huge.cs');
    const fd = fs.openSync(f, 'w');
    fs.ftruncateSync(fd, 50 * 1024 * 1024); // sparse: no 50 MB written to disk
    fs.closeSync(fd);
    const read = jest.spyOn(fs, 'readFileSync');
    try {
      const r = readSourceFile(f);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/larger than 10 MB/);
      expect(read).not.toHaveBeenCalledWith(f, expect.anything());
      expect(read).not.toHaveBeenCalledWith(f);
    } finally {
      read.mockRestore();
    }
    expect(MAX_SOURCE_BYTES).toBe(10 * 1024 * 1024);
  });

  it('skips a file with NUL bytes as binary', () => {
    const f = path.join(dir, 'Nul.cs');
    fs.writeFileSync(f, Buffer.concat([Buffer.from('class A {'), Buffer.from([0, 0, 0]), Buffer.from('}\n')]));
    const r = readSourceFile(f);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/NUL/);
  });

  it('reads a file with a 1 MB line', () => {
    const f = path.join(dir, 'Long.cs');
    const text = `class A { string s = "${'x'.repeat(1024 * 1024)}"; }\n`;
    fs.writeFileSync(f, text);
    const r = readSourceFile(f);
    expect(r.ok && r.bytes.length).toBe(Buffer.byteLength(text));
  });

  it('refuses a file reached through a symlink that leads outside the root', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-out-'));
    try {
      fs.writeFileSync(path.join(outside, 'Secret.cs'), 'class Secret { }\n');
      const root = path.join(dir, 'root');
      fs.mkdirSync(root);
      fs.symlinkSync(path.join(outside, 'Secret.cs'), path.join(root, 'Link.cs'));
      const r = readSourceFile(path.join(root, 'Link.cs'), { root });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/symlink.*outside/);
      fs.writeFileSync(path.join(root, 'Inside.cs'), 'class I { }\n');
      fs.symlinkSync(path.join(root, 'Inside.cs'), path.join(root, 'InsideLink.cs'));
      const inside = readSourceFile(path.join(root, 'InsideLink.cs'), { root });
      expect(inside).toEqual({ ok: false, reason: 'symlink to Inside.cs; edited only at its real path' });
      expect(readSourceFile(path.join(root, 'Inside.cs'), { root }).ok).toBe(true);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('refuses a symlink loop with a reason instead of throwing', () => {
    const f = path.join(dir, 'Loop.cs');
    fs.symlinkSync(f, f);
    const r = readSourceFile(f, { root: dir });
    expect(r.ok).toBe(false);
  });
});
