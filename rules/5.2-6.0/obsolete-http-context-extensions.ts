/**
 * 6.0 obsoleted nine HttpContext extensions and HttpResponse.RedirectToAbsoluteUrl of Duende.IdentityServer.Extensions
 * (they are removed in 7.0, where the 6.3 -> 7.0 rules report them as errors). Catalog §4.6 row 12; the [Obsolete]
 * messages were read at is/6.0.0. In 6.x they still compile, with a warning.
 *
 * Reports (info): calls of those extension methods in a file that imports Duende.IdentityServer.Extensions (an
 * extension call needs that using), or the static forms `HttpContextExtensions.X(context)`, with the replacement the
 * library names: IServerUrls (Origin, BasePath, BaseUrl, GetIdentityServerRelativeUrl, GetAbsoluteUrl) or
 * IIssuerNameService.GetCurrentAsync().
 */
import { callsNamed } from '../../src/engine/cs/calls';
import { NS } from '../../src/engine/cs/duende-names';
import { fileSees } from '../../src/engine/cs/syntax';
import type { FileRule } from '../../src/engine/rule';

const REPLACEMENTS: Record<string, string> = {
  GetSchemeSupportsSignOutAsync: 'IAuthenticationHandlerProvider.GetHandlerAsync(context, scheme) and check whether the handler is an IAuthenticationSignOutHandler',
  SetIdentityServerOrigin: 'set IServerUrls.Origin',
  SetIdentityServerBasePath: 'set IServerUrls.BasePath',
  GetIdentityServerOrigin: 'IServerUrls.Origin',
  GetIdentityServerHost: 'IServerUrls.Origin',
  GetIdentityServerBasePath: 'IServerUrls.BasePath',
  GetIdentityServerBaseUrl: 'IServerUrls.BaseUrl',
  GetIdentityServerRelativeUrl: 'IServerUrls.GetIdentityServerRelativeUrl(path)',
  GetIdentityServerIssuerUri: 'await IIssuerNameService.GetCurrentAsync()',
  RedirectToAbsoluteUrl: 'Response.Redirect(IServerUrls.GetAbsoluteUrl(url))',
};
const STATIC_HOSTS = new Set(['HttpContextExtensions', 'HttpResponseExtensions', `${NS.extensions}.HttpContextExtensions`, `${NS.extensions}.HttpResponseExtensions`]);

const rule: FileRule = {
  id: '5.2-6.0/obsolete-http-context-extensions',
  title: 'HttpContext extensions obsolete since 6.0: use IServerUrls / IIssuerNameService',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v5_2-to-v6_0',
  kind: 'finding',
  catalog: ['4.6#12'],
  reads: ['csharp'],
  triggers: Object.keys(REPLACEMENTS),
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const imported = fileSees(ctx, NS.extensions);
    for (const c of callsNamed(root, (n) => n in REPLACEMENTS)) {
      const staticForm = c.receiver && STATIC_HOSTS.has(c.receiver.text.replace(/\s+/g, ''));
      if (!staticForm && !(imported && c.receiver)) continue;
      ctx.report(c.name, `${c.name.text} is obsolete since 6.0 and removed in 7.0`, { severity: 'info', suggestion: `Use ${REPLACEMENTS[c.name.text]}` });
    }
  },
};

export default rule;
