/**
 * The Duende 5.0 -> 6.3 hops end to end on their sample solutions, stopped at 6.3 so that later hops (whose rules
 * change the same files) do not blur what these hops did: every finding of a 5.x/6.x rule lands at the expected
 * file:line, the edits are the expected ones, and the heuristic ones are listed for review.
 */
import fs from 'node:fs';
import path from 'node:path';
import { copyTree } from './support/cli';
import { upgrade } from './support/run';
import { csproj, makeTree } from './support/tree';

const solutions = path.join(__dirname, '..', 'fixtures', 'solutions');
const OUR_HOPS = new Set(['5.0-5.1', '5.1-5.2', '5.2-6.0', '6.0-6.1', '6.1-6.2', '6.2-6.3']);

async function toSixThree(name: string) {
  const root = copyTree(path.join(solutions, name));
  const out = await upgrade(root, { to: '6.3' });
  const ours = out.run.result.findings.filter((f) => OUR_HOPS.has(f.hop));
  return { ...out, root, findings: ours.map((f) => `${f.file}:${f.line} ${f.ruleId}`).sort() };
}

describe('duende52-ef-profile to 6.3', () => {
  let r: Awaited<ReturnType<typeof toSixThree>>;
  beforeAll(async () => {
    r = await toSixThree('duende52-ef-profile');
  });

  it('reports at the right file:line', () => {
    expect(r.findings).toEqual([
      'src/IdentityHost/Config.cs:17 6.2-6.3/logout-token-typ',
      'src/IdentityHost/Data/DesignTimeFactories.cs:16 5.2-6.0/db-context-store-options',
      'src/IdentityHost/Startup.cs:27 5.2-6.0/data-protection-application-name',
      'src/IdentityHost/Startup.cs:30 6.2-6.3/refresh-token-delete-on-use',
    ]);
  });

  it('adds ICancellationTokenProvider to the derived EF store and CORS service (R2 at 6.0)', () => {
    const store = r.after('src/IdentityHost/Stores/TenantClientStore.cs');
    expect(store).toContain('public TenantClientStore(IConfigurationDbContext context, ILogger<ClientStore> logger, ICancellationTokenProvider cancellationTokenProvider)');
    expect(store).toContain(': base(context, logger, cancellationTokenProvider)');
    expect(store).toContain('using Duende.IdentityServer.Services;');
    const cors = r.after('src/IdentityHost/Stores/OriginCorsPolicyService.cs');
    expect(cors).toContain(': base(provider, logger, cancellationTokenProvider)');
  });

  it('adds the CancellationToken to the operational store notification and leaves the profile service alone', () => {
    const notification = r.after('src/IdentityHost/Services/CleanupAuditNotification.cs');
    expect(notification).toContain('PersistedGrantsRemovedAsync(IEnumerable<PersistedGrant> persistedGrants, CancellationToken cancellationToken = default)');
    expect(notification).toContain('DeviceCodesRemovedAsync(IEnumerable<DeviceFlowCodes> deviceCodes, CancellationToken cancellationToken = default)');
    const profile = path.join(r.root, 'src/IdentityHost/Services/MyProfileService.cs');
    expect(r.after('src/IdentityHost/Services/MyProfileService.cs')).toBe(fs.readFileSync(profile, 'utf8'));
  });

  it('leaves Startup.cs (CRLF + BOM) unedited: its checks are findings', () => {
    expect(r.run.result.files.get(path.join(r.root, 'src/IdentityHost/Startup.cs'))?.status ?? 'unchanged').toBe('unchanged');
  });
});

describe('duende62-cleanup-sessions to 6.3', () => {
  let r: Awaited<ReturnType<typeof toSixThree>>;
  beforeAll(async () => {
    r = await toSixThree('duende62-cleanup-sessions');
  });

  it('reports at the right file:line', () => {
    expect(r.findings).toEqual([
      'src/Idp/Clients.cs:17 6.2-6.3/logout-token-typ',
      'src/Idp/Idp.csproj:6 6.2-6.3/nullable-annotations',
      'src/Idp/Program.cs:12 6.2-6.3/refresh-token-delete-on-use',
      'src/Idp/Services/GraceRefreshTokenService.cs:18 6.2-6.3/refresh-token-delete-on-use',
    ]);
  });

  it('drops IServerSideSessionsMarker from the derived cleanup service and registers it as ITokenCleanupService', () => {
    const cleanup = r.after('src/Idp/Cleanup/AuditingTokenCleanupService.cs');
    expect(cleanup).not.toContain('IServerSideSessionsMarker');
    expect(cleanup).toContain(': base(options, persistedGrantDbContext, logger, operationalStoreNotification)');
    const program = r.after('src/Idp/Program.cs');
    expect(program).toContain('builder.Services.AddTransient<ITokenCleanupService, AuditingTokenCleanupService>();');
    expect(program).toContain('scope.ServiceProvider.GetRequiredService<ITokenCleanupService>();');
    expect(program).toContain('await cleanup.CleanupGrantsAsync();');
  });

  it('passes PersistentGrantOptions to DefaultRefreshTokenService', () => {
    const refresh = r.after('src/Idp/Services/GraceRefreshTokenService.cs');
    expect(refresh).toContain(': base(refreshTokenStore, profile, clock, options, logger)');
    expect(refresh).toContain('using Duende.IdentityServer.Stores.Serialization;');
  });

  it('lists the heuristic edits for review', () => {
    const review = r.run.result.review.filter((e) => OUR_HOPS.has(e.hop)).map((e) => `${e.file}:${e.line} ${e.ruleId}`);
    expect(review).toEqual([
      'src/Idp/Program.cs:28 6.2-6.3/token-cleanup-service',
      'src/Idp/Program.cs:41 6.2-6.3/token-cleanup-service',
      'src/Idp/Program.cs:42 6.2-6.3/cleanup-grants-rename',
    ]);
  });
});

describe('6.2-6.3/nullable-annotations', () => {
  it('is a warning when warnings are errors, and silent without <Nullable>', async () => {
    const root = makeTree({
      'Directory.Build.props': '<Project>\n  <PropertyGroup>\n    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>\n  </PropertyGroup>\n</Project>\n',
      'Strict/Strict.csproj': csproj('  <PropertyGroup>\n    <TargetFramework>net6.0</TargetFramework>\n    <Nullable>enable</Nullable>\n  </PropertyGroup>\n  <ItemGroup><PackageReference Include="Duende.IdentityServer" Version="6.2.3" /></ItemGroup>'),
      'Loose/Loose.csproj': csproj('  <PropertyGroup><TargetFramework>net6.0</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="Duende.IdentityServer" Version="6.2.3" /></ItemGroup>'),
    });
    const { run } = await upgrade(root, { to: '6.3', only: ['6.2-6.3/nullable-annotations'] });
    expect(run.result.findings.map((f) => [f.file, f.line, f.severity])).toEqual([['Strict/Strict.csproj', 4, 'warning']]);
  });
});
