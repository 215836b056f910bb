/**
 * Project roles, inferred from packages and code: an IdentityServer host calls `AddIdentityServer`; an API
 * validates tokens (`AddJwtBearer`, `AddOAuth2Introspection`, IdentityServer4's `AddIdentityServerAuthentication`);
 * a client signs users in or asks for tokens (`AddOpenIdConnect`, token management, IdentityModel's
 * `Request…TokenAsync` / `GetDiscoveryDocumentAsync`, `new OidcClient`); tests reference a test SDK or say
 * `IsTestProject`; a project holding EF model snapshots also holds migrations; anything else is a library.
 * A project can have several roles (a host that is also an API).
 */
import type { CodeFacts } from './code-facts';
import type { InventoryPackage, ProjectProperties } from './inventory';
import type { AuditProject, ProjectRole } from './model';

const HOST = ['AddIdentityServer'];
const API = ['AddJwtBearer', 'AddOAuth2Introspection', 'AddIdentityServerAuthentication'];
const CLIENT = [
  'AddOpenIdConnect', 'AddAccessTokenManagement', 'AddClientCredentialsTokenManagement', 'AddOpenIdConnectAccessTokenManagement', 'AddUserAccessTokenHttpClient',
  'AddClientAccessTokenHttpClient', 'AddBff', 'RequestClientCredentialsTokenAsync', 'RequestPasswordTokenAsync', 'RequestAuthorizationCodeTokenAsync',
  'RequestRefreshTokenAsync', 'RequestTokenExchangeTokenAsync', 'GetDiscoveryDocumentAsync', 'OidcClient',
];

export function inferRoles(name: string, facts: CodeFacts, packages: InventoryPackage[], props: ProjectProperties): Pick<AuditProject, 'roles' | 'evidence'> {
  const evidence: AuditProject['evidence'] = [];
  const byCalls = (role: ProjectRole, names: string[]) => {
    const call = facts.calls.find((c) => names.includes(c.name));
    if (call) evidence.push({ role, signal: call.name, file: call.file, line: call.line });
  };
  const testPackage = packages.find((p) => p.category === 'test');
  if (props.isTestProject) evidence.push({ role: 'tests', signal: 'IsTestProject', file: null, line: null });
  else if (testPackage) evidence.push({ role: 'tests', signal: testPackage.id, file: testPackage.declared.file, line: testPackage.declared.line });
  else if (/[.](Unit|Integration|Functional)?Tests?$/i.test(name)) evidence.push({ role: 'tests', signal: 'project name', file: null, line: null });
  byCalls('identityserver-host', HOST);
  byCalls('api', API);
  byCalls('client', CLIENT);
  const snapshot = facts.classes.find((c) => c.bases.some((b) => b === 'ModelSnapshot' || b.endsWith('.ModelSnapshot')));
  if (snapshot) evidence.push({ role: 'migrations', signal: `${snapshot.name} (model snapshot)`, file: snapshot.file, line: snapshot.line });
  const roles = [...new Set(evidence.map((e) => e.role))];
  if (!roles.some((r) => r !== 'migrations')) {
    roles.push('library');
    evidence.push({ role: 'library', signal: props.outputType && /exe/i.test(props.outputType) ? `OutputType ${props.outputType}, no host/API/client signal` : 'no host, API, client or test signal', file: null, line: null });
  }
  const order: ProjectRole[] = ['identityserver-host', 'api', 'client', 'tests', 'migrations', 'library'];
  roles.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  evidence.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
  return { roles, evidence };
}
