/**
 * Encodings and line endings: an in-place upgrade changes only the bytes of its edits. UTF-16 and invalid UTF-8
 * files are skipped with a reason and left byte-for-byte; an edited line keeps its own line ending.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cli } from './support/cli';
import { csproj, makeTree } from './support/tree';
import { decode, encode } from '../src/util/text';

const OLD = 'using IdentityServer4;';
const NEW = 'using Duende.IdentityServer;';
const lines = ['using System;', OLD, '', 'namespace Host', '{', '    public class C { }', '}', ''];

/** The lines joined with the given terminators in turn (the last line has none). */
const withEols = (eols: string[]) => lines.map((l, i) => (i < lines.length - 1 ? l + eols[i % eols.length] : l)).join('');
const terminators = (s: string) => s.match(/\r\n|\r|\n/g) ?? [];
const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();

const files: Record<string, Buffer> = {
  'Host/BomCrlf.cs': Buffer.from('\ufeff' + withEols(['\r\n'])),
  'Host/Mixed.cs': Buffer.from(withEols(['\n', '\r\n', '\r\n', '\n'])),
  'Host/MixedLf.cs': Buffer.from(withEols(['\r\n', '\n'])),
  'Host/CrOnly.cs': Buffer.from(withEols(['\r'])),
  'Host/NoFinalEol.cs': Buffer.from(withEols(['\n']).replace(/\n$/, '')),
  'Host/Utf16Le.cs': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(withEols(['\r\n']), 'utf16le')]),
  'Host/Utf16Be.cs': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(withEols(['\r\n']))]),
  'Host/Latin1.cs': Buffer.from(`// caf\xe9\r\n${withEols(['\r\n'])}`, 'latin1'),
  'Host/Truncated.cs': Buffer.concat([Buffer.from(withEols(['\n'])), Buffer.from([0xe2, 0x82])]),
  'Host/Nul.cs': Buffer.concat([Buffer.from(withEols(['\n'])), Buffer.from([0, 0, 0, 0])]),
};

describe('bytes and encodings under an in-place upgrade', () => {
  let root: string;
  let r: ReturnType<typeof cli>;
  beforeAll(() => {
    root = makeTree({
      'Host/Host.csproj': csproj('  <PropertyGroup><TargetFramework>netcoreapp3.1</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="IdentityServer4" Version="4.1.1" /></ItemGroup>'),
      ...files,
    });
    r = cli([root, '--to', '6.0'], root);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('runs to the end', () => {
    expect(r.code).toBe(0);
  });

  for (const name of ['Host/BomCrlf.cs', 'Host/Mixed.cs', 'Host/MixedLf.cs', 'Host/CrOnly.cs', 'Host/NoFinalEol.cs']) {
    it(`${name}: only the edit's bytes change, and every line keeps its ending`, () => {
      const before = files[name];
      const after = fs.readFileSync(path.join(root, name));
      const at = before.indexOf(OLD);
      expect(at).toBeGreaterThan(0);
      expect(after.subarray(0, at).equals(before.subarray(0, at))).toBe(true);
      expect(after.subarray(at, at + NEW.length).toString()).toBe(NEW);
      expect(after.subarray(at + NEW.length).equals(before.subarray(at + OLD.length))).toBe(true);
      expect(terminators(after.toString())).toEqual(terminators(before.toString()));
    });
  }

  for (const [name, why] of [
    ['Host/Utf16Le.cs', /UTF-16.*git cannot apply/],
    ['Host/Utf16Be.cs', /UTF-16.*git cannot apply/],
    ['Host/Latin1.cs', /not valid UTF-8/],
    ['Host/Truncated.cs', /not valid UTF-8/],
    ['Host/Nul.cs', /contains NUL/],
  ] as const) {
    it(`${name}: skipped with a reason, left byte for byte`, () => {
      expect(fs.readFileSync(path.join(root, name)).equals(files[name])).toBe(true);
      expect(r.stderr).toMatch(new RegExp(`skipped +${name.replace(/[./]/g, '\\$&')} +\\(${why.source}`));
    });
  }
});

describe('decode and encode round-trip every byte', () => {
  it.each([
    ['UTF-8 with BOM and CRLF', Buffer.from('\ufeffa\r\nb\r\n')],
    ['mixed endings', Buffer.from('a\r\nb\nc\rd')],
    ['CR only', Buffer.from('a\rb\r')],
    ['no final newline, astral characters', Buffer.from('x = "\u{1F600}";')],
    ['BOM only', Buffer.from('\ufeff')],
    ['empty', Buffer.alloc(0)],
  ])('%s', (_, bytes) => {
    const d = decode(bytes);
    if (!d.ok) throw new Error(d.reason);
    expect(encode(d.file).equals(bytes)).toBe(true);
  });

  it('a BOM-less file that starts with U+FEFF as text is not given a BOM it lacked (nor loses one)', () => {
    const bytes = Buffer.from('\ufeff\ufeffx');
    const d = decode(bytes);
    if (!d.ok) throw new Error(d.reason);
    expect(encode(d.file).equals(bytes)).toBe(true);
  });
});
