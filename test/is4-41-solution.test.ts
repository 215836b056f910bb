/**
 * The IdentityServer4 4.1 -> Duende 5.0 hop on fixtures/solutions/is4-41-aspnetidentity-cpm: every finding of the hop
 * at the file and line it must point at, the review list, and the edits that matter most, with the plan stopped at 5.0.
 */
import path from 'node:path';
import { upgrade } from './support/run';

const root = path.join(__dirname, '..', 'fixtures', 'solutions', 'is4-41-aspnetidentity-cpm');

describe('is4-41-aspnetidentity-cpm to 5.0', () => {
  let result: Awaited<ReturnType<typeof upgrade>>;
  beforeAll(async () => {
    result = await upgrade(root, { to: '5.0' });
  });

  it('plans the host and the AccessTokenValidation API through the IdentityServer4 -> Duende hop', () => {
    expect(result.run.plans.map((p) => `${p.project.name} ${p.role} ${p.hops.map((h) => h.id).join(',')}`)).toEqual(['IdentityHost identityserver 4.1-5.0', 'OrdersApi identitymodel 4.1-5.0']);
  });

  it('puts each finding of the hop at its file:line', () => {
    const findings = result.run.result.findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.ruleId}`).sort();
    expect(findings).toEqual(
      [
        'src/IdentityHost/IdentityHost.csproj:9 info 4.1-5.0/lost-dependencies', // Newtonsoft.Json, used by SeedData.cs
        'src/IdentityHost/Quickstart/Home/HomeController.cs:22 warning 4.1-5.0/identityserver-auth-type',
        'src/IdentityHost/Services/PartnerDirectoryClient.cs:39 warning 4.1-5.0/identitymodel5-client', // token.Json["tenant_name"]
        'src/IdentityHost/Startup.cs:37 info 4.1-5.0/license-and-stores', // AddIdentityServer
        'src/IdentityHost/Startup.cs:53 warning 4.1-5.0/signing-credentials', // AddDeveloperSigningCredential
        'src/OrdersApi/OrdersApi.csproj:8 info 4.1-5.0/lost-dependencies', // IdentityModel, used by OrdersController.cs
        'src/OrdersApi/Startup.cs:19 info 4.1-5.0/access-token-validation', // claim types after AddJwtBearer
      ].sort(),
    );
    const message = (file: string) => result.run.result.findings.find((f) => f.file === file)!.message;
    expect(message('src/IdentityHost/IdentityHost.csproj')).toContain('SeedData.cs uses it');
    expect(message('src/OrdersApi/OrdersApi.csproj')).toContain('Controllers/OrdersController.cs uses it');
  });

  it('lists the heuristic edits for review', () => {
    expect(result.run.result.review.map((r) => `${r.file}:${r.line} ${r.ruleId}`)).toEqual(
      expect.arrayContaining([
        'Directory.Packages.props:9 4.1-5.0/identityserver4-packages',
        'src/OrdersApi/OrdersApi.csproj:8 4.1-5.0/identityserver4-packages',
        'src/OrdersApi/Startup.cs:19 4.1-5.0/access-token-validation',
        'src/OrdersApi/Startup.cs:22 4.1-5.0/access-token-validation',
        'src/OrdersApi/Startup.cs:27 4.1-5.0/access-token-validation',
        'src/IdentityHost/Services/PartnerDirectoryClient.cs:35 4.1-5.0/identitymodel5-client',
        'src/IdentityHost/Services/PartnerDirectoryClient.cs:45 4.1-5.0/identitymodel5-client',
      ]),
    );
  });

  it('makes the edits of the hop: packages, namespaces, JwtBearer, lost dependencies; user namespaces untouched', () => {
    const { after } = result;
    expect(after('Directory.Packages.props')).toContain('<PackageVersion Include="Microsoft.AspNetCore.Authentication.JwtBearer" Version="3.1.32" />\r\n');
    expect(after('Directory.Packages.props')).toContain('<PackageVersion Include="Newtonsoft.Json" Version="13.0.3" />\r\n    <PackageVersion Include="Serilog.AspNetCore"');
    expect(after('Directory.Packages.props')).toContain('<PackageVersion Include="IdentityModel" Version="4.6.0" />\r\n    <PackageVersion Include="Duende.IdentityServer" Version="5.0.5" />');
    expect(after('src/IdentityHost/IdentityHost.csproj')).toContain('<PackageReference Include="Serilog.AspNetCore" />\n    <PackageReference Include="Newtonsoft.Json" />\n  </ItemGroup>');
    expect(after('src/OrdersApi/Startup.cs')).toContain('.AddJwtBearer(options =>\r\n');
    expect(after('src/OrdersApi/Startup.cs')).not.toContain('IdentityServer4');
    expect(after('src/IdentityHost/Views/_ViewImports.cshtml')).toBe('@using IdentityServerHost.Quickstart.UI\n@using Duende.IdentityServer.Extensions\n@addTagHelper *, Microsoft.AspNetCore.Mvc.TagHelpers\n');
    expect(after('src/IdentityHost/Quickstart/Home/HomeController.cs')).toContain('User.Identity.AuthenticationType == "IdentityServer4"'); // literals stay
    expect(after('src/IdentityHost/Services/ProfileService.cs')).toContain(': base(userManager, claimsFactory, logger)');
    expect([...result.run.result.files.values()].filter((f) => f.status === 'error' || f.status === 'skipped')).toEqual([]);
  });
});
