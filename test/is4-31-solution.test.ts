/**
 * The IdentityServer4 3.1 sample solution (fixtures/solutions/is4-31-full) upgraded to 4.1 only: the 3.1 → 4.1 rules
 * report at the right file:line, list their heuristic edits for review, and leave the 4.x code the hop should leave.
 */
import path from 'node:path';
import { upgrade } from './support/run';

const root = path.join(__dirname, '..', 'fixtures', 'solutions', 'is4-31-full');
const HOP = '3.1-4.1';

describe('is4-31-full upgraded to 4.1', () => {
  let result: Awaited<ReturnType<typeof upgrade>>;
  beforeAll(async () => {
    result = await upgrade(root, { to: '4.1' });
  });

  it('plans only the 3.1 -> 4.1 hop for the IdentityServer project', () => {
    expect(result.run.result.hops.map((h) => h.hop.id)).toEqual([HOP]);
  });

  it('reports the 3.1 -> 4.1 findings at file:line', () => {
    const findings = result.run.result.findings.filter((f) => f.hop === HOP).map((f) => `${f.file}:${f.line} ${f.ruleId}`);
    expect(findings.sort()).toEqual(
      [
        'src/IdentityServer/Config.cs:20 3.1-4.1/config-model', // ApiScopes added beside `Apis`: register them
        'src/IdentityServer/Quickstart/Account/AccountController.cs:52 3.1-4.1/quickstart-ui', // IsPkceClientAsync
        'src/IdentityServer/Quickstart/Account/AccountController.cs:76 3.1-4.1/quickstart-ui',
        'src/IdentityServer/Quickstart/Consent/ConsentController.cs:90 3.1-4.1/config-model', // CreateScopeViewModel(Scope scope)
        'src/IdentityServer/Quickstart/Extensions.cs:9 3.1-4.1/quickstart-ui',
        'src/IdentityServer/SeedData.cs:40 3.1-4.1/in-memory-api-scopes', // ApiResources seeded without ApiScopes
        'src/IdentityServer/Startup.cs:28 3.1-4.1/removed-options', // PublicOrigin
        'src/IdentityServer/Startup.cs:34 3.1-4.1/schema-migrations', // AddConfigurationStore
        'src/IdentityServer/Startup.cs:38 3.1-4.1/schema-migrations', // AddOperationalStore
      ].sort(),
    );
    const origin = result.run.result.findings.find((f) => f.ruleId === '3.1-4.1/removed-options')!;
    expect(origin.suggestion).toContain('SetIdentityServerOrigin');
  });

  it('lists the heuristic edits for review', () => {
    const review = result.run.result.review.filter((r) => r.hop === HOP).map((r) => `${r.file}:${r.line} ${r.ruleId}`);
    expect(new Set(review)).toEqual(
      new Set([
        'src/IdentityServer/Config.cs:23 3.1-4.1/config-model',
        'src/IdentityServer/Config.cs:29 3.1-4.1/config-model',
        'src/IdentityServer/Config.cs:30 3.1-4.1/config-model',
        'src/IdentityServer/Config.cs:36 3.1-4.1/config-model',
        'src/IdentityServer/Config.cs:48 3.1-4.1/client-claims',
        'src/IdentityServer/Quickstart/Account/AccountController.cs:33 3.1-4.1/authorization-context',
        'src/IdentityServer/Quickstart/Account/AccountController.cs:51 3.1-4.1/consent-response',
        'src/IdentityServer/Quickstart/Account/AccountController.cs:52 3.1-4.1/authorization-context',
        'src/IdentityServer/Quickstart/Account/AccountController.cs:62 3.1-4.1/authorization-context',
        'src/IdentityServer/Quickstart/Account/AccountController.cs:74 3.1-4.1/sign-in-subject',
        'src/IdentityServer/Quickstart/Account/AccountController.cs:76 3.1-4.1/authorization-context',
        'src/IdentityServer/Quickstart/Account/AccountController.cs:83 3.1-4.1/authorization-context',
        'src/IdentityServer/Quickstart/Consent/ConsentController.cs:44 3.1-4.1/consent-response',
        'src/IdentityServer/Quickstart/Consent/ConsentController.cs:73 3.1-4.1/authorization-context',
        'src/IdentityServer/Quickstart/Consent/ConsentController.cs:74 3.1-4.1/authorization-context',
      ]),
    );
  });

  it('rewrites the 3.1 configuration and quickstart code to the 4.x API, keeping IdentityServer4 namespaces', () => {
    const config = result.after('src/IdentityServer/Config.cs');
    expect(config).toContain('new ApiResource("catalog", "Catalog API") { Scopes = { "catalog" } },');
    expect(config).toContain('public static IEnumerable<ApiScope> ApiScopes =>');
    expect(config).toContain('new ApiScope("orders.write", "Place orders")');
    expect(config).toContain('Claims = { new ClientClaim("tenant_id", "warehouse"), new ClientClaim(JwtClaimTypes.Role, "stock") }');
    expect(config).toContain('using IdentityServer4.Models;');
    // TestUser.Claims really are System.Security.Claims.Claim
    expect(config).toContain('Claims = { new Claim(JwtClaimTypes.Name, "Alice Fischer")');

    const account = result.after('src/IdentityServer/Quickstart/Account/AccountController.cs');
    expect(account).toContain('await _interaction.DenyAuthorizationAsync(context, AuthorizationError.AccessDenied);');
    expect(account).toContain('await HttpContext.SignInAsync(new IdentityServerUser(user.SubjectId) { DisplayName = user.Username }, props);');
    expect(account).toContain('ViewData["ClientId"] = context?.Client.ClientId;');
    expect(account).toContain('namespace IdentityServer4.Quickstart.UI');

    const consent = result.after('src/IdentityServer/Quickstart/Consent/ConsentController.cs');
    expect(consent).toContain('grantedConsent = new ConsentResponse { Error = AuthorizationError.AccessDenied };');
    expect(consent).toContain('ScopesValuesConsented = model.ScopesConsented.ToArray()');
    expect(consent).toContain('FindEnabledResourcesByScopeAsync(request.ValidatedResources.RawScopeValues)');

    const startup = result.after('src/IdentityServer/Startup.cs');
    expect(startup).not.toContain('BackChannelLogoutTimeOut');
    expect(startup).toContain('options.PublicOrigin = "https://login.northwind.test";\r\n');
  });

  it('leaves the API and the client alone at this hop', () => {
    expect(result.run.result.files.has(path.join(root, 'src/Api/Startup.cs'))).toBe(false);
    expect(result.diff).not.toContain('src/Client/');
  });
});
