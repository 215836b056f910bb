/**
 * Extension methods 7.0 removed (catalog §4.10 rows 18 and 20; verified against is/6.3.0 and is/7.0.0), reported at
 * each call with the replacement written out for that call's receiver:
 *  - Duende.IdentityServer.Extensions.HttpContextExtensions (all [Obsolete] in 6.x): GetIdentityServerOrigin,
 *    GetIdentityServerHost, SetIdentityServerOrigin, GetIdentityServerBasePath, SetIdentityServerBasePath,
 *    GetIdentityServerBaseUrl, GetIdentityServerRelativeUrl, GetIdentityServerIssuerUri, GetSchemeSupportsSignOutAsync;
 *    HttpResponseExtensions.RedirectToAbsoluteUrl. In 6.3 they only looked up IServerUrls / IIssuerNameService /
 *    IAuthenticationHandlerProvider in RequestServices, so that lookup is the exact replacement (injecting the
 *    service is the tidier one).
 *  - Duende.IdentityServer.Services.IUserSessionExtensions.GetLogoutNotificationContext (obsolete since 6.1).
 * Signal: `x.Method(...)` (or `Class.Method(x, ...)`) in a file that sees the extension's namespace. Not reported:
 * receivers declared as IServerUrls (7.0 still has ServerUrlExtensions.GetIdentityServerRelativeUrl on them).
 */
import type { Node } from '../../src/engine/csharp';
import { walk } from '../../src/engine/csharp';
import { declaredTypes, receiverName } from '../../src/engine/cs/receivers';
import { argsOf, argumentName, dotted, fileSees, named, typeMatcher, type TypeName } from '../../src/engine/cs/syntax';
import type { FileRule } from '../../src/engine/rule';

const EXT = 'Duende.IdentityServer.Extensions';
const SERVICES = 'Duende.IdentityServer.Services';
const SERVER_URLS: TypeName = { ns: SERVICES, name: 'IServerUrls' };
const lookup = (recv: string, service: string) => `${recv}.RequestServices.GetRequiredService<${service}>()`;

interface Removed {
  ns: string;
  owner: string;
  name: string;
  arity: number;
  /** The replacement for receiver `r` and argument texts `a`. */
  replace(r: string, a: string[]): string;
}

const REMOVED: Removed[] = [
  { ns: EXT, owner: 'HttpContextExtensions', name: 'GetIdentityServerOrigin', arity: 0, replace: (r) => `${lookup(r, 'IServerUrls')}.Origin` },
  { ns: EXT, owner: 'HttpContextExtensions', name: 'GetIdentityServerHost', arity: 0, replace: (r) => `${lookup(r, 'IServerUrls')}.Origin` },
  { ns: EXT, owner: 'HttpContextExtensions', name: 'SetIdentityServerOrigin', arity: 1, replace: (r, a) => `${lookup(r, 'IServerUrls')}.Origin = ${a[0]}` },
  { ns: EXT, owner: 'HttpContextExtensions', name: 'GetIdentityServerBasePath', arity: 0, replace: (r) => `${lookup(r, 'IServerUrls')}.BasePath` },
  { ns: EXT, owner: 'HttpContextExtensions', name: 'SetIdentityServerBasePath', arity: 1, replace: (r, a) => `${lookup(r, 'IServerUrls')}.BasePath = ${a[0]}` },
  { ns: EXT, owner: 'HttpContextExtensions', name: 'GetIdentityServerBaseUrl', arity: 0, replace: (r) => `${lookup(r, 'IServerUrls')}.BaseUrl` },
  { ns: EXT, owner: 'HttpContextExtensions', name: 'GetIdentityServerRelativeUrl', arity: 1, replace: (r, a) => `${lookup(r, 'IServerUrls')}.GetIdentityServerRelativeUrl(${a[0]})` },
  { ns: EXT, owner: 'HttpContextExtensions', name: 'GetIdentityServerIssuerUri', arity: 0, replace: (r) => `await ${lookup(r, 'IIssuerNameService')}.GetCurrentAsync()` },
  {
    ns: EXT,
    owner: 'HttpContextExtensions',
    name: 'GetSchemeSupportsSignOutAsync',
    arity: 1,
    replace: (r, a) => `(await ${lookup(r, 'IAuthenticationHandlerProvider')}.GetHandlerAsync(${r}, ${a[0]})) is IAuthenticationSignOutHandler`,
  },
  { ns: EXT, owner: 'HttpResponseExtensions', name: 'RedirectToAbsoluteUrl', arity: 1, replace: (r, a) => `${r}.Redirect(${lookup(`${r}.HttpContext`, 'IServerUrls')}.GetAbsoluteUrl(${a[0]}))` },
];

