import path from 'node:path';
import { discover } from '../src/scan/discover';
import { csproj, makeTree } from './support/tree';

const rel = (root: string, files: string[]) => files.map((f) => path.relative(root, f).split(path.sep).join('/'));

describe('discovery', () => {
  const root = makeTree({
    '.gitignore': 'generated/\n',
    'App.sln': 'Microsoft Visual Studio Solution File, Format Version 12.00\nProject("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Host", "src\\Host\\Host.csproj", "{11111111-1111-1111-1111-111111111111}"\nEndProject\nProject("{F184B08F-C81C-45F6-A57F-5ABD9991F28F}") = "Legacy", "src\\Legacy\\Legacy.vbproj", "{22222222-2222-2222-2222-222222222222}"\nEndProject\n',
    'src/Host/Host.csproj': csproj(''),
    'src/Host/bin/Debug/Copy.csproj': csproj(''),
    'src/Host/obj/Other.csproj': csproj(''),
    'generated/Gen.csproj': csproj(''),
    'tools/Tool.slnx': '<Solution>\n  <Project Path="..\\src\\Api\\Api.csproj" />\n</Solution>\n',
    'src/Api/Api.csproj': csproj(''),
  });

  it('finds solutions and projects under a folder, honouring .gitignore and never entering bin/ or obj/', async () => {
    const d = await discover(root);
    expect(rel(root, d.solutions)).toEqual(['App.sln', 'tools/Tool.slnx']);
    expect(rel(root, d.projects)).toEqual(['src/Api/Api.csproj', 'src/Host/Host.csproj']);
    expect(d.notes.join()).toMatch(/Legacy\.vbproj is not a C# project/);
  });

  it('takes a .sln (backslash paths), a .slnx or a single .csproj', async () => {
    expect(rel(root, (await discover(path.join(root, 'App.sln'))).projects)).toEqual(['src/Host/Host.csproj']);
    expect(rel(path.join(root, 'tools'), (await discover(path.join(root, 'tools/Tool.slnx'))).projects)).toEqual(['../src/Api/Api.csproj']);
    expect((await discover(path.join(root, 'src/Api/Api.csproj'))).projects).toEqual([path.join(root, 'src/Api/Api.csproj')]);
  });

  it('rejects a path that does not exist or is not a solution or project', async () => {
    await expect(discover(path.join(root, 'nope'))).rejects.toThrow(/no such file or folder/);
    await expect(discover(path.join(root, '.gitignore'))).rejects.toThrow(/expected a folder, a \.sln, a \.slnx or a \.csproj/);
  });
});
