/** The MSBuild-file rules, run through the real pipeline on small trees (project files are not single-file fixtures). */
import { csproj, makeTree } from './support/tree';
import { upgrade } from './support/run';

const PACKAGES = ['every-hop/package-versions', 'every-hop/target-framework', '4.1-5.0/identityserver4-packages', '7.0-7.1/identitymodel-package'];

describe('package and framework rules', () => {
  it('moves the whole family together, raises the framework, renames IdentityServer4 ids', async () => {
    const root = makeTree({
      'Host/Host.csproj': csproj(`  <PropertyGroup>
    <TargetFramework>netcoreapp3.1</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="IdentityServer4" Version="4.1.1" />
    <PackageReference Include="IdentityServer4.EntityFramework" Version="4.1.1" />
    <PackageReference Include="IdentityServer4.AccessTokenValidation" Version="3.0.1" />
    <PackageReference Include="IdentityServer4.Contrib.RedisStore" Version="4.0.0" />
    <PackageReference Include="Microsoft.IdentityModel.Tokens" Version="6.8.0" />
  </ItemGroup>`, 'Microsoft.NET.Sdk.Web'),
    });
    const { after, run } = await upgrade(root, { to: '7.0', only: PACKAGES });
    expect(after('Host/Host.csproj')).toContain('<TargetFramework>net8.0</TargetFramework>');
    expect(after('Host/Host.csproj')).toContain('<PackageReference Include="Duende.IdentityServer" Version="7.0.9" />');
    expect(after('Host/Host.csproj')).toContain('<PackageReference Include="Duende.IdentityServer.EntityFramework" Version="7.0.9" />');
    // AccessTokenValidation becomes JwtBearer for the framework of the hop (netcoreapp3.1 at 4.1 -> 5.0)
    expect(after('Host/Host.csproj')).toContain('<PackageReference Include="Microsoft.AspNetCore.Authentication.JwtBearer" Version="3.1.32" />');
    // must not fire: packages with no Duende build, and Microsoft.IdentityModel.*
    expect(after('Host/Host.csproj')).toContain('<PackageReference Include="IdentityServer4.Contrib.RedisStore" Version="4.0.0" />');
    expect(after('Host/Host.csproj')).toContain('<PackageReference Include="Microsoft.IdentityModel.Tokens" Version="6.8.0" />');
    const messages = run.result.findings.map((f) => `${f.line} ${f.message}`);
    expect(messages).toEqual([expect.stringMatching(/^9 IdentityServer4.Contrib.RedisStore is a third-party package/)]);
    expect(run.result.review).toContainEqual(expect.objectContaining({ file: 'Host/Host.csproj', line: 8, ruleId: '4.1-5.0/identityserver4-packages' }));
  });

  it('edits a central version and renames both the reference and its PackageVersion and Update items', async () => {
    const root = makeTree({
      'Directory.Packages.props': `<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageVersion Include="IdentityServer4" Version="4.1.1" />\n  </ItemGroup>\n</Project>\n`,
      'Directory.Build.targets': `<Project>\n  <ItemGroup>\n    <PackageReference Update="IdentityServer4" PrivateAssets="none" />\n  </ItemGroup>\n</Project>\n`,
      'Host/Host.csproj': csproj(`  <PropertyGroup><TargetFramework>net6.0</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="IdentityServer4" /></ItemGroup>`),
    });
    const { after } = await upgrade(root, { to: '5.2', only: PACKAGES });
    expect(after('Directory.Packages.props')).toContain('<PackageVersion Include="Duende.IdentityServer" Version="5.2.4" />');
    expect(after('Directory.Build.targets')).toContain('<PackageReference Update="Duende.IdentityServer" PrivateAssets="none" />');
    expect(after('Host/Host.csproj')).toContain('<PackageReference Include="Duende.IdentityServer" />');
    expect(after('Host/Host.csproj')).toContain('<TargetFramework>net6.0</TargetFramework>'); // never lowered
  });

  it('changes a version held in a property where the property is defined, once for all packages using it', async () => {
    const root = makeTree({
      'Directory.Build.props': `<Project>\n  <PropertyGroup>\n    <DuendeVersion>7.0.6</DuendeVersion>\n  </PropertyGroup>\n</Project>\n`,
      'Host/Host.csproj': csproj(`  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="Duende.IdentityServer" Version="$(DuendeVersion)" />\n    <PackageReference Include="Duende.IdentityServer.EntityFramework" Version="$(DuendeVersion)" />\n  </ItemGroup>`),
    });
    const { diff } = await upgrade(root, { to: '7.2', only: PACKAGES });
    expect(diff).toBe(
      'diff --git a/Directory.Build.props b/Directory.Build.props\n--- a/Directory.Build.props\n+++ b/Directory.Build.props\n@@ -1,5 +1,5 @@\n <Project>\n   <PropertyGroup>\n-    <DuendeVersion>7.0.6</DuendeVersion>\n+    <DuendeVersion>7.2.4</DuendeVersion>\n   </PropertyGroup>\n </Project>\n',
    );
  });

  it('raises entries of TargetFrameworks below the minimum, keeps the others, and lists the edit for review', async () => {
    const root = makeTree({
      'Lib/Lib.csproj': csproj(`  <PropertyGroup><TargetFrameworks>net6.0;net7.0;net9.0</TargetFrameworks></PropertyGroup>\n  <ItemGroup><PackageReference Include="Duende.IdentityServer.Storage" Version="6.3.10" /></ItemGroup>`),
    });
    const { after, run } = await upgrade(root, { to: '7.0', only: PACKAGES });
    expect(after('Lib/Lib.csproj')).toContain('<TargetFrameworks>net8.0;net9.0</TargetFrameworks>');
    expect(run.result.review.map((r) => r.ruleId)).toEqual(['every-hop/target-framework']);
  });

  it('moves a 7.4 project to net10.0 only at 8.0: net8.0 and net9.0 both become net10.0, once', async () => {
    const root = makeTree({
      'Host/Host.csproj': csproj(`  <PropertyGroup><TargetFramework>net9.0</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="Duende.IdentityServer" Version="7.4.6" /></ItemGroup>`),
      'Lib/Lib.csproj': csproj(`  <PropertyGroup><TargetFrameworks>net8.0;net9.0</TargetFrameworks></PropertyGroup>\n  <ItemGroup><PackageReference Include="Duende.IdentityServer.Storage" Version="7.4.6" /></ItemGroup>`),
    });
    const { after } = await upgrade(root, { to: '8.0', only: PACKAGES });
    expect(after('Host/Host.csproj')).toContain('<TargetFramework>net10.0</TargetFramework>');
    expect(after('Lib/Lib.csproj')).toContain('<TargetFrameworks>net10.0</TargetFrameworks>');
    expect(after('Host/Host.csproj')).toContain('<PackageReference Include="Duende.IdentityServer" Version="8.0.3" />');
  });

  it('renames IdentityModel in a client project only when the plan crosses 7.1, keeping CRLF and BOM', async () => {
    const body = '\ufeff<Project Sdk="Microsoft.NET.Sdk">\r\n  <PropertyGroup>\r\n    <TargetFramework>net8.0</TargetFramework>\r\n  </PropertyGroup>\r\n  <ItemGroup>\r\n    <PackageReference Include="IdentityModel" Version="6.2.0" />\r\n  </ItemGroup>\r\n</Project>\r\n';
    const root = makeTree({ 'Client/Client.csproj': Buffer.from(body, 'utf8') });
    expect((await upgrade(root, { to: '7.0', only: PACKAGES })).diff).toBe('');
    const { run, diff } = await upgrade(root, { to: '7.4', only: PACKAGES });
    const file = [...run.result.files.values()][0];
    expect(file.original.bom).toBe(true);
    expect(file.text).toBe(body.slice(1).replace('Include="IdentityModel" Version="6.2.0"', 'Include="Duende.IdentityModel" Version="8.0.1"'));
    expect(diff).toContain('+    <PackageReference Include="Duende.IdentityModel" Version="8.0.1" />\r\n');
  });

  it('tells a client-only project, once at its first moved reference, that it moved with the server', async () => {
    const root = makeTree({
      'Client/Client.csproj': csproj(`  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="IdentityModel" Version="6.2.0" />\n    <PackageReference Include="IdentityModel.OidcClient" Version="6.0.0" />\n  </ItemGroup>`),
      // must not fire: a server project that also references IdentityModel
      'Host/Host.csproj': csproj(`  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="Duende.IdentityServer" Version="7.0.6" />\n    <PackageReference Include="IdentityModel" Version="6.2.0" />\n  </ItemGroup>`, 'Microsoft.NET.Sdk.Web'),
    });
    const { run } = await upgrade(root, { to: '7.4', only: PACKAGES });
    const info = run.result.findings.filter((f) => f.message.includes('has no IdentityServer package but moves'));
    expect(info).toEqual([
      expect.objectContaining({ file: 'Client/Client.csproj', line: 4, severity: 'info', ruleId: '7.0-7.1/identitymodel-package' }),
    ]);
    expect(info[0].message).toContain('IdentityModel 6.2.0 -> Duende.IdentityModel, IdentityModel.OidcClient 6.0.0 -> Duende.IdentityModel.OidcClient.');
  });

  it('reports a version it cannot edit instead of guessing', async () => {
    const root = makeTree({
      'Host/Host.csproj': csproj(`  <PropertyGroup><TargetFramework>net8.0</TargetFramework><Major>7</Major></PropertyGroup>\n  <ItemGroup><PackageReference Include="Duende.IdentityServer" Version="$(Major).0.4" /></ItemGroup>`),
    });
    const { run, diff } = await upgrade(root, { to: '7.1', only: PACKAGES });
    expect(diff).toBe('');
    expect(run.result.findings.map((f) => f.message)).toEqual([expect.stringMatching(/Duende.IdentityServer not moved to 7.1.2: its version '\$\(Major\).0.4'/)]);
  });

  it('moves framework packages at every hop that raises the framework, though the lock file still records the first version', async () => {
    const lock = { version: 1, dependencies: { 'net7.0': {
      'Duende.IdentityServer': { type: 'Direct', requested: '[6.3.6, )', resolved: '6.3.6' },
      'Microsoft.AspNetCore.Mvc.NewtonsoftJson': { type: 'Direct', requested: '[7.0.14, )', resolved: '7.0.14' },
    } } };
    const root = makeTree({
      'Host/Host.csproj': csproj(`  <PropertyGroup><TargetFramework>net7.0</TargetFramework></PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="Duende.IdentityServer" Version="6.3.6" />\n    <PackageReference Include="Microsoft.AspNetCore.Mvc.NewtonsoftJson" Version="7.0.14" />\n  </ItemGroup>`, 'Microsoft.NET.Sdk.Web'),
      'Host/packages.lock.json': JSON.stringify(lock),
    });
    const { after } = await upgrade(root, { to: '8.0', only: [...PACKAGES, 'every-hop/framework-packages'] });
    expect(after('Host/Host.csproj')).toContain('<TargetFramework>net10.0</TargetFramework>');
    // Raised to the net8.0 line at 6.3 -> 7.0, then to the net10.0 line at 7.4 -> 8.0 (the lock's 7.0.14 is stale by then).
    expect(after('Host/Host.csproj')).toMatch(/Include="Microsoft.AspNetCore.Mvc.NewtonsoftJson" Version="10\.\d+\.\d+"/);
  });

  it('points at a packages.lock.json that the upgrade makes stale', async () => {
    const root = makeTree({
      'Host/Host.csproj': csproj(`  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="Duende.IdentityServer" Version="7.2.1" /></ItemGroup>`),
      'Host/packages.lock.json': JSON.stringify({ version: 1, dependencies: { 'net8.0': { 'Duende.IdentityServer': { type: 'Direct', requested: '[7.2.1, )', resolved: '7.2.1' } } } }),
    });
    const { run } = await upgrade(root, { to: '7.3', only: PACKAGES });
    expect(run.result.findings.map((f) => [f.file, f.severity, f.suggestion])).toEqual([['Host/packages.lock.json', 'info', 'run `dotnet restore Host.csproj --force-evaluate` in the project folder']]);
  });
});
