/**
 * A C# file a project compiles from outside its folder (`<Compile Include="..\Shared\X.cs" Link="X.cs" />`) is part of
 * the project: the upgrade rewrites it with the project's sources. One outside the folder the run is about is not read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { csproj, makeTree } from './support/tree';
import { upgrade } from './support/run';

const CLIENT = csproj(
  '  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\n' +
    '  <ItemGroup><PackageReference Include="IdentityModel" Version="6.2.0" /></ItemGroup>\n' +
    '  <ItemGroup><Compile Include="..\\..\\Shared\\TokenExtensions.cs" Link="TokenExtensions.cs" /><Compile Include="..\\..\\Shared\\Gen\\*.cs" /></ItemGroup>',
);
const SHARED = 'using IdentityModel.Client;\n\nnamespace Shared;\n\npublic static class TokenExtensions\n{\n    public static string Describe(this TokenResponse r) => r.AccessToken;\n}\n';

describe('linked sources', () => {
  it('are upgraded with the project that compiles them; a wildcard item is noted, not expanded', async () => {
    const root = makeTree({ 'src/Client/Client.csproj': CLIENT, 'src/Client/Program.cs': 'using IdentityModel.Client;\n', 'Shared/TokenExtensions.cs': SHARED });
    const { run, after } = await upgrade(root, { to: '7.1' });
    expect(after('Shared/TokenExtensions.cs')).toContain('using Duende.IdentityModel.Client;');
    expect(after('src/Client/Program.cs')).toContain('using Duende.IdentityModel.Client;');
    expect(run.plans[0].project.notes.join('\n')).toContain('Compile item ..\\..\\Shared\\Gen\\*.cs');
  });

  it('outside the folder the run is about are not read', async () => {
    const outer = makeTree({ 'Shared/TokenExtensions.cs': SHARED });
    const root = path.join(outer, 'repo');
    fs.mkdirSync(path.join(root, 'src', 'Client'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src', 'Client', 'Client.csproj'), CLIENT.replace('..\\..\\Shared', '..\\..\\..\\Shared'));
    fs.writeFileSync(path.join(root, 'src', 'Client', 'Program.cs'), 'using IdentityModel.Client;\n');
    const { run } = await upgrade(root, { to: '7.1' });
    const shared = run.result.files.get(path.join(outer, 'Shared', 'TokenExtensions.cs'));
    expect(shared?.status).toBe('skipped');
    expect(shared?.reason).toMatch(/outside the solution folder; not read and not written/);
  });
});
