/**
 * 8.0 adds the protocol-agnostic IIdentityServerInteractionService.DenyAuthenticationAsync(IAuthenticationContext,
 * InteractionError, ct, errorDescription) and GetAuthenticationContextAsync(returnUrl, ct) (catalog §4.15 row 8; §8
 * item 8). The upgrade guide renames DenyAuthorizationAsync to DenyAuthenticationAsync; the source keeps
 * DenyAuthorizationAsync(AuthorizationRequest, …), which only forwards to DenyAuthenticationAsync, so the rename changes
 * no behaviour (AuthorizationRequest implements IAuthenticationContext in 8.0).
 *
 * Rewrites (HEUR, listed for review): `x.DenyAuthorizationAsync(` -> `x.DenyAuthenticationAsync(` where x is declared in
 * the file as IIdentityServerInteractionService; not when an argument is named `request:` (the new parameter is
 * `context`). Reports: a class implementing IIdentityServerInteractionService, which must add the two new members.
 */
import type { FileRule } from '../../src/engine/rule';
import { isType } from '../../src/engine/cs/duende80';
import { memberUsesOn } from '../../src/engine/cs/receivers';
import { argsOf, argumentName, typesDerivingFrom } from '../../src/engine/cs/syntax';

const INTERACTION = isType('Services', 'IIdentityServerInteractionService');

const rule: FileRule = {
  id: '7.4-8.0/deny-authentication',
  title: 'DenyAuthorizationAsync -> DenyAuthenticationAsync; custom IIdentityServerInteractionService implementations',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0#authorizationerror-renamed-to-interactionerror',
  kind: 'fix',
  catalog: ['4.15#8'],
  reads: ['csharp'],
  triggers: ['DenyAuthorizationAsync', 'IIdentityServerInteractionService'],
  run(ctx) {
    for (const use of memberUsesOn(ctx, [INTERACTION], 'DenyAuthorizationAsync')) {
      if (!use.call || argsOf(use.args).some((a) => argumentName(a) === 'request')) continue;
      ctx.edit(use.name.startIndex, use.name.endIndex, 'DenyAuthenticationAsync', { review: true });
    }
    for (const { decl, base } of typesDerivingFrom(ctx, [INTERACTION])) {
      ctx.report(base, `${decl.childForFieldName('name')?.text ?? 'this class'} implements IIdentityServerInteractionService, which gains two members in 8.0`, {
        suggestion:
          'Add Task<IAuthenticationContext?> GetAuthenticationContextAsync(string? returnUrl, CancellationToken ct) and Task DenyAuthenticationAsync(IAuthenticationContext context, InteractionError error, CancellationToken ct, string? errorDescription = null), or derive from DefaultIdentityServerInteractionService',
      });
    }
  },
};

export default rule;
