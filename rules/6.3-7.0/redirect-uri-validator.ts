/**
 * Redirect URI validation at 7.0 (catalog §4.10 row 12, verified against is/6.3.0 and is/7.0.0): the
 * `IRedirectUriValidator.IsRedirectUriValidAsync(string requestedUri, Client client)` overload is [Obsolete] in favour
 * of `IsRedirectUriValidAsync(RedirectUriValidationContext)`, which IdentityServer now calls; and
 * StrictRedirectUriValidatorAppAuth moved its override (the loopback rule for native apps) to the context overload.
 * Findings:
 *  - a call of the old overload on a receiver declared IRedirectUriValidator: the replacement call, written out (info);
 *  - an override of the old overload in a StrictRedirectUriValidatorAppAuth subclass: its `base.` call no longer runs
 *    the AppAuth loopback rule, and IdentityServer reaches it only through the base class's context overload (warning).
 */
import { derivedMethods } from '../../src/engine/cs/occurrences';
import { memberUsesOn } from '../../src/engine/cs/receivers';
import { argsOf, argumentName, paramsOf, type TypeName } from '../../src/engine/cs/syntax';
import type { FileRule } from '../../src/engine/rule';

const Validation = 'Duende.IdentityServer.Validation';
const VALIDATOR: TypeName = { ns: Validation, name: 'IRedirectUriValidator' };
const APP_AUTH: TypeName = { ns: Validation, name: 'StrictRedirectUriValidatorAppAuth' };
const METHOD = 'IsRedirectUriValidAsync';

const rule: FileRule = {
  id: '6.3-7.0/redirect-uri-validator',
  title: 'IsRedirectUriValidAsync(string, Client) is obsolete at 7.0; StrictRedirectUriValidatorAppAuth overrides the context overload',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_3-to-v7_0',
  kind: 'finding',
  catalog: ['4.10#12'],
  reads: ['csharp'],
  triggers: [METHOD],
  run(ctx) {
    for (const use of memberUsesOn(ctx, [VALIDATOR], METHOD)) {
      const args = use.args ? argsOf(use.args) : [];
      if (args.length !== 2 || args.some((a) => argumentName(a))) continue;
      ctx.report(use.access, 'IRedirectUriValidator.IsRedirectUriValidAsync(string, Client) is obsolete since IdentityServer 7.0', {
        severity: 'info',
        suggestion: `call \`${use.receiver.text}.${METHOD}(new RedirectUriValidationContext { RequestedUri = ${args[0].text}, Client = ${args[1].text} })\``,
      });
    }
    for (const d of derivedMethods(ctx, [APP_AUTH], METHOD, true)) {
      if (paramsOf(d.member.childForFieldName('parameters')).length !== 2) continue;
      ctx.report(d.name, 'StrictRedirectUriValidatorAppAuth overrides IsRedirectUriValidAsync(RedirectUriValidationContext) since IdentityServer 7.0; base.IsRedirectUriValidAsync(uri, client) no longer applies its loopback rule', {
        severity: 'warning',
        suggestion: 'override `Task<bool> IsRedirectUriValidAsync(RedirectUriValidationContext context)` instead and call base.IsRedirectUriValidAsync(context)',
      });
    }
  },
};

export default rule;
