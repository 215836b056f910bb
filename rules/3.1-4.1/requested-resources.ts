/**
 * `ProfileDataRequestContext.RequestedResources` is a ResourceValidationResult since 4.0 (was Resources)
 * (catalog §4.1 row 12); `TokenCreationRequest.Resources` was removed for `ValidatedResources` (same change, TSV).
 *
 * Rewrites (review): `context.RequestedResources.IdentityResources` (and `.ApiResources`, `.OfflineAccess`) →
 * `context.RequestedResources.Resources.IdentityResources`, where `context` is declared in the file as a
 * ProfileDataRequestContext (the parameter of IProfileService.GetProfileDataAsync, usually).
 * Reports other uses of `RequestedResources` on such a receiver (passing it on, extension methods on Resources),
 * and `.Resources` on a TokenCreationRequest.
 */
import type { FileRule } from '../../src/engine/rule';
import { reportOncePerLine } from '../../src/engine/cs/factories';
import { initializerMembers } from '../../src/engine/cs/occurrences';
import { memberUsesOnNames, typedNames } from '../../src/engine/cs/typed-names';
import type { TypeName } from '../../src/engine/cs/syntax';

const PROFILE_CONTEXT: TypeName = { ns: 'IdentityServer4.Models', name: 'ProfileDataRequestContext' };
const TOKEN_REQUEST: TypeName = { ns: 'IdentityServer4.Models', name: 'TokenCreationRequest' };
const RESOURCES_MEMBERS = new Set(['IdentityResources', 'ApiResources', 'OfflineAccess']);

const rule: FileRule = {
  id: '3.1-4.1/requested-resources',
  title: 'ProfileDataRequestContext.RequestedResources is a ResourceValidationResult: .X → .Resources.X',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/',
  kind: 'fix',
  catalog: ['4.1#12'],
  reads: ['csharp'],
  triggers: ['RequestedResources', 'TokenCreationRequest'],
  run(ctx) {
    const contexts = typedNames(ctx, [PROFILE_CONTEXT]);
    const other: number[] = [];
    for (const use of memberUsesOnNames(ctx, contexts, 'RequestedResources')) {
      const outer = use.access.parent;
      const member = outer?.type === 'member_access_expression' && outer.childForFieldName('expression')?.equals(use.access) ? outer.childForFieldName('name') : null;
      if (member && RESOURCES_MEMBERS.has(member.text) && !use.assigned) ctx.edit(member.startIndex, member.startIndex, 'Resources.', { review: true });
      else if (!member || member.text !== 'Resources') other.push(use.name.startIndex);
    }
    reportOncePerLine(ctx, other, {
      message: 'ProfileDataRequestContext.RequestedResources is a ResourceValidationResult since 4.0 (it was Resources)',
      suggestion: 'Use RequestedResources.Resources for the Resources, RequestedResources.RawScopeValues for the requested scope names',
    });
    const tokenRequests = typedNames(ctx, [TOKEN_REQUEST]);
    reportOncePerLine(
      ctx,
      [...memberUsesOnNames(ctx, tokenRequests, 'Resources').map((u) => u.name.startIndex), ...initializerMembers(ctx, [TOKEN_REQUEST], ['Resources']).map((m) => m.name.startIndex)],
      {
        message: 'TokenCreationRequest.Resources was removed in 4.0: it carries ValidatedResources (a ResourceValidationResult)',
        suggestion: 'Use ValidatedResources (ValidatedResources.Resources for the Resources)',
      },
    );
  },
};

export default rule;
