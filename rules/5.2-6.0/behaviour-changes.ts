/**
 * Behaviour changes of 6.0 that compile unchanged but act differently (catalog §4.6 row 13; each checked against
 * is/5.2.4 and is/6.0.0 or the 6.0 breaking-change list):
 *  - OidcProvider.Scopes no longer adds `openid` (dynamic providers): a `Scope` set in code without `openid` now asks
 *    the upstream provider for no OpenID Connect scope. Signal: `Scope = …` in `new OidcProvider { … }`, or
 *    `x.Scope = …` on a receiver declared OidcProvider; a string literal lacking `openid` is a warning, any other
 *    value an info finding;
 *  - StrictRedirectUriValidatorAppAuth accepts a loopback post-logout redirect only when the client's
 *    PostLogoutRedirectUris (no longer its RedirectUris) contain `http://127.0.0.1`. Signal: AddAppAuthRedirectUriValidator()
 *    or a reference to the type;
 *  - AddAspNetIdentity<TUser>() sets IdentityOptions.ClaimsIdentity.EmailClaimType to `email`: code reading the e-mail
 *    claim of the ASP.NET Identity principal by ClaimTypes.Email finds nothing. Signal: the AddAspNetIdentity call;
 *  - the return URL of a custom redirect (CustomRedirectResult, from InteractionResponse.RedirectUrl) is built from
 *    IServerUrls (origin + base path) like the login and consent pages. Signal: RedirectUrl set on an
 *    InteractionResponse (initializer, or a receiver declared InteractionResponse).
 * The quickstart UI moving to Razor Pages needs nothing: an MVC UI keeps working.
 * The data-protection application name is 5.2-6.0/data-protection-application-name.
 */
import { callsNamed } from '../../src/engine/cs/calls';
import { NS, t } from '../../src/engine/cs/duende-names';
import { initializerMembers, typeReferences } from '../../src/engine/cs/occurrences';
import { memberUsesOn } from '../../src/engine/cs/receivers';
import type { Node } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';

const OidcProvider = t(NS.models, 'OidcProvider');
const AppAuth = t(NS.validation, 'StrictRedirectUriValidatorAppAuth');
const InteractionResponse = t(NS.responseHandling, 'InteractionResponse');

/** The value assigned by `x.M = value` when `access` is its left side. */
function assignedValue(access: Node): Node | undefined {
  const parent = access.parent;
  if (parent?.type !== 'assignment_expression' || !parent.childForFieldName('left')?.equals(access)) return undefined;
  return parent.childForFieldName('right') ?? undefined;
}

const rule: FileRule = {
  id: '5.2-6.0/behaviour-changes',
  title: '6.0 behaviour changes: OidcProvider scopes, AppAuth post-logout URIs, ASP.NET Identity email claim, custom redirect return URL',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v5_2-to-v6_0',
  kind: 'finding',
  catalog: ['4.6#13'],
  reads: ['csharp'],
  triggers: ['OidcProvider', 'StrictRedirectUriValidatorAppAuth', 'AddAppAuthRedirectUriValidator', 'AddAspNetIdentity', 'RedirectUrl'],
  actsWithoutLibraryNamespace: true,
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    // Reported in source order once collected.
    const found: { at: Node; message: string; severity: 'warning' | 'info'; suggestion: string }[] = [];
    const report = (at: Node, message: string, o: { severity: 'warning' | 'info'; suggestion: string }) => found.push({ at, message, ...o });

    const scopes: { at: Node; value: Node }[] = initializerMembers(ctx, [OidcProvider], ['Scope']).map((i) => ({ at: i.name, value: i.value }));
    for (const u of memberUsesOn(ctx, [OidcProvider], 'Scope')) {
      const value = assignedValue(u.access);
      if (value) scopes.push({ at: u.name, value });
    }
    for (const s of scopes) {
      const literal = s.value.type === 'string_literal' || s.value.type === 'verbatim_string_literal' || s.value.type === 'raw_string_literal';
      if (literal && /(^|[\s"])openid([\s"]|$)/.test(s.value.text)) continue;
      report(s.at, literal ? 'OidcProvider.Scope without openid: since 6.0 openid is no longer added to the scopes' : 'OidcProvider.Scope: since 6.0 openid is no longer added to the scopes; make sure this value contains it', {
        severity: literal ? 'warning' : 'info',
        suggestion: 'Include openid in Scope, e.g. "openid profile"',
      });
    }

    const appAuth = [...callsNamed(root, 'AddAppAuthRedirectUriValidator').map((c) => c.name), ...typeReferences(ctx, AppAuth)];
    for (const at of appAuth.sort((a, b) => a.startIndex - b.startIndex).slice(0, 1)) {
      report(at, 'StrictRedirectUriValidatorAppAuth: since 6.0 a loopback post-logout redirect URI is accepted only when the client lists http://127.0.0.1 in PostLogoutRedirectUris (5.x looked at RedirectUris)', {
        severity: 'info',
        suggestion: 'Add "http://127.0.0.1" to PostLogoutRedirectUris of native clients that use a loopback post-logout redirect',
      });
    }

    for (const c of callsNamed(root, 'AddAspNetIdentity')) {
      if (!c.receiver) continue;
      report(c.name, 'AddAspNetIdentity: since 6.0 it sets IdentityOptions.ClaimsIdentity.EmailClaimType to "email" (JwtClaimTypes.Email)', {
        severity: 'info',
        suggestion: 'Read the e-mail of the signed-in user with the "email" claim type (JwtClaimTypes.Email) rather than ClaimTypes.Email, or set options.ClaimsIdentity.EmailClaimType back after AddAspNetIdentity',
      });
    }

    const redirects = [...initializerMembers(ctx, [InteractionResponse], ['RedirectUrl']).map((i) => i.name)];
    for (const u of memberUsesOn(ctx, [InteractionResponse], 'RedirectUrl')) if (assignedValue(u.access)) redirects.push(u.name);
    for (const at of redirects) {
      report(at, 'InteractionResponse.RedirectUrl: since 6.0 the returnUrl passed to the custom redirect page is built from IServerUrls (origin and base path), like the login and consent pages', {
        severity: 'info',
        suggestion: 'Check the returnUrl your custom page receives when IdentityServer runs behind a proxy or under a path base',
      });
    }
    for (const f of found.sort((a, b) => a.at.startIndex - b.at.startIndex)) ctx.report(f.at, f.message, { severity: f.severity, suggestion: f.suggestion });
  },
};

export default rule;
