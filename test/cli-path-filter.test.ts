/** --include / --exclude globs: which paths under the solution root a run may touch. */
import path from 'node:path';
import { globToRegExp, pathFilter } from '../src/scan/path-filter';

const root = path.resolve('/sln');
const at = (rel: string) => path.join(root, ...rel.split('/'));

describe('pathFilter', () => {
  it('keeps everything when no glob is given', () => {
    expect(pathFilter(root, {})).toBeUndefined();
    expect(pathFilter(root, { include: [], exclude: [] })).toBeUndefined();
  });

  it('excludes a folder however it is written: name, trailing slash, /**', () => {
    for (const g of ['templates', 'templates/', 'templates/**', './templates/**']) {
      const keep = pathFilter(root, { exclude: [g] })!;
      expect([g, keep(at('templates/App/App.csproj'))]).toEqual([g, false]);
      expect([g, keep(at('templates/App/Program.cs'))]).toEqual([g, false]);
      expect([g, keep(at('src/App/App.csproj'))]).toEqual([g, true]);
      expect([g, keep(at('src/templates-old/App.csproj'))]).toEqual([g, true]);
    }
  });

  it('anchors patterns with a slash at the root; a bare name matches at any depth', () => {
    const anchored = pathFilter(root, { exclude: ['samples/**'] })!;
    expect(anchored(at('samples/A/A.csproj'))).toBe(false);
    expect(anchored(at('src/samples/A/A.csproj'))).toBe(true);
    const anywhere = pathFilter(root, { exclude: ['*.Tests'] })!;
    expect(anywhere(at('test/Host.Tests/Host.Tests.csproj'))).toBe(false);
    expect(anywhere(at('src/Host/Host.csproj'))).toBe(true);
  });

  it('with includes keeps only what matches one of them, and an exclude still wins', () => {
    const keep = pathFilter(root, { include: ['src/**', 'hosts/*/Program.cs'], exclude: ['src/Legacy'] })!;
    expect(keep(at('src/Host/Host.csproj'))).toBe(true);
    expect(keep(at('hosts/Web/Program.cs'))).toBe(true);
    expect(keep(at('hosts/Web/Startup.cs'))).toBe(false);
    expect(keep(at('samples/A/A.csproj'))).toBe(false);
    expect(keep(at('src/Legacy/Legacy.csproj'))).toBe(false);
  });

  it('leaves paths outside the root alone (props files above it)', () => {
    const keep = pathFilter(root, { include: ['src/**'] })!;
    expect(keep(path.resolve('/Directory.Packages.props'))).toBe(true);
  });

  it('translates *, ?, ** and {a,b} without letting * cross a folder', () => {
    expect(globToRegExp('src/*/App.csproj').test('src/x/App.csproj')).toBe(true);
    expect(globToRegExp('src/*/App.csproj').test('src/x/y/App.csproj')).toBe(false);
    expect(globToRegExp('src/**/App.csproj').test('src/App.csproj')).toBe(true);
    expect(globToRegExp('src/**/App.csproj').test('src/x/y/App.csproj')).toBe(true);
    expect(globToRegExp('src/App?.cs').test('src/App1.cs')).toBe(true);
    expect(globToRegExp('{samples,templates}').test('deep/templates')).toBe(true);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
  });
});
