/**
 * The IdentityServer4 3.x quickstart UI (user-owned code copied into hosts) against 4.x (catalog §4.1 row 31). Findings.
 *
 * - `ProcessLoginCallbackForOidc` / `ProcessLoginCallbackForWsFed` / `ProcessLoginCallbackForSaml2p` (declarations
 *   and calls): the 4.x quickstart's ExternalController has one `ProcessLoginCallback(result, localClaims,
 *   localSignInProps)` that copies the `sid` claim and the `id_token` for every provider.
 * - `IsPkceClientAsync` (a 3.x quickstart extension on IClientStore, declarations and calls): the 4.x quickstart asks
 *   the authorization request instead: `context.IsNativeClient()` (its Extensions class: RedirectUri not http(s)).
 * The other 3.x quickstart breaks (ConsentResponse.Denied, ScopesRequested, SignInAsync(subject, …),
 * GetAllUserConsentsAsync, Scope) are handled by their own rules.
 */
import { walk } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';
import { reportOncePerLine } from '../../src/engine/cs/factories';

const CALLBACKS = new Set(['ProcessLoginCallbackForOidc', 'ProcessLoginCallbackForWsFed', 'ProcessLoginCallbackForSaml2p']);
const TEMPLATES = 'or replace the UI with the current UI templates of the release you upgrade to';

const rule: FileRule = {
  id: '3.1-4.1/quickstart-ui',
  title: 'IdentityServer4 3.x quickstart UI code: ProcessLoginCallbackFor*, IsPkceClientAsync',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-to-duende-identityserver-v8/',
  kind: 'finding',
  catalog: ['4.1#31'],
  reads: ['csharp'],
  triggers: ['ProcessLoginCallbackFor', 'IsPkceClientAsync'],
  actsWithoutLibraryNamespace: true,
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const callbacks: number[] = [];
    const pkce: number[] = [];
    walk(root, (n) => {
      if (n.type !== 'identifier') return;
      const p = n.parent;
      const declared = (p?.type === 'method_declaration' || p?.type === 'local_function_statement') && !!p.childForFieldName('name')?.equals(n);
      const fn = p?.type === 'member_access_expression' && p.childForFieldName('name')?.equals(n) ? p.parent : p;
      const called = fn?.type === 'invocation_expression' && !!fn.childForFieldName('function') && (fn.childForFieldName('function')!.equals(n) || fn.childForFieldName('function')!.equals(p!));
      if (!declared && !called) return;
      if (CALLBACKS.has(n.text)) callbacks.push(n.startIndex);
      else if (n.text === 'IsPkceClientAsync') pkce.push(n.startIndex);
    });
    reportOncePerLine(ctx, callbacks, {
      message: 'IdentityServer4 3.x quickstart code: the per-protocol ProcessLoginCallbackFor* methods were merged in the 4.x quickstart',
      suggestion: `Use one ProcessLoginCallback(AuthenticateResult externalResult, List<Claim> localClaims, AuthenticationProperties localSignInProps) that keeps the "sid" claim and the "id_token" for every provider, ${TEMPLATES}`,
    });
    reportOncePerLine(ctx, pkce, {
      message: 'IdentityServer4 3.x quickstart code: IsPkceClientAsync was replaced in the 4.x quickstart',
      suggestion: `Use context.IsNativeClient() on the AuthorizationRequest (the 4.x quickstart's extension: true when RedirectUri starts with neither "https" nor "http"), ${TEMPLATES}`,
    });
  },
};

export default rule;
