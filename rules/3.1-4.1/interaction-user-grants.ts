/**
 * IIdentityServerInteractionService in 4.0 (catalog §4.1 row 8, and the new interface member of row 6).
 *
 * Rewrites (review): `i.GetAllUserConsentsAsync()` → `i.GetAllUserGrantsAsync()` where `i` is declared in the file as
 * an IIdentityServerInteractionService. The result's elements are `Grant` now (same SubjectId, ClientId, Scopes,
 * CreationTime, Expiration, plus Description), so code that names `Consent` in such a file gets a finding.
 * Reports classes implementing IIdentityServerInteractionService: GetAllUserConsentsAsync became
 * GetAllUserGrantsAsync (returning Grant), and DenyAuthorizationAsync is a new member.
 */
import type { FileRule } from '../../src/engine/rule';
import { reportOncePerLine } from '../../src/engine/cs/factories';
import { typeReferences } from '../../src/engine/cs/occurrences';
import { memberUsesOnNames, typedNames } from '../../src/engine/cs/typed-names';
import { declName, methodsNamed, typesDerivingFrom, type TypeName } from '../../src/engine/cs/syntax';

const INTERACTION: TypeName = { ns: 'IdentityServer4.Services', name: 'IIdentityServerInteractionService' };
const CONSENT: TypeName = { ns: 'IdentityServer4.Models', name: 'Consent' };

const rule: FileRule = {
  id: '3.1-4.1/interaction-user-grants',
  title: 'GetAllUserConsentsAsync → GetAllUserGrantsAsync (Consent → Grant); DenyAuthorizationAsync for implementers',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/',
  kind: 'fix',
  catalog: ['4.1#8'],
  reads: ['csharp'],
  triggers: ['GetAllUserConsentsAsync', 'IIdentityServerInteractionService'],
  run(ctx) {
    const uses = memberUsesOnNames(ctx, typedNames(ctx, [INTERACTION]), 'GetAllUserConsentsAsync');
    for (const use of uses) ctx.edit(use.name.startIndex, use.name.endIndex, 'GetAllUserGrantsAsync', { review: true });
    if (uses.length) {
      reportOncePerLine(ctx, typeReferences(ctx, CONSENT).map((n) => n.startIndex), {
        message: 'GetAllUserGrantsAsync returns Grant objects (4.0), not Consent',
        suggestion: 'Use IdentityServer4.Models.Grant here (it has the same SubjectId, ClientId, Scopes, CreationTime and Expiration, plus Description)',
      });
    }
    for (const { decl } of typesDerivingFrom(ctx, [INTERACTION])) {
      const old = methodsNamed(decl, 'GetAllUserConsentsAsync')[0];
      const missingDeny = methodsNamed(decl, 'DenyAuthorizationAsync').length === 0;
      if (!old && !missingDeny) continue;
      ctx.report(old?.childForFieldName('name') ?? decl.childForFieldName('name') ?? decl, `${declName(decl)} implements IIdentityServerInteractionService, which changed in 4.0`, {
        severity: 'warning',
        suggestion: [
          old ? 'replace GetAllUserConsentsAsync with Task<IEnumerable<Grant>> GetAllUserGrantsAsync()' : '',
          missingDeny ? 'add Task DenyAuthorizationAsync(AuthorizationRequest request, AuthorizationError error, string errorDescription = null)' : '',
        ].filter(Boolean).join('; '),
      });
    }
  },
};

export default rule;