const USINGS: Record<string, string> = {
  IServerUrls: 'Duende.IdentityServer.Services and Microsoft.Extensions.DependencyInjection',
  IIssuerNameService: 'Duende.IdentityServer.Services and Microsoft.Extensions.DependencyInjection',
  IAuthenticationHandlerProvider: 'Microsoft.AspNetCore.Authentication and Microsoft.Extensions.DependencyInjection',
};

function usingsFor(text: string): string {
  const service = /GetRequiredService<(\w+)>/.exec(text)?.[1] ?? '';
  return USINGS[service] ?? '';
}

/** `recv.M(args)` or `Owner.M(recv, args)`: receiver text and argument texts, or undefined. */
function callShape(call: Node, r: Removed, sees: boolean): { recv: Node; args: string[]; static: boolean } | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'member_access_expression' || fn.childForFieldName('name')?.text !== r.name) return undefined;
  const args = argsOf(call.childForFieldName('arguments'));
  if (args.some((a) => argumentName(a))) return undefined;
  const value = (a: Node) => named(a)[named(a).length - 1];
  const owner = fn.childForFieldName('expression');
  if (!owner) return undefined;
  const ownerName = dotted(owner);
  if (ownerName === `${r.ns}.${r.owner}` || (sees && ownerName === r.owner)) {
    if (args.length !== r.arity + 1) return undefined;
    return { recv: value(args[0]), args: args.slice(1).map((a) => value(a).text), static: true };
  }
  if (!sees || args.length !== r.arity) return undefined;
  return { recv: owner, args: args.map((a) => value(a).text), static: false };
}

/** `HttpContext`, `x.HttpContext`, or a name declared HttpContext. */
function isHttpContext(recv: Node, declared: Node | null | undefined, matches: ReturnType<typeof typeMatcher>): boolean {
  if (declared) return matches(declared, { ns: 'Microsoft.AspNetCore.Http', name: 'HttpContext' });
  const last = recv.type === 'member_access_expression' ? recv.childForFieldName('name')?.text : recv.text;
  return last === 'HttpContext';
}

const rule: FileRule = {
  id: '6.3-7.0/removed-extensions',
  title: 'HttpContext/HttpResponse extensions and IUserSessionExtensions removed at 7.0: use IServerUrls, IIssuerNameService, IUserSession',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_3-to-v7_0',
  kind: 'finding',
  catalog: ['4.10#18', '4.10#20'],
  reads: ['csharp'],
  triggers: [...REMOVED.map((r) => r.name), 'GetLogoutNotificationContext'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const sees = fileSees(ctx, EXT);
    const seesServices = fileSees(ctx, SERVICES);
    const matches = typeMatcher(ctx);
    const declared = declaredTypes(root);
    walk(root, (n) => {
      if (n.type !== 'invocation_expression') return;
      for (const r of REMOVED) {
        const shape = callShape(n, r, sees);
        if (!shape) continue;
        const recvName = receiverName(shape.recv);
        const recvType = recvName ? declared.get(recvName) : undefined;
        if (recvType && matches(recvType, SERVER_URLS)) continue; // ServerUrlExtensions.GetIdentityServerRelativeUrl, still there
        // 7.0 still has that name on IServerUrls: report it only on what is visibly an HttpContext.
        if (r.name === 'GetIdentityServerRelativeUrl' && !shape.static && !isHttpContext(shape.recv, recvType, matches)) continue;
        const replacement = r.replace(shape.recv.text, shape.args);
        ctx.report(n, `${r.name}() (${r.owner}) was removed in IdentityServer 7.0`, {
          severity: 'warning',
          suggestion: `replace with \`${replacement}\` (usings: ${usingsFor(replacement)}), or inject the service and use it directly`,
        });
      }
      const fn = n.childForFieldName('function');
      const session = fn?.type === 'member_access_expression' && fn.childForFieldName('name')?.text === 'GetLogoutNotificationContext' ? fn.childForFieldName('expression') : undefined;
      if (seesServices && session && argsOf(n.childForFieldName('arguments')).length === 0) {
        const s = session.text;
        ctx.report(n, 'GetLogoutNotificationContext() (IUserSessionExtensions) was removed in IdentityServer 7.0', {
          severity: 'warning',
          suggestion: `build it from the session: \`new LogoutNotificationContext { SubjectId = (await ${s}.GetUserAsync())?.GetSubjectId(), SessionId = await ${s}.GetSessionIdAsync(), ClientIds = await ${s}.GetClientListAsync() }\` (6.3 returned null instead when the client list was empty; GetSubjectId needs using Duende.IdentityServer.Extensions)`,
        });
      }
    });
  },
};

export default rule;
