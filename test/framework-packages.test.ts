/** Framework-tied packages and dependency floors, run through the real pipeline on small trees. */
import fs from 'node:fs';
import path from 'node:path';
import { csproj, makeTree } from './support/tree';
import { upgrade } from './support/run';
import { dotnetAvailable, msbuildEvaluate } from './support/msbuild-oracle';
import { FAMILIES, FLOORS, FRAMEWORKS, dotnetVersion, familyOf, floorsFor, frameworkPackageVersion, lineOfMajor, type Tfm } from '../src/plan/framework-packages';
import { RELEASES } from '../src/plan/catalog';
import { compareVersions } from '../src/scan/nuget-version';

const RULES = ['every-hop/package-versions', 'every-hop/target-framework', 'every-hop/framework-packages', 'every-hop/dependency-floors', '4.1-5.0/identityserver4-packages', '7.0-7.1/identitymodel-package'];

type Upgrade = Awaited<ReturnType<typeof upgrade>>;

/** Writes what the run would write (BOM kept), so that a second run sees the upgraded tree. */
function apply(run: Upgrade['run']): void {
  for (const f of run.result.files.values()) if (f.status === 'changed') fs.writeFileSync(f.path, (f.original.bom ? '\ufeff' : '') + f.text);
}

const findings = (run: Upgrade['run'], ruleId?: string) => run.result.findings.filter((f) => !ruleId || f.ruleId === ruleId).map((f) => `${f.file}:${f.line} ${f.message}`);

describe('the version table', () => {
  it('gives each family one line per framework, newest patch of the major the framework names', () => {
    for (const family of FAMILIES) {
      for (const id of Object.keys(family.ids)) {
        let previous: string | undefined;
        for (const tfm of FRAMEWORKS) {
          const v = frameworkPackageVersion(id, tfm);
          if (!v) continue;
          expect(`${id} ${tfm} ${Number(v.split('.')[0])}`).toBe(`${id} ${tfm} ${Math.floor(dotnetVersion(tfm)!)}`);
          if (previous) expect(compareVersions(v, previous)).toBeGreaterThan(0);
          previous = v;
        }
      }
    }
    expect(new Set(FAMILIES.flatMap((f) => Object.keys(f.ids).map((i) => i.toLowerCase()))).size).toBe(FAMILIES.reduce((n, f) => n + Object.keys(f.ids).length, 0));
  });

  it('knows what it was asked for and nothing it should leave alone', () => {
    expect(frameworkPackageVersion('Microsoft.EntityFrameworkCore.SqlServer', 'net9.0')).toBe('9.0.23');
    expect(frameworkPackageVersion('microsoft.aspnetcore.authentication.jwtbearer', 'net8.0')).toBe('8.0.34');
    expect(frameworkPackageVersion('Microsoft.Extensions.Logging.Abstractions', 'net8.0')).toBe('8.0.3');
    expect(frameworkPackageVersion('Microsoft.Extensions.Caching.StackExchangeRedis', 'net8.0')).toBe('8.0.34');
    expect(frameworkPackageVersion('Microsoft.AspNetCore.OpenApi', 'net6.0')).toBeUndefined(); // not published before .NET 7
    expect(frameworkPackageVersion('Npgsql.EntityFrameworkCore.PostgreSQL', 'net7.0')).toBeUndefined(); // not known: reported, not guessed
    for (const id of ['Microsoft.Extensions.Caching.Hybrid', 'Microsoft.Extensions.Http.Resilience', 'Microsoft.IdentityModel.Tokens', 'Pomelo.EntityFrameworkCore.MySql', 'Microsoft.AspNetCore.Http.Abstractions']) {
      expect(familyOf(id)).toBeUndefined();
    }
  });

  it('has, for every floor, a version of the floor line at least as high as the floor', () => {
    for (const floor of FLOORS) {
      expect(RELEASES.some((r) => r.line === floor.line)).toBe(true);
      if (floor.target === 'wilson') continue;
      const ids = floor.target === 'efcore' ? ['Microsoft.EntityFrameworkCore.Relational'] : floor.target;
      for (const [, min] of Object.entries(floor.min) as [Tfm, string][]) {
        for (const id of ids) expect(`${id} ${min} -> ${compareVersions(frameworkPackageVersion(id, lineOfMajor(Number(min.split('.')[0]))!) ?? '0', min) >= 0}`).toBe(`${id} ${min} -> true`);
      }
    }
    // The patch a hop lands on picks its floors: 7.4.8 raised EF Core in a patch release.
    expect(floorsFor('7.4', '7.4.6').find((f) => f.target === 'efcore')!.min['net8.0']).toBe('9.0.9');
    expect(floorsFor('7.4', '7.4.8').find((f) => f.target === 'efcore')!.min['net8.0']).toBe('9.0.18');
  });
});

