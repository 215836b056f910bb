/** Engine guarantees: edits never overlap silently, never add syntax errors, keep bytes outside the edits. */
import { runFileRules } from '../src/engine/file-rules';
import { applyEdits, normalizeEdits } from '../src/engine/edits';
import type { FileRule } from '../src/engine/rule';
import { ALL_HOPS } from '../src/plan/catalog';
import { fileDiff } from '../src/emit/diff';
import { decode } from '../src/util/text';
import { fixtureProject } from './support/project';

const hop = ALL_HOPS.find((h) => h.id === '7.0-7.1')!;
// Engine mechanics, not the library-namespace gate: these rules act on any file (the gate has its own tests below).
const rule = (id: string, run: FileRule['run']): FileRule => ({ id, title: id, docs: 'https://example.invalid', kind: 'fix', reads: ['csharp'], triggers: ['Foo'], actsWithoutLibraryNamespace: true, run });
const input = (text: string) => ({ file: 'A.cs', kind: 'csharp' as const, text, eol: '\n' as const, hop, project: fixtureProject() });

describe('rewrite engine', () => {
  it('rejects overlapping edits of two rules, naming both', async () => {
    const a = rule('7.0-7.1/a', (ctx) => ctx.edit(6, 9, 'Bar'));
    const b = rule('7.0-7.1/b', (ctx) => ctx.edit(7, 10, 'Baz'));
    const out = await runFileRules([a, b], input('class Foo {}\n'));
    expect(out.error).toMatch(/7\.0-7\.1\/a .* and 7\.0-7\.1\/b .* overlap/);
    expect(out.text).toBe('class Foo {}\n');
  });

  it('drops identical edits two rules both ask for, keeps distinct ones in order', () => {
    const edits = normalizeEdits('f', [
      { start: 5, end: 6, text: 'x', ruleId: 'r1' },
      { start: 0, end: 1, text: 'y', ruleId: 'r2' },
      { start: 5, end: 6, text: 'x', ruleId: 'r3' },
    ]);
    expect(applyEdits('abcdefg', edits)).toBe('ybcdexg');
  });

  it('refuses an edit set that would add syntax errors', async () => {
    const broken = rule('7.0-7.1/broken', (ctx) => ctx.edit(0, 5, 'clas'));
    const out = await runFileRules([broken], input('class Foo {}\n'));
    expect(out.error).toMatch(/would add syntax errors; not applied/);
    expect(out.text).toBe('class Foo {}\n');
  });

  it('never edits inside a region the parser could not read, and says so', async () => {
    const text = 'class Foo { void M() { int x = ; } }\n';
    const inside = rule('7.0-7.1/inside', (ctx) => ctx.edit(text.indexOf('= ;'), text.indexOf('= ;') + 3, '= 1;'));
    const out = await runFileRules([inside], input(text));
    expect(out.text).toBe(text);
    expect(out.findings.map((f) => f.message)).toEqual([expect.stringMatching(/could not read this part/)]);
  });

  it('a rule that throws leaves that file unchanged and in error, naming the rule, instead of ending the run', async () => {
    const edits = rule('7.0-7.1/edits', (ctx) => ctx.edit(6, 9, 'Bar'));
    const broken = rule('7.0-7.1/throws', () => {
      throw new Error('unexpected shape');
    });
    const out = await runFileRules([edits, broken], input('class Foo {}\n'));
    expect(out.text).toBe('class Foo {}\n');
    expect(out.edits).toEqual([]);
    expect(out.error).toBe('A.cs: rule 7.0-7.1/throws failed (unexpected shape); the file is left unchanged');
  });

  it('skips files whose text no trigger names without parsing them', async () => {
    let ran = false;
    const out = await runFileRules([rule('7.0-7.1/x', () => (ran = true))], input('class Bar {}\n'));
    expect(ran).toBe(false);
    expect(out.edits).toEqual([]);
  });
});

