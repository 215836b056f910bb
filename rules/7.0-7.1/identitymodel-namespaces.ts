/**
 * IdentityModel namespaces → Duende.IdentityModel (catalog §2.3, §2.4; hop row 4.11 #1).
 *
 * Matches: a dotted name whose first identifier is `IdentityModel` — in using directives of every kind, anywhere in
 * code (`global::` allowed, expression chains such as `IdentityModel.JwtClaimTypes.Subject` included), in `cref` of
 * `///` comments and on Razor `@using` / `@inject` / `@model` / `@inherits` lines — when it names `IdentityModel`,
 * `.Client`, `.Jwk`, `.Internal` or `.OidcClient[.Browser|.DPoP|.Infrastructure|.Results]`, or something inside one.
 * Right under the root only its 14 public types count. `Microsoft.IdentityModel.*`, `System.IdentityModel.*`,
 * `MyApp.IdentityModel`, `IdentityModelExtensions`, strings, comments and namespace declarations stay as they are.
 * Rewrites: the identifier `IdentityModel` to `Duende.IdentityModel`; a using that then repeats another is removed.
 * Adds: `using Duende.IdentityModel.Client;` to a C# file that uses `BasicAuthenticationHeaderValue` or
 * `BasicAuthenticationOAuthHeaderValue` (IdentityModel declared them in `System.Net.Http`, Duende in
 * `Duende.IdentityModel.Client`); a `System.Net.Http.` qualifier on those two names becomes `Duende.IdentityModel.Client.`.
 * Reports instead: `IdentityModel.AspNetCore*` (renamed and redesigned packages, §2.4), and a file that declares a
 * namespace `IdentityModel…` of its own, where `IdentityModel` may mean that namespace: nothing in it is renamed.
 */
import type { Node } from '../../src/engine/csharp';
import { addUsings, declaredNamespaces, renameNamespacePrefix, type NamespaceMove } from '../../src/engine/namespace-rename';
import type { FileContext, FileRule } from '../../src/engine/rule';

const FROM = 'IdentityModel';
const TO = 'Duende.IdentityModel';
const CLIENT = `${TO}.Client`;

const LIBRARY_NAMESPACES = ['', '.Client', '.Jwk', '.Internal', '.OidcClient', '.OidcClient.Browser', '.OidcClient.DPoP', '.OidcClient.Infrastructure', '.OidcClient.Results'].map((s) => FROM + s);

/** The public types of namespace IdentityModel (the same from 4.0.0 to 7.0.0). */
const ROOT_TYPES = [
  'Base64Url', 'ClaimComparer', 'CryptoRandom', 'DateTimeExtensions', 'Identity', 'JwtClaimTypes', 'OidcConstants',
  'Principal', 'StringExtensions', 'TimeConstantComparer', 'X509', 'X509CertificatesFinder', 'X509CertificatesLocation', 'X509CertificatesName',
];

const MOVE: NamespaceMove = { from: FROM, to: TO, namespaces: new Set(LIBRARY_NAMESPACES), rootTypes: new Set(ROOT_TYPES) };

const HEADER_TYPES = /\bBasicAuthentication(?:OAuth)?HeaderValue\b/g;

const rule: FileRule = {
  id: '7.0-7.1/identitymodel-namespaces',
  title: 'IdentityModel namespaces become Duende.IdentityModel',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_0-to-v7_1/',
  kind: 'fix',
  catalog: ['4.11#1'],
  reads: ['csharp', 'razor'],
  triggers: [FROM, 'BasicAuthentication'],
  actsWithoutLibraryNamespace: true,
  appliesTo: () => true, // any project crossing 7.1 may use IdentityModel directly or transitively
  run(ctx) {
    const own = declaredNamespaces(ctx).find((ns) => ns.name.split('.')[0] === FROM);
    if (own) {
      ctx.report(own.at, `This file declares namespace ${own.name}, so a name starting with ${FROM} may mean that namespace rather than the ${FROM} package; nothing in it was renamed to ${TO}`, {
        severity: 'info',
        suggestion: `Rename by hand the names that mean the ${FROM} package (e.g. using ${FROM}.Client; → using ${CLIENT};), or move the file's own namespace out of ${FROM}`,
      });
      return;
    }

    const { sites, usings } = renameNamespacePrefix(ctx, MOVE);
    for (const s of sites.filter((s) => s.segments[1] === 'AspNetCore')) {
      const introspection = s.segments[2] === 'OAuth2Introspection';
      ctx.report(s.at, `${s.segments.join('.')} left as is: ${introspection ? 'the package became Duende.AspNetCore.Authentication.OAuth2Introspection, with some types in new namespaces' : 'the token management package was redesigned as Duende.AccessTokenManagement'}`, {
        severity: 'warning',
        suggestion: introspection
          ? 'Switch the package to Duende.AspNetCore.Authentication.OAuth2Introspection and this namespace to Duende.AspNetCore.Authentication.OAuth2Introspection; the event context types moved to its .Context namespace, ClaimConverter/ClaimLite/TokenRetrieval to .Infrastructure'
          : 'Switch to Duende.AccessTokenManagement (client credentials) and Duende.AccessTokenManagement.OpenIdConnect (user tokens); the API changed, e.g. AddAccessTokenManagement → AddOpenIdConnectAccessTokenManagement, AddClientAccessTokenManagement → AddClientCredentialsTokenManagement',
      });
    }

    if (ctx.tree && usesHeaderTypes(ctx) && !usings.has(CLIENT) && !ctx.project.usings.includes(CLIENT) && !ctx.project.usings.includes(`${FROM}.Client`)) {
      addUsings(ctx, [CLIENT]);
    }
  },
};

export default rule;

/**
 * Whether the file names one of the two header types unqualified (it then needs the using); a `System.Net.Http.`
 * qualifier on them is rewritten on the way.
 */
function usesHeaderTypes(ctx: FileContext): boolean {
  let unqualified = false;
  for (const m of ctx.text.matchAll(HEADER_TYPES)) {
    const node = ctx.tree!.rootNode.descendantForIndex(m.index, m.index + m[0].length);
    if (node?.type !== 'identifier' || node.startIndex !== m.index || node.endIndex !== m.index + m[0].length) continue; // string, comment
    const parent = node.parent;
    if (parent?.type.endsWith('_declaration') && parent.childForFieldName('name')?.equals(node)) continue; // a type of the user's own
    const qualifier = qualifierOf(node);
    if (!qualifier) unqualified = true;
    else if (qualifier.text.replace(/\s+/g, '').replace(/^global::/, '') === 'System.Net.Http') {
      const start = qualifier.text.startsWith('global::') ? qualifier.startIndex + 'global::'.length : qualifier.startIndex;
      ctx.edit(start, qualifier.endIndex, CLIENT);
    }
  }
  return unqualified;
}

/** `Q` in `Q.Name` (qualified name or member access) when `node` is the `Name`. */
function qualifierOf(node: Node): Node | undefined {
  const p = node.parent;
  const field = p?.type === 'qualified_name' ? 'qualifier' : p?.type === 'member_access_expression' ? 'expression' : undefined;
  return field && p!.childForFieldName('name')?.equals(node) ? (p!.childForFieldName(field) ?? undefined) : undefined;
}