describe('framework-tied packages and dependency floors', () => {
  it('moves a netcoreapp3.1 IdentityServer4 host with EF Core 3.1 to net8.0 and EF Core 9 (7.4 floor), the rest with the framework', async () => {
    const root = makeTree({
      'Host/Host.csproj': csproj(
        `  <PropertyGroup>
    <TargetFramework>netcoreapp3.1</TargetFramework>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="IdentityServer4" Version="4.1.1" />
    <PackageReference Include="IdentityServer4.AspNetIdentity" Version="4.1.1" />
    <PackageReference Include="IdentityServer4.EntityFramework" Version="4.1.1" />
    <PackageReference Include="Microsoft.AspNetCore.Identity.EntityFrameworkCore" Version="3.1.32" />
    <PackageReference Include="Microsoft.AspNetCore.Authentication.JwtBearer" Version="3.1.10" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.SqlServer" Version="3.1.32" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.Tools" Version="3.1.32">
      <PrivateAssets>all</PrivateAssets>
    </PackageReference>
    <PackageReference Include="Microsoft.Extensions.Logging" Version="3.1.8" />
    <PackageReference Include="Microsoft.Extensions.Caching.StackExchangeRedis" Version="3.1.8" />
    <PackageReference Include="Microsoft.Extensions.Http.Polly" Version="3.1.8" />
    <PackageReference Include="Microsoft.AspNetCore.Http.Abstractions" Version="2.2.0" />
    <PackageReference Include="Microsoft.IdentityModel.Tokens" Version="5.6.0" />
    <PackageReference Include="Serilog.AspNetCore" Version="3.4.0" />
  </ItemGroup>`,
        'Microsoft.NET.Sdk.Web',
      ),
    });
    const { after, run } = await upgrade(root, { to: '7.4', only: RULES });
    const text = after('Host/Host.csproj');
    expect(text).toContain('<TargetFramework>net8.0</TargetFramework>');
    expect(text).toContain('<PackageReference Include="Microsoft.AspNetCore.Identity.EntityFrameworkCore" Version="8.0.34" />');
    expect(text).toContain('<PackageReference Include="Microsoft.AspNetCore.Authentication.JwtBearer" Version="8.0.34" />');
    // EF Core follows the framework to 8 at the 7.0 hop, then 7.4's stores need EF Core 9 even on net8.0.
    expect(text).toContain('<PackageReference Include="Microsoft.EntityFrameworkCore.SqlServer" Version="9.0.23" />');
    expect(text).toContain('<PackageReference Include="Microsoft.EntityFrameworkCore.Tools" Version="9.0.23">');
    // EF Core 9 brings Microsoft.Extensions.Logging 9: a direct 8.x reference would be a downgrade.
    expect(text).toContain('<PackageReference Include="Microsoft.Extensions.Logging" Version="9.0.23" />');
    expect(text).toContain('<PackageReference Include="Microsoft.Extensions.Caching.StackExchangeRedis" Version="8.0.34" />');
    // must not move: not following the framework, or not in the table
    for (const kept of ['"Microsoft.Extensions.Http.Polly" Version="3.1.8"', '"Microsoft.AspNetCore.Http.Abstractions" Version="2.2.0"', '"Microsoft.IdentityModel.Tokens" Version="5.6.0"', '"Serilog.AspNetCore" Version="3.4.0"']) {
      expect(text).toContain(`<PackageReference Include=${kept} />`);
    }
    expect(findings(run, 'every-hop/framework-packages')).toEqual([]);
    expect(findings(run, 'every-hop/dependency-floors')).toEqual([]);
    expect(run.result.review).toEqual([]); // a single TargetFramework: nothing heuristic
    // every hop's edits are attributed: the framework rule at 5.2 -> 6.0 and 6.3 -> 7.0, the floors at 7.3 -> 7.4
    const edits = [...run.result.files.values()][0].edits.filter((e) => e.text.startsWith('9.0.'));
    expect(new Set(edits.map((e) => `${e.hop} ${e.ruleId}`))).toEqual(new Set(['7.3-7.4 every-hop/dependency-floors']));

    apply(run);
    const again = await upgrade(root, { to: '7.4', only: RULES });
    expect(again.diff).toBe('');
  });

  it('edits the central PackageVersion under Central Package Management, and a VersionOverride where there is one', async () => {
    const root = makeTree({
      'Directory.Packages.props': `<Project>
  <PropertyGroup>
    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageVersion Include="Duende.IdentityServer.EntityFramework" Version="6.2.3" />
    <PackageVersion Include="Microsoft.EntityFrameworkCore.SqlServer" Version="6.0.16" />
    <PackageVersion Include="Microsoft.EntityFrameworkCore.Design" Version="6.0.16" />
    <PackageVersion Include="Microsoft.AspNetCore.DataProtection.EntityFrameworkCore" Version="6.0.16" />
  </ItemGroup>
</Project>
`,
      'Host/Host.csproj': csproj(`  <PropertyGroup><TargetFramework>net6.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer.EntityFramework" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.SqlServer" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.Design" VersionOverride="6.0.25" />
    <PackageReference Include="Microsoft.AspNetCore.DataProtection.EntityFrameworkCore" />
  </ItemGroup>`),
    });
    const { after, run, diff } = await upgrade(root, { to: '7.0', only: RULES });
    const props = after('Directory.Packages.props');
    expect(props).toContain('<PackageVersion Include="Microsoft.EntityFrameworkCore.SqlServer" Version="8.0.34" />');
    expect(props).toContain('<PackageVersion Include="Microsoft.AspNetCore.DataProtection.EntityFrameworkCore" Version="8.0.34" />');
    expect(props).toContain('<PackageVersion Include="Microsoft.EntityFrameworkCore.Design" Version="6.0.16" />'); // the override wins, and is what moves
    expect(after('Host/Host.csproj')).toContain('<PackageReference Include="Microsoft.EntityFrameworkCore.Design" VersionOverride="8.0.34" />');
    expect(run.result.findings).toEqual([]);

    apply(run);
    expect((await upgrade(root, { to: '7.0', only: RULES })).diff).toBe('');
    if (dotnetAvailable()) {
      // MSBuild evaluates the edited files to the versions meant.
      const ev = await msbuildEvaluate(path.join(root, 'Host/Host.csproj'));
      expect(ev.properties.TargetFramework).toBe('net8.0');
      const central = Object.fromEntries(ev.packageVersions.map((v) => [v.id, v.version]));
      expect(central['Microsoft.EntityFrameworkCore.SqlServer']).toBe('8.0.34');
      expect(ev.packageReferences.find((r) => r.id === 'Microsoft.EntityFrameworkCore.Design')?.versionOverride).toBe('8.0.34');
    }
    expect(diff).toContain('+    <PackageVersion Include="Microsoft.EntityFrameworkCore.SqlServer" Version="8.0.34" />');
  }, 120_000);

  it('changes a $(EfVersion) property once where it is defined', async () => {
    const root = makeTree({
      'Directory.Build.props': `<Project>\n  <PropertyGroup>\n    <EfVersion>8.0.4</EfVersion>\n  </PropertyGroup>\n</Project>\n`,
      'Host/Host.csproj': csproj(`  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer.EntityFramework" Version="7.3.2" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.Sqlite" Version="$(EfVersion)" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.Design" Version="$(EfVersion)" />
  </ItemGroup>`),
    });
    const { diff, run } = await upgrade(root, { to: '7.4', only: RULES });
    expect(diff).toContain('diff --git a/Directory.Build.props b/Directory.Build.props\n--- a/Directory.Build.props\n+++ b/Directory.Build.props\n@@ -1,5 +1,5 @@\n <Project>\n   <PropertyGroup>\n-    <EfVersion>8.0.4</EfVersion>\n+    <EfVersion>9.0.23</EfVersion>\n');
    expect(run.result.findings).toEqual([]);
    if (dotnetAvailable()) {
      apply(run);
      const ev = await msbuildEvaluate(path.join(root, 'Host/Host.csproj'));
      expect(ev.packageReferences.filter((r) => r.id.startsWith('Microsoft.EntityFrameworkCore')).map((r) => r.version)).toEqual(['9.0.23', '9.0.23']);
    }
  }, 120_000);

  it('reports framework-tied packages the table does not know, and EF Core providers that must follow EF Core', async () => {
    const root = makeTree({
      'Host/Host.csproj': csproj(`  <PropertyGroup><TargetFramework>net6.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer.EntityFramework" Version="6.3.10" />
    <PackageReference Include="Microsoft.AspNetCore.Foo" Version="6.0.3" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.SqlServer" Version="6.0.36" />
    <PackageReference Include="Pomelo.EntityFrameworkCore.MySql" Version="6.0.2" />
  </ItemGroup>`),
    });
    const { after, run } = await upgrade(root, { to: '7.0', only: RULES });
    expect(after('Host/Host.csproj')).toContain('<PackageReference Include="Microsoft.AspNetCore.Foo" Version="6.0.3" />');
    expect(after('Host/Host.csproj')).toContain('<PackageReference Include="Pomelo.EntityFrameworkCore.MySql" Version="6.0.2" />');
    expect(after('Host/Host.csproj')).toContain('<PackageReference Include="Microsoft.EntityFrameworkCore.SqlServer" Version="8.0.34" />');
    expect(findings(run)).toEqual([
      expect.stringMatching(/^Host\/Host\.csproj:5 Microsoft\.AspNetCore\.Foo 6\.0\.3 follows net6\.0, which this hop raises to net8\.0, but the framework package table does not know it/),
      expect.stringMatching(/^Host\/Host\.csproj:7 Pomelo\.EntityFrameworkCore\.MySql 6\.0\.2 follows net6\.0, .* does not know it/),
    ]);
    expect(run.result.findings.map((f) => f.ruleId)).toEqual(['every-hop/framework-packages', 'every-hop/framework-packages']);
  });

  it('leaves alone a package already on or past the new framework, and projects without IdentityServer', async () => {
    const root = makeTree({
      'Host/Host.csproj': csproj(`  <PropertyGroup><TargetFramework>net6.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer" Version="6.3.10" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.SqlServer" Version="8.0.2" />
    <PackageReference Include="Microsoft.Extensions.Logging" Version="9.0.1" />
  </ItemGroup>`),
      'Other/Other.csproj': csproj(`  <PropertyGroup><TargetFramework>net6.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageReference Include="Microsoft.EntityFrameworkCore.SqlServer" Version="6.0.36" /></ItemGroup>`),
      // an IdentityModel client keeps its framework, so its framework-tied packages stay too
      'Api/Api.csproj': csproj(`  <PropertyGroup><TargetFramework>net6.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="IdentityModel" Version="6.0.0" />
    <PackageReference Include="Microsoft.AspNetCore.Authentication.JwtBearer" Version="6.0.36" />
  </ItemGroup>`),
    });
    const { after, diff, run } = await upgrade(root, { to: '7.0', only: RULES });
    expect(after('Host/Host.csproj')).toContain('<PackageReference Include="Microsoft.EntityFrameworkCore.SqlServer" Version="8.0.2" />');
    expect(after('Host/Host.csproj')).toContain('<PackageReference Include="Microsoft.Extensions.Logging" Version="9.0.1" />');
    expect(diff).not.toContain('Other.csproj');
    expect(diff).not.toContain('Api.csproj');
    expect(run.result.findings).toEqual([]);
    const client = await upgrade(root, { to: '7.4', only: RULES });
    expect(client.after('Api/Api.csproj')).toContain('<PackageReference Include="Duende.IdentityModel" Version="8.0.1" />'); // the client does take its hops
    expect(client.after('Api/Api.csproj')).toContain('<PackageReference Include="Microsoft.AspNetCore.Authentication.JwtBearer" Version="6.0.36" />');
  });

  it('raises the OpenID Connect handler and Microsoft.IdentityModel.* to what 7.4.8 itself references', async () => {
    const root = makeTree({
      'Host/Host.csproj': csproj(`  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer" Version="7.3.4" />
    <PackageReference Include="Duende.IdentityServer.Configuration" Version="7.3.4" />
    <PackageReference Include="Microsoft.AspNetCore.Authentication.OpenIdConnect" Version="8.0.1" />
    <PackageReference Include="Microsoft.IdentityModel.JsonWebTokens" Version="7.1.2" />
    <PackageReference Include="System.IdentityModel.Tokens.Jwt" Version="7.1.2" />
    <PackageReference Include="Microsoft.IdentityModel.Protocols.OpenIdConnect" Version="8.0.1" />
  </ItemGroup>`),
    });
    const { after, run } = await upgrade(root, { to: '7.4', only: RULES });
    const text = after('Host/Host.csproj');
    expect(text).toContain('<PackageReference Include="Microsoft.AspNetCore.Authentication.OpenIdConnect" Version="8.0.34" />');
    expect(text).toContain('<PackageReference Include="Microsoft.IdentityModel.JsonWebTokens" Version="7.7.3" />');
    expect(text).toContain('<PackageReference Include="System.IdentityModel.Tokens.Jwt" Version="7.7.3" />');
    expect(text).toContain('<PackageReference Include="Microsoft.IdentityModel.Protocols.OpenIdConnect" Version="8.0.1" />'); // already above
    expect(run.result.findings).toEqual([]);
    // --to an earlier patch: 7.4.6 still had the 8.0.1 / 7.1.2 floors
    const earlier = await upgrade(root, { to: '7.4.6', only: RULES });
    expect(earlier.after('Host/Host.csproj')).toContain('<PackageReference Include="Microsoft.AspNetCore.Authentication.OpenIdConnect" Version="8.0.1" />');
  });

  it('moves EF Core 9 on net8.0 to EF Core 10 when 8.0 raises the framework to net10.0', async () => {
    const root = makeTree({
      'Host/Host.csproj': csproj(`  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer.EntityFramework" Version="7.4.8" />
    <PackageReference Include="Npgsql.EntityFrameworkCore.PostgreSQL" Version="9.0.4" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.Design" Version="9.0.18" />
    <PackageReference Include="Microsoft.AspNetCore.Authentication.JwtBearer" Version="8.0.29" />
  </ItemGroup>`),
    });
    const { after, run } = await upgrade(root, { to: '8.0', only: RULES });
    const text = after('Host/Host.csproj');
    expect(text).toContain('<TargetFramework>net10.0</TargetFramework>');
    expect(text).toContain('<PackageReference Include="Npgsql.EntityFrameworkCore.PostgreSQL" Version="10.0.3" />');
    expect(text).toContain('<PackageReference Include="Microsoft.EntityFrameworkCore.Design" Version="10.0.15" />');
    expect(text).toContain('<PackageReference Include="Microsoft.AspNetCore.Authentication.JwtBearer" Version="10.0.15" />');
    expect(run.result.findings).toEqual([]);
  });

  it('in a multi-targeted project, moves an unconditioned reference to the lowest new framework, listed for review', async () => {
    const root = makeTree({
      'Lib/Lib.csproj': csproj(`  <PropertyGroup><TargetFrameworks>net6.0;net7.0</TargetFrameworks></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer.EntityFramework.Storage" Version="6.3.10" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.Relational" Version="6.0.36" />
  </ItemGroup>`),
    });
    const { after, run } = await upgrade(root, { to: '7.0', only: RULES });
    expect(after('Lib/Lib.csproj')).toContain('<TargetFrameworks>net8.0</TargetFrameworks>');
    expect(after('Lib/Lib.csproj')).toContain('<PackageReference Include="Microsoft.EntityFrameworkCore.Relational" Version="8.0.34" />');
    // both package rules ask for the same edit (it follows the framework and meets 7.0's EF Core floor): it is made once
    expect(run.result.review.map((r) => `${r.line} ${r.ruleId}`).sort()).toEqual(['2 every-hop/target-framework', expect.stringMatching(/^5 every-hop\/(framework-packages|dependency-floors)$/)]);
  });

  it('reports instead of editing when one reference cannot serve every framework', async () => {
    const root = makeTree({
      // EF Core 8 does not build for netstandard2.0
      'Lib/Lib.csproj': csproj(`  <PropertyGroup><TargetFrameworks>netstandard2.0;net6.0</TargetFrameworks></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer.Storage" Version="6.3.10" />
    <PackageReference Include="Microsoft.Extensions.Logging" Version="6.0.0" />
  </ItemGroup>`),
    });
    const lib = await upgrade(root, { to: '7.0', only: RULES });
    expect(lib.after('Lib/Lib.csproj')).toContain('<PackageReference Include="Microsoft.Extensions.Logging" Version="6.0.0" />');
    expect(findings(lib.run, 'every-hop/framework-packages')).toEqual([expect.stringMatching(/^Lib\/Lib\.csproj:5 Microsoft\.Extensions\.Logging 6\.0\.0 is referenced for netstandard2\.0, net6\.0: one version cannot follow net6\.0 -> net8\.0 and still build for netstandard2\.0/)]);

    const hostRoot = makeTree({
      // 7.4 needs EF Core 9 on net8.0 and EF Core 10 on net10.0
      'Host/Host.csproj': csproj(`  <PropertyGroup><TargetFrameworks>net8.0;net10.0</TargetFrameworks></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer.EntityFramework" Version="7.3.4" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.SqlServer" Version="8.0.20" />
  </ItemGroup>`),
    });
    const storage = makeTree({
      'Lib/Lib.csproj': csproj(`  <PropertyGroup><TargetFrameworks>netstandard2.0;net8.0</TargetFrameworks></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer.EntityFramework.Storage" Version="7.3.4" />
    <PackageReference Include="Microsoft.EntityFrameworkCore.Relational" Version="8.0.20" />
  </ItemGroup>`),
    });
    const lib2 = await upgrade(storage, { to: '7.4', only: RULES });
    expect(lib2.after('Lib/Lib.csproj')).toContain('<PackageReference Include="Microsoft.EntityFrameworkCore.Relational" Version="8.0.20" />');
    expect(findings(lib2.run, 'every-hop/dependency-floors')).toEqual([
      'Lib/Lib.csproj:5 IdentityServer 7.4.8 needs Microsoft.EntityFrameworkCore.Relational 9.0.18+ on net8.0 and a version that still builds for netstandard2.0: one reference cannot satisfy every framework',
    ]);

    const host = await upgrade(hostRoot, { to: '7.4', only: RULES });
    expect(host.after('Host/Host.csproj')).toContain('<PackageReference Include="Microsoft.EntityFrameworkCore.SqlServer" Version="8.0.20" />');
    expect(findings(host.run, 'every-hop/dependency-floors')).toEqual([
      'Host/Host.csproj:5 IdentityServer 7.4.8 needs Microsoft.EntityFrameworkCore.SqlServer 9.0.18+ on net8.0 and 10.0.7+ on net10.0: one reference cannot satisfy every framework',
    ]);
  });

  it('leaves a version property shared with a package that does not move to a human', async () => {
    const root = makeTree({
      'Host/Host.csproj': csproj(`  <PropertyGroup><TargetFramework>net6.0</TargetFramework><LibVersion>6.0.1</LibVersion></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer" Version="6.3.10" />
    <PackageReference Include="Microsoft.Extensions.Caching.StackExchangeRedis" Version="$(LibVersion)" />
    <PackageReference Include="Serilog.AspNetCore" Version="$(LibVersion)" />
  </ItemGroup>`),
    });
    const { after, run } = await upgrade(root, { to: '7.0', only: RULES });
    expect(after('Host/Host.csproj')).toContain('<LibVersion>6.0.1</LibVersion>');
    expect(findings(run, 'every-hop/framework-packages')).toEqual([
      'Host/Host.csproj:2 $(LibVersion) in Host.csproj sets the version of Microsoft.Extensions.Caching.StackExchangeRedis, Serilog.AspNetCore; Microsoft.Extensions.Caching.StackExchangeRedis needs 8.0.34, the others do not move with it',
    ]);
  });
});