describe('library-namespace gate', () => {
  const gated = (seen: string[]): FileRule => ({ ...rule('7.0-7.1/gated', (ctx) => void seen.push(ctx.file)), actsWithoutLibraryNamespace: undefined });

  it('skips a C# file that names no IdentityServer/IdentityModel/Duende namespace', async () => {
    const seen: string[] = [];
    await runFileRules([gated(seen)], input('using Microsoft.Extensions.Options;\nclass Foo {}\n'));
    expect(seen).toEqual([]);
  });

  it('runs the rule where the file names a library namespace, or its project imports one for every file', async () => {
    const seen: string[] = [];
    await runFileRules([gated(seen)], input('using Duende.IdentityServer.Models;\nclass Foo {}\n'));
    await runFileRules([gated(seen)], { ...input('class Foo {}\n'), file: 'B.cs', project: fixtureProject({ usings: ['IdentityModel.Client'] }) });
    expect(seen).toEqual(['A.cs', 'B.cs']);
  });

  it('lets a rule that matches by method name alone (actsWithoutLibraryNamespace) see every file', async () => {
    const seen: string[] = [];
    await runFileRules([rule('7.0-7.1/by-name', (ctx) => void seen.push(ctx.file))], input('class Foo {}\n'));
    expect(seen).toEqual(['A.cs']);
  });
});

describe('tree hand-over between hops', () => {
  it('hands back the tree of the text it leaves, and reuses a tree it is given instead of parsing again', async () => {
    const rename = rule('7.0-7.1/rename', (ctx) => ctx.edit(6, 9, 'Foo2'));
    const first = await runFileRules([rename], { ...input('class Foo {}\n'), keepTree: true });
    expect(first.text).toBe('class Foo2 {}\n');
    expect(first.tree?.rootNode.text).toBe('class Foo2 {}\n');
    let seenTree: unknown;
    const look = rule('7.0-7.1/look', (ctx) => void (seenTree = ctx.tree));
    const second = await runFileRules([look], { ...input(first.text), tree: first.tree, keepTree: true });
    expect(seenTree).toBe(first.tree);
    expect(second.tree).toBe(first.tree);
    second.tree?.delete();
  });
});

describe('unified diff', () => {
  it('keeps CRLF, the BOM and a missing final newline so that git apply reproduces the bytes', () => {
    const decoded = decode(Buffer.from('\ufeffa\r\nb\r\nc', 'utf8'));
    if (!decoded.ok) throw new Error(decoded.reason);
    const diff = fileDiff('x.cs', decoded.file, 'a\r\nB\r\nc');
    expect(diff).toBe('diff --git a/x.cs b/x.cs\n--- a/x.cs\n+++ b/x.cs\n@@ -1,3 +1,3 @@\n \ufeffa\r\n-b\r\n+B\r\n c\n\\ No newline at end of file\n');
  });

  it('is empty when nothing changed', () => {
    const decoded = decode(Buffer.from('x\n'));
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(fileDiff('x', decoded.file, 'x\n')).toBe('');
  });
});

describe('global usings', () => {
  it('are read from the sources of a project (plain ones; not aliases, not static, not in other text)', () => {
    const fs = require('node:fs') as typeof import('node:fs');
    const os = require('node:os') as typeof import('node:os');
    const path = require('node:path') as typeof import('node:path');
    const { globalUsingsOf } = require('../src/engine/global-usings') as typeof import('../src/engine/global-usings');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'idsrv-global-'));
    const file = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const files = [
      file('GlobalUsings.cs', '\ufeffglobal using Duende.IdentityServer.Models;\r\nglobal using global::IdentityModel.Client;\nglobal using static System.Math;\nglobal using Json = System.Text.Json;\n'),
      file('Other.cs', 'namespace App;\n// global using Not.This; is a comment here\nclass A { string s = "global using Nor.This;"; }\n'),
      file('View.cshtml', '@using Not.Razor\n'),
    ];
    expect(globalUsingsOf(files)).toEqual(['Duende.IdentityServer.Models', 'IdentityModel.Client']);
  });
});
