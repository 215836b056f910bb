/**
 * The 6.3 -> 7.0 hop end to end: the sample solution duende63-cors-dpop upgraded to 7.0 (its findings land at the
 * right file:line, its edits are the intended ones), and the hop's project-file rules on small trees.
 */
import path from 'node:path';
import { csproj, makeTree } from './support/tree';
import { upgrade } from './support/run';

const sample = path.join(__dirname, '..', 'fixtures', 'solutions', 'duende63-cors-dpop');

describe('duende63-cors-dpop upgraded to 7.0', () => {
  let result: Awaited<ReturnType<typeof upgrade>>;
  beforeAll(async () => {
    result = await upgrade(sample, { to: '7.0' });
  });

  it('reports what needs a human at the right file and line', () => {
    const findings = result.run.result.findings.filter((f) => f.hop === '6.3-7.0').map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.severity}`);
    expect(findings.sort()).toEqual(
      [
        'src/IdentityHost/Admin/ClientAdminMappings.cs:11 6.3-7.0/automapper-profiles warning',
        'src/IdentityHost/HostingExtensions.cs:20 6.3-7.0/behaviour-notes info',
        'src/IdentityHost/IdentityHost.csproj:11 6.3-7.0/automapper-package info',
        'src/IdentityHost/IdentityHost.csproj:13 6.3-7.0/identitymodel-versions warning',
        'src/IdentityHost/Pages/Diagnostics/Index.cshtml.cs:15 6.3-7.0/removed-extensions warning',
      ].sort(),
    );
    const origin = result.run.result.findings.find((f) => f.ruleId === '6.3-7.0/removed-extensions')!;
    expect(origin.suggestion).toContain('`HttpContext.RequestServices.GetRequiredService<IServerUrls>().Origin`');
  });

  it('lists the heuristic edits for review', () => {
    expect(result.run.result.review.map((r) => `${r.file}:${r.line} ${r.ruleId}`).sort()).toEqual([
      'src/IdentityHost/Pages/Diagnostics/Index.cshtml.cs:16 6.3-7.0/get-name',
      'src/IdentityHost/Services/PartnerCorsPolicyService.cs:25 6.3-7.0/derived-members',
      'src/IdentityHost/Validation/PartnerDPoPProofValidator.cs:31 6.3-7.0/dpop-context',
      'src/IdentityHost/Validation/PartnerDPoPProofValidator.cs:36 6.3-7.0/dpop-context',
    ]);
  });

  it('rewrites the derived CORS policy service, DPoP validator and refresh token service', () => {
    const cors = result.after('src/IdentityHost/Services/PartnerCorsPolicyService.cs');
    expect(cors).toContain('public PartnerCorsPolicyService(IConfigurationDbContext dbContext, ILogger<CorsPolicyService> logger, ICancellationTokenProvider cancellationTokenProvider)\n        : base(dbContext, logger, cancellationTokenProvider)');
    expect(cors).toContain('var db = DbContext;');

    const dpop = result.after('src/IdentityHost/Validation/PartnerDPoPProofValidator.cs');
    expect(dpop).toContain('        IReplayCache replayCache,\r\n        IClock clock,\r\n');
    expect(dpop).not.toContain('IServerUrls server');
    expect(dpop).toContain(': base(options, replayCache, clock, dataProtectionProvider, logger)');
    expect(dpop).toContain('using Microsoft.AspNetCore.DataProtection;\r\nusing Duende.IdentityServer;\r\n');
    expect(dpop).toContain('context.ExpirationValidationMode != DPoPTokenExpirationValidationMode.Iat');
    expect(dpop).toContain('Clock.UtcNow - skew'); // the protected Clock is an IClock now: unchanged

    const refresh = result.after('src/IdentityHost/Services/AuditingRefreshTokenService.cs');
    expect(refresh).toContain('private readonly IClock _clock;');
    expect(refresh).toContain('        IClock clock,\n');

    expect(result.after('src/IdentityHost/IdentityHost.csproj')).toContain(
      '    <PackageReference Include="Duende.IdentityServer.EntityFramework" Version="7.0.9" />\n    <PackageReference Include="AutoMapper" Version="12.0.1" />\n',
    );
  });

  it('leaves the API (not an IdentityServer project) and the IdentityModel client alone at 7.0', () => {
    expect(result.run.result.files.has(path.join(sample, 'src/Api/Program.cs'))).toBe(false);
    expect(result.run.result.files.has(path.join(sample, 'src/Client/Client.csproj'))).toBe(false);
  });
});

describe('6.3-7.0 project-file rules', () => {
  const only = ['6.3-7.0/automapper-package', '6.3-7.0/identitymodel-versions'];
  const host = (refs: string, extra = '') =>
    csproj(`  <PropertyGroup>\n    <TargetFramework>net7.0</TargetFramework>\n  </PropertyGroup>\n  <ItemGroup>\n${refs}\n  </ItemGroup>${extra}`, 'Microsoft.NET.Sdk.Web');
  const mapping = 'using AutoMapper;\n\nnamespace Host;\n\npublic static class Maps { public static IMapper Create() => new MapperConfiguration(c => { }).CreateMapper(); }\n';

  it('adds AutoMapper under Central Package Management: a version-less reference and a central version', async () => {
    const root = makeTree({
      'Directory.Packages.props': '<Project>\r\n  <PropertyGroup>\r\n    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\r\n  </PropertyGroup>\r\n  <ItemGroup>\r\n    <PackageVersion Include="Duende.IdentityServer.EntityFramework.Storage" Version="6.3.10" />\r\n  </ItemGroup>\r\n</Project>\r\n',
      'Host/Host.csproj': host('    <PackageReference Include="Duende.IdentityServer.EntityFramework.Storage" />'),
      'Host/Maps.cs': mapping,
    });
    const { after, run } = await upgrade(root, { to: '7.0', only });
    expect(after('Directory.Packages.props')).toContain('    <PackageVersion Include="Duende.IdentityServer.EntityFramework.Storage" Version="6.3.10" />\r\n    <PackageVersion Include="AutoMapper" Version="12.0.1" />\r\n');
    expect(after('Host/Host.csproj')).toContain('    <PackageReference Include="Duende.IdentityServer.EntityFramework.Storage" />\n    <PackageReference Include="AutoMapper" />\n');
    expect(run.result.findings.map((f) => `${f.file}:${f.line} ${f.severity}`)).toEqual(['Host/Host.csproj:6 info']);
  });

  it('adds a new ItemGroup when the IdentityServer reference lives in a shared props file', async () => {
    const root = makeTree({
      'Directory.Build.props': '<Project>\n  <ItemGroup>\n    <PackageReference Include="Duende.IdentityServer.EntityFramework" Version="6.3.10" />\n  </ItemGroup>\n</Project>\n',
      'Host/Host.csproj': csproj('  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>'),
      'Host/Maps.cs': mapping,
    });
    const { after } = await upgrade(root, { to: '7.0', only });
    expect(after('Host/Host.csproj')).toBe('<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include="AutoMapper" Version="12.0.1" />\n  </ItemGroup>\n</Project>\n');
    expect(after('Directory.Build.props')).not.toContain('AutoMapper');
  });

  it('adds nothing when the code does not use AutoMapper, or the project references it or a companion', async () => {
    const noUse = makeTree({
      'Host/Host.csproj': host('    <PackageReference Include="Duende.IdentityServer.EntityFramework" Version="6.3.10" />'),
      'Host/Maps.cs': '// using AutoMapper; was removed long ago\nnamespace Host;\npublic static class Maps { public const string Note = "using AutoMapper;"; }\n',
    });
    expect((await upgrade(noUse, { to: '7.0', only })).diff).toBe('');
    const companion = makeTree({
      'Host/Host.csproj': host('    <PackageReference Include="Duende.IdentityServer.EntityFramework" Version="6.3.10" />\n    <PackageReference Include="AutoMapper.Extensions.Microsoft.DependencyInjection" Version="12.0.1" />'),
      'Host/Maps.cs': mapping,
    });
    expect((await upgrade(companion, { to: '7.0', only })).diff).toBe('');
    const notEf = makeTree({
      'Host/Host.csproj': host('    <PackageReference Include="Duende.IdentityServer" Version="6.3.10" />'),
      'Host/Maps.cs': mapping,
    });
    expect((await upgrade(notEf, { to: '7.0', only })).diff).toBe('');
  });

  it('reports Microsoft.IdentityModel packages below 7.1.2 or on different versions, and nothing when they agree', async () => {
    const mixed = makeTree({
      'Host/Host.csproj': host(
        '    <PackageReference Include="Duende.IdentityServer" Version="6.3.10" />\n    <PackageReference Include="Microsoft.IdentityModel.Tokens" Version="7.5.0" />\n    <PackageReference Include="Microsoft.IdentityModel.JsonWebTokens" Version="7.1.2" />\n    <PackageReference Include="System.IdentityModel.Tokens.Jwt" Version="6.35.0" />',
      ),
    });
    const { run, diff } = await upgrade(mixed, { to: '7.0', only });
    expect(diff).toBe('');
    expect(run.result.findings.map((f) => `${f.line} ${f.message}`)).toEqual([
      '8 Microsoft.IdentityModel.JsonWebTokens 7.1.2 is not on the same version as the other Microsoft.IdentityModel packages (7.5.0)',
      expect.stringMatching(/^9 System.IdentityModel.Tokens.Jwt 6.35.0 is older than the Microsoft.IdentityModel 7.1.2/),
    ]);
    const agreed = makeTree({
      'Host/Host.csproj': host('    <PackageReference Include="Duende.IdentityServer" Version="6.3.10" />\n    <PackageReference Include="Microsoft.IdentityModel.Tokens" Version="7.5.0" />\n    <PackageReference Include="System.IdentityModel.Tokens.Jwt" Version="7.5.0" />'),
    });
    expect((await upgrade(agreed, { to: '7.0', only })).run.result.findings).toEqual([]);
  });
});
