/** Project-file rules of the IdentityServer4 4.1 -> Duende 5.0 hop, through the real pipeline on small trees. */
import { csproj, makeTree } from './support/tree';
import { upgrade } from './support/run';

const HOP = ['4.1-5.0/identityserver4-packages', '4.1-5.0/lost-dependencies', '4.1-5.0/access-token-validation'];
const cpmProps = (versions: string) =>
  `<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\n  </PropertyGroup>\n  <ItemGroup>\n${versions}  </ItemGroup>\n</Project>\n`;

describe('IdentityServer4.AccessTokenValidation', () => {
  it('plans an API that only references it from the IdentityServer4 hop and swaps it for JwtBearer under CPM', async () => {
    const root = makeTree({
      'Directory.Packages.props': cpmProps('    <PackageVersion Include="IdentityServer4.AccessTokenValidation" Version="3.0.1" />\n    <PackageVersion Include="Serilog.AspNetCore" Version="3.4.0" />\n'),
      'Api/Api.csproj': csproj(`  <PropertyGroup>\n    <TargetFramework>netcoreapp3.1</TargetFramework>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="IdentityServer4.AccessTokenValidation" />\n    <PackageReference Include="Serilog.AspNetCore" />\n  </ItemGroup>`, 'Microsoft.NET.Sdk.Web'),
      'Api/Startup.cs': 'using IdentityServer4.AccessTokenValidation;\nusing Microsoft.Extensions.DependencyInjection;\n\npublic class Startup\n{\n    public void ConfigureServices(IServiceCollection services) =>\n        services.AddAuthentication("Bearer").AddIdentityServerAuthentication(o => { o.Authority = "https://id"; o.ApiName = "api"; });\n}\n',
    });
    const { after, run } = await upgrade(root, { to: '5.0', only: HOP });
    const plan = run.plans.find((p) => p.project.name === 'Api')!;
    expect(plan.role).toBe('identitymodel');
    expect(plan.hops.map((h) => h.id)).toEqual(['4.1-5.0']);
    expect(after('Api/Api.csproj')).toContain('<PackageReference Include="Microsoft.AspNetCore.Authentication.JwtBearer" />');
    expect(after('Directory.Packages.props')).toContain('<PackageVersion Include="Microsoft.AspNetCore.Authentication.JwtBearer" Version="3.1.32" />');
    expect(after('Directory.Packages.props')).toContain('<PackageVersion Include="Serilog.AspNetCore" Version="3.4.0" />');
    expect(after('Api/Startup.cs')).toContain('.AddJwtBearer(o => { o.Authority = "https://id"; o.Audience = "api"; });');
    expect(after('Api/Startup.cs')).not.toContain('IdentityServer4');
    expect(run.result.review.map((r) => `${r.file}:${r.line}`)).toEqual(expect.arrayContaining(['Api/Api.csproj:6', 'Directory.Packages.props:6', 'Api/Startup.cs:7']));
  });

  it('keeps the package, and the registration, when AddIdentityServerAuthentication sets options JwtBearer does not have', async () => {
    const startup = 'using IdentityServer4.AccessTokenValidation;\nusing Microsoft.Extensions.DependencyInjection;\n\npublic class Startup\n{\n    public void ConfigureServices(IServiceCollection services) =>\n        services.AddAuthentication("Bearer").AddIdentityServerAuthentication(o =>\n        {\n            o.Authority = "https://id";\n            // o.ApiName is the audience\n            o.ApiName = "api";\n            o.ApiSecret = "secret";\n            o.SupportedTokens = SupportedTokens.Both;\n        });\n}\n';
    const root = makeTree({
      'Api/Api.csproj': csproj(`  <PropertyGroup><TargetFramework>netcoreapp3.1</TargetFramework></PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="Microsoft.AspNetCore.Authentication.JwtBearer" Version="3.1.32" />\n    <PackageReference Include="IdentityServer4.AccessTokenValidation" Version="3.0.1" />\n  </ItemGroup>`, 'Microsoft.NET.Sdk.Web'),
      'Api/Startup.cs': startup,
    });
    const { after, run } = await upgrade(root, { to: '5.0', only: HOP });
    expect(after('Api/Api.csproj')).toContain('<PackageReference Include="IdentityServer4.AccessTokenValidation" Version="3.0.1" />');
    expect(after('Api/Startup.cs')).toBe(startup);
    const messages = run.result.findings.map((f) => `${f.file}:${f.line} ${f.message}`);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/^Api\/Api.csproj:5 .*not replaced: AddIdentityServerAuthentication sets options JwtBearer does not have \(ApiSecret in Startup.cs, SupportedTokens in Startup.cs\)/)]));
    expect(messages.some((m) => m.startsWith('Api/Startup.cs:7 '))).toBe(true);
  });

  it('deletes the reference when JwtBearer is already referenced, and reports what it cannot choose a version for', async () => {
    const root = makeTree({
      'Api/Api.csproj': csproj(`  <PropertyGroup><TargetFramework>net5.0</TargetFramework></PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="Microsoft.AspNetCore.Authentication.JwtBearer" Version="5.0.17" />\n    <PackageReference Include="IdentityServer4.AccessTokenValidation" Version="3.0.1" />\n  </ItemGroup>`, 'Microsoft.NET.Sdk.Web'),
      'Multi/Multi.csproj': csproj(`  <PropertyGroup><TargetFrameworks>netcoreapp3.1;net5.0</TargetFrameworks></PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="IdentityServer4.AccessTokenValidation" Version="3.0.1" />\n  </ItemGroup>`),
      'Prop/Prop.csproj': csproj(`  <PropertyGroup><TargetFramework>netcoreapp3.1</TargetFramework><AtvVersion>3.0.1</AtvVersion></PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="IdentityServer4.AccessTokenValidation" Version="$(AtvVersion)" />\n  </ItemGroup>`),
    });
    const { after, run } = await upgrade(root, { to: '7.4', only: HOP });
    expect(after('Api/Api.csproj')).not.toContain('AccessTokenValidation');
    expect(after('Api/Api.csproj')).toContain('<PackageReference Include="Microsoft.AspNetCore.Authentication.JwtBearer" Version="5.0.17" />\n  </ItemGroup>');
    expect(after('Multi/Multi.csproj')).toContain('IdentityServer4.AccessTokenValidation');
    expect(after('Prop/Prop.csproj')).toContain('IdentityServer4.AccessTokenValidation');
    expect(run.result.findings.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      expect.stringMatching(/^Multi\/Multi.csproj:4 .*not replaced: the project targets netcoreapp3.1, net5.0/),
      expect.stringMatching(/^Prop\/Prop.csproj:4 .*not replaced: its version comes from the property \$\(AtvVersion\)/),
    ]);
  });

  it('adds IdentityModel and Newtonsoft.Json in one place when the API used them through AccessTokenValidation', async () => {
    const root = makeTree({
      'Api/Api.csproj': csproj(`  <PropertyGroup><TargetFramework>netcoreapp3.1</TargetFramework></PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="Microsoft.AspNetCore.Authentication.JwtBearer" Version="3.1.32" />\n    <PackageReference Include="IdentityServer4.AccessTokenValidation" Version="3.0.1" />\n  </ItemGroup>`, 'Microsoft.NET.Sdk.Web').replace(/\n/g, '\r\n'),
      'Api/Claims.cs': 'using IdentityModel;\nusing Newtonsoft.Json;\n\npublic static class Claims\n{\n    public static string Sub => JwtClaimTypes.Subject;\n    public static string Json(object o) => JsonConvert.SerializeObject(o);\n}\n',
      'Api/Other.cs': '// System.IdentityModel and Microsoft.IdentityModel do not count\nusing Microsoft.IdentityModel.Tokens;\n',
    });
    const { after, run } = await upgrade(root, { to: '5.0', only: HOP });
    expect(after('Api/Api.csproj')).toContain('<PackageReference Include="Microsoft.AspNetCore.Authentication.JwtBearer" Version="3.1.32" />\r\n    <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />\r\n    <PackageReference Include="IdentityModel" Version="4.6.0" />\r\n  </ItemGroup>');
    expect(after('Api/Api.csproj')).not.toContain('AccessTokenValidation');
    expect(run.result.findings.map((f) => `${f.line} ${f.message}`)).toEqual([
      '5 Newtonsoft.Json is no longer a dependency of Duende IdentityServer (System.Text.Json), and Claims.cs uses it; IdentityModel came with IdentityServer4.AccessTokenValidation, which Microsoft.AspNetCore.Authentication.JwtBearer replaces, and Claims.cs uses it: added explicit references',
    ]);
  });

  it('notes a project that only references third-party IdentityServer4 packages', async () => {
    const root = makeTree({ 'Admin/Admin.csproj': csproj(`  <PropertyGroup><TargetFramework>netcoreapp3.1</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="Skoruba.IdentityServer4.Admin" Version="1.0.0" /><PackageReference Include="IdentityServer4.Contrib.RedisStore" Version="4.0.0" /></ItemGroup>`) });
    const { run } = await upgrade(root, { to: '7.4', only: HOP });
    expect(run.plans[0].notes.join()).toMatch(/IdentityServer4.Contrib.RedisStore, built against IdentityServer4 with no Duende build; not upgraded/);
  });
});

