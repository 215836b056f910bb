/**
 * 6.2 fixed the spelling of Duende.IdentityServer.Validation.BackchannelAuthenticationUserValidatonResult ->
 * BackchannelAuthenticationUserValidationResult; IBackchannelAuthenticationUserValidator.ValidateRequestAsync returns
 * the new name (catalog §4.8 row 1, not in the upgrade guide; verified at is/6.1.8 and is/6.2.0, same namespace).
 *
 * Rewrites (AUTO): every reference to the old type (simple name where the file imports Duende.IdentityServer.Validation,
 * qualified names, `new`, generic arguments such as Task<…>), never strings, comments or a type of the user's own.
 */
import { NS, t } from '../../src/engine/cs/duende-names';
import { typeReferences } from '../../src/engine/cs/occurrences';
import type { FileRule } from '../../src/engine/rule';

const OLD = 'BackchannelAuthenticationUserValidatonResult';
const NEW = 'BackchannelAuthenticationUserValidationResult';

const rule: FileRule = {
  id: '6.1-6.2/backchannel-user-validation-result',
  title: 'BackchannelAuthenticationUserValidatonResult renamed BackchannelAuthenticationUserValidationResult',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_1-to-v6_2',
  kind: 'fix',
  catalog: ['4.8#1'],
  reads: ['csharp'],
  triggers: [OLD],
  run(ctx) {
    for (const ref of typeReferences(ctx, t(NS.validation, OLD))) {
      const name = ref.type === 'identifier' ? ref : ref.childForFieldName('name');
      if (name?.text === OLD) ctx.edit(name.startIndex, name.endIndex, NEW);
    }
  },
};

export default rule;
