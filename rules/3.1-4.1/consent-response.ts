/**
 * Consent in 4.0 (catalog §4.1 rows 6 and 7).
 *
 * Row 6: the static `ConsentResponse.Denied` is gone; a denial is `DenyAuthorizationAsync(request,
 * AuthorizationError.AccessDenied)` on IIdentityServerInteractionService, or a ConsentResponse carrying an Error.
 *   - `i.GrantConsentAsync(ctx, ConsentResponse.Denied)` with `i` declared in the file as an
 *     IIdentityServerInteractionService → `i.DenyAuthorizationAsync(ctx, AuthorizationError.AccessDenied)` (review);
 *   - any other `ConsentResponse.Denied` → `new ConsentResponse { Error = AuthorizationError.AccessDenied }` (review),
 *     which is what GrantConsentAsync turns into the same denial.
 * Row 7: `ConsentResponse.ScopesConsented` → `ScopesValuesConsented`: in `new ConsentResponse { ... }` (AUTO) and on
 * names declared in the file as ConsentResponse (review).
 * `ConsentResponse` must name IdentityServer4.Models.ConsentResponse (a using, or the qualified name).
 */
import { walk, type Node } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';
import { initializerMembers } from '../../src/engine/cs/occurrences';
import { memberUsesOnNames, typedNames } from '../../src/engine/cs/typed-names';
import { argsOf, argumentValue, declaredTypeNames, dotted, fileSees, type TypeName } from '../../src/engine/cs/syntax';

const MODELS = 'IdentityServer4.Models';
const CONSENT_RESPONSE: TypeName = { ns: MODELS, name: 'ConsentResponse' };
const INTERACTION: TypeName = { ns: 'IdentityServer4.Services', name: 'IIdentityServerInteractionService' };

const rule: FileRule = {
  id: '3.1-4.1/consent-response',
  title: 'ConsentResponse.Denied → DenyAuthorizationAsync / Error = AccessDenied; ScopesConsented → ScopesValuesConsented',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/',
  kind: 'fix',
  catalog: ['4.1#6', '4.1#7'],
  reads: ['csharp'],
  triggers: ['ConsentResponse', 'ScopesConsented'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    // A ConsentResponse the file declares itself wins over the imported one: its `.Denied` is the user's.
    const sees = fileSees(ctx, MODELS) && !declaredTypeNames(root).has('ConsentResponse');
    const isDenied = (n: Node | undefined) => {
      if (n?.type !== 'member_access_expression' || n.childForFieldName('name')?.text !== 'Denied') return false;
      const owner = dotted(n.childForFieldName('expression')!);
      return owner === `${MODELS}.ConsentResponse` || (sees && owner === 'ConsentResponse');
    };
    const error = (n: Node) => (dotted(n.childForFieldName('expression')!) === 'ConsentResponse' ? 'AuthorizationError' : `${MODELS}.AuthorizationError`);

    const interactions = typedNames(ctx, [INTERACTION]);
    const denials = new Set<number>();
    for (const use of memberUsesOnNames(ctx, interactions, 'GrantConsentAsync')) {
      const args = argsOf(use.args);
      const consent = args.length === 2 && !args.some((a) => a.childForFieldName('name')) ? argumentValue(args[1]) : undefined;
      if (!consent || !isDenied(consent)) continue;
      denials.add(consent.startIndex);
      ctx.edit(use.name.startIndex, use.name.endIndex, 'DenyAuthorizationAsync', { review: true });
      ctx.edit(consent.startIndex, consent.endIndex, `${error(consent)}.AccessDenied`, { review: true });
    }
    walk(root, (n) => {
      if (!isDenied(n) || denials.has(n.startIndex)) return;
      const type = dotted(n.childForFieldName('expression')!) === 'ConsentResponse' ? 'ConsentResponse' : `${MODELS}.ConsentResponse`;
      ctx.edit(n.startIndex, n.endIndex, `new ${type} { Error = ${error(n)}.AccessDenied }`, { review: true });
      return false;
    });

    for (const m of initializerMembers(ctx, [CONSENT_RESPONSE], ['ScopesConsented'])) ctx.edit(m.name.startIndex, m.name.endIndex, 'ScopesValuesConsented');
    for (const use of memberUsesOnNames(ctx, typedNames(ctx, [CONSENT_RESPONSE]), 'ScopesConsented')) {
      ctx.edit(use.name.startIndex, use.name.endIndex, 'ScopesValuesConsented', { review: true });
    }
  },
};

export default rule;