describe('Newtonsoft.Json', () => {
  const host = (extra = '') =>
    csproj(`  <PropertyGroup>\n    <TargetFramework>netcoreapp3.1</TargetFramework>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="IdentityServer4" Version="4.1.1" />${extra}\n  </ItemGroup>`, 'Microsoft.NET.Sdk.Web');

  it('adds an explicit reference when the code uses the namespace', async () => {
    const root = makeTree({
      'Host/Host.csproj': host(),
      'Host/Clients.cs': '// Newtonsoft.Json is mentioned in this comment only\nusing Newtonsoft.Json.Linq;\n\npublic static class Clients\n{\n    public static JObject Parse(string s) => JObject.Parse(s);\n}\n',
    });
    const { after, run } = await upgrade(root, { to: '5.0', only: HOP });
    expect(after('Host/Host.csproj')).toContain('    <PackageReference Include="Duende.IdentityServer" Version="4.1.1" />\n    <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />\n  </ItemGroup>');
    expect(run.result.findings).toEqual([expect.objectContaining({ file: 'Host/Host.csproj', line: 6, severity: 'info', message: 'Newtonsoft.Json is no longer a dependency of Duende IdentityServer (System.Text.Json), and Clients.cs uses it: added explicit reference' })]);
  });

  it('adds nothing for comments, strings or Razor text that merely mention it, nor when already referenced', async () => {
    const root = makeTree({
      'Host/Host.csproj': host(),
      'Host/Notes.cs': '/* using Newtonsoft.Json; */\npublic class Notes { const string A = "Newtonsoft.Json.Linq"; const string B = @"Newtonsoft.Json ""x"""; const string C = $"{1} Newtonsoft.Json"; }\n',
      'Host/Views/Index.cshtml': '@* @using Newtonsoft.Json *@\n<p>We moved away from Newtonsoft</p>\n',
      'Other/Other.csproj': host('\n    <PackageReference Include="Newtonsoft.Json" Version="12.0.3" />'),
      'Other/Uses.cs': 'using Newtonsoft.Json;\npublic class Uses { }\n',
    });
    const { after } = await upgrade(root, { to: '5.0', only: HOP });
    expect(after('Host/Host.csproj')).not.toContain('Newtonsoft');
    expect(after('Other/Other.csproj')).toContain('<PackageReference Include="Newtonsoft.Json" Version="12.0.3" />\n  </ItemGroup>');
  });

  it('adds a version-less reference and a central PackageVersion under CPM; a Razor @using counts', async () => {
    const root = makeTree({
      'Directory.Packages.props': cpmProps('    <PackageVersion Include="IdentityServer4" Version="4.1.1" />\n'),
      'Host/Host.csproj': csproj(`  <PropertyGroup><TargetFramework>netcoreapp3.1</TargetFramework></PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="IdentityServer4" />\n  </ItemGroup>`, 'Microsoft.NET.Sdk.Web'),
      'Host/Views/_ViewImports.cshtml': '@using Newtonsoft.Json\n',
    });
    const { after } = await upgrade(root, { to: '5.0', only: HOP });
    expect(after('Host/Host.csproj')).toContain('    <PackageReference Include="Duende.IdentityServer" />\n    <PackageReference Include="Newtonsoft.Json" />\n');
    expect(after('Directory.Packages.props')).toContain('    <PackageVersion Include="Duende.IdentityServer" Version="4.1.1" />\n    <PackageVersion Include="Newtonsoft.Json" Version="13.0.3" />\n');
  });
});

