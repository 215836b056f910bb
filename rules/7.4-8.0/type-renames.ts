/**
 * 8.0 renamed three types in place (catalog §4.15 rows 9-10):
 *  - enum Models.AuthorizationError -> Models.InteractionError (same 7 values; ConsentResponse.Error and the deny
 *    methods of IIdentityServerInteractionService take it);
 *  - Validation.DPoPProofValidatonContext -> DPoPProofValidationContext, DPoPProofValidatonResult ->
 *    DPoPProofValidationResult (a typo fix).
 * Matches: the simple name where the file sees the namespace (a using, project usings, or code in that namespace),
 * and qualified names in types and expressions. Rewrites: the name only. Leaves: strings, comments, a file that
 * declares a type of the old name itself, names in other namespaces.
 */
import { isType } from '../../src/engine/cs/duende80';
import { typeRenameRule } from '../../src/engine/cs/type-rename';

export default typeRenameRule({
  id: '7.4-8.0/type-renames',
  title: 'AuthorizationError -> InteractionError, DPoPProofValidaton* -> DPoPProofValidation*',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0#authorizationerror-renamed-to-interactionerror',
  catalog: ['4.15#9', '4.15#10'],
  renames: [
    { from: isType('Models', 'AuthorizationError'), to: 'InteractionError' },
    { from: isType('Validation', 'DPoPProofValidatonContext'), to: 'DPoPProofValidationContext' },
    { from: isType('Validation', 'DPoPProofValidatonResult'), to: 'DPoPProofValidationResult' },
  ],
});
