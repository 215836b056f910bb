/**
 * 6.3 changed ITokenRequestValidator.ValidateRequestAsync(NameValueCollection parameters, ClientSecretValidationResult
 * clientValidationResult) to ValidateRequestAsync(TokenRequestValidationContext context) (namespace
 * Duende.IdentityServer.Validation; members RequestParameters, ClientValidationResult, ClientCertificate,
 * DPoPProofToken). Catalog §4.9 row 4; verified at is/6.2.5 and is/6.3.0.
 *
 * Rewrites (HEUR, listed for review; call(recv: ITokenRequestValidator)): `validator.ValidateRequestAsync(p, c)` ->
 * `validator.ValidateRequestAsync(new TokenRequestValidationContext { RequestParameters = p, ClientValidationResult = c })`.
 * Reports: implementations of ITokenRequestValidator.ValidateRequestAsync with the two old parameters.
 */
import { wrapArgumentsInto } from '../../src/engine/cs/calls';
import { NS, t } from '../../src/engine/cs/duende-names';
import { derivedMethods } from '../../src/engine/cs/occurrences';
import { memberUsesOn } from '../../src/engine/cs/receivers';
import { fileSees, paramsOf } from '../../src/engine/cs/syntax';
import { addUsings } from '../../src/engine/namespace-rename';
import type { FileRule } from '../../src/engine/rule';

const ITokenRequestValidator = t(NS.validation, 'ITokenRequestValidator');

const rule: FileRule = {
  id: '6.2-6.3/token-request-validation-context',
  title: 'ITokenRequestValidator.ValidateRequestAsync takes a TokenRequestValidationContext',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_2-to-v6_3',
  kind: 'fix',
  review: true,
  catalog: ['4.9#4'],
  reads: ['csharp'],
  triggers: ['ITokenRequestValidator'],
  run(ctx) {
    let wrapped = false;
    for (const use of memberUsesOn(ctx, [ITokenRequestValidator], 'ValidateRequestAsync')) {
      if (use.args && wrapArgumentsInto(ctx, use.args, 'TokenRequestValidationContext', ['RequestParameters', 'ClientValidationResult'], { review: true })) wrapped = true;
    }
    if (wrapped && !fileSees(ctx, NS.validation)) addUsings(ctx, [NS.validation]);
    for (const m of derivedMethods(ctx, [ITokenRequestValidator], 'ValidateRequestAsync', false)) {
      if (paramsOf(m.member.childForFieldName('parameters')).length !== 2) continue;
      ctx.report(m.name, 'ITokenRequestValidator.ValidateRequestAsync takes a TokenRequestValidationContext since 6.3', {
        severity: 'warning',
        suggestion: 'Implement `Task<TokenRequestValidationResult> ValidateRequestAsync(TokenRequestValidationContext context)` and read context.RequestParameters and context.ClientValidationResult',
      });
    }
  },
};

export default rule;