describe('project-wide <Using> items', () => {
  it('renames the IdentityServer4 library namespaces and root types they import, not user namespaces', async () => {
    const root = makeTree({
      'Directory.Build.props': '<Project>\n  <ItemGroup>\n    <Using Include="IdentityServer4.Stores" />\n    <Using Include="IdentityServer4.IdentityServerConstants" Static="true" />\n  </ItemGroup>\n</Project>\n',
      'Web/Web.csproj': csproj(`  <PropertyGroup><TargetFramework>net6.0</TargetFramework></PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="IdentityServer4" Version="4.1.1" />\n    <Using Include="IdentityServer4.Models" Alias="Is4Models" />\n    <Using Include="IdentityServer4.Quickstart.UI" />\n    <Using Include="IdentityServer4.Contrib.RedisStore" />\n  </ItemGroup>`, 'Microsoft.NET.Sdk.Web'),
    });
    const { after } = await upgrade(root, { to: '5.0', only: HOP });
    expect(after('Directory.Build.props')).toContain('<Using Include="Duende.IdentityServer.Stores" />\n    <Using Include="Duende.IdentityServer.IdentityServerConstants" Static="true" />');
    expect(after('Web/Web.csproj')).toContain('<Using Include="Duende.IdentityServer.Models" Alias="Is4Models" />');
    expect(after('Web/Web.csproj')).toContain('<Using Include="IdentityServer4.Quickstart.UI" />');
    expect(after('Web/Web.csproj')).toContain('<Using Include="IdentityServer4.Contrib.RedisStore" />');
  });
});
