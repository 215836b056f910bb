/**
 * `AuthorizationRequest` / `DeviceFlowAuthorizationRequest` members removed in 4.0 (catalog §4.1 row 5).
 *
 * Matches: `x.ClientId`, `x.ScopesRequested`, `x.PromptMode` (also `x?.M`, `this.x.M`) where every declaration of `x`
 * in the file is an AuthorizationRequest / DeviceFlowAuthorizationRequest (IdentityServer4.Models), or
 * `var x = await _interaction.GetAuthorizationContextAsync(...)` on an IIdentityServerInteractionService (device flow:
 * IDeviceFlowInteractionService) declared in the file.
 * Rewrites (review): reads of `.ClientId` → `.Client.ClientId`, of `.ScopesRequested` → `.ValidatedResources.RawScopeValues`.
 * Reports: `.PromptMode` (now `PromptModes`, a list), assignments to the removed members and object initializers
 * that set them.
 */
import type { FileRule } from '../../src/engine/rule';
import { initializerMembers } from '../../src/engine/cs/occurrences';
import { memberUsesOnNames, typedNames, type Producer } from '../../src/engine/cs/typed-names';
import type { TypeName } from '../../src/engine/cs/syntax';

const AUTH: TypeName = { ns: 'IdentityServer4.Models', name: 'AuthorizationRequest' };
const DEVICE: TypeName = { ns: 'IdentityServer4.Models', name: 'DeviceFlowAuthorizationRequest' };
const PRODUCERS: Producer[] = [
  { on: [{ ns: 'IdentityServer4.Services', name: 'IIdentityServerInteractionService' }], method: 'GetAuthorizationContextAsync', returns: AUTH },
  { on: [{ ns: 'IdentityServer4.Services', name: 'IDeviceFlowInteractionService' }], method: 'GetAuthorizationContextAsync', returns: DEVICE },
];
const RENAMES: Record<string, string> = { ClientId: 'Client.ClientId', ScopesRequested: 'ValidatedResources.RawScopeValues' };

const rule: FileRule = {
  id: '3.1-4.1/authorization-context',
  title: 'AuthorizationRequest: ClientId → Client.ClientId, ScopesRequested → ValidatedResources.RawScopeValues, PromptMode → PromptModes',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/',
  kind: 'fix',
  catalog: ['4.1#5'],
  reads: ['csharp'],
  triggers: ['ClientId', 'ScopesRequested', 'PromptMode'],
  run(ctx) {
    const names = typedNames(ctx, [AUTH, DEVICE], PRODUCERS);
    for (const use of memberUsesOnNames(ctx, names, (m) => m in RENAMES || m === 'PromptMode')) {
      const member = use.name.text;
      if (member === 'PromptMode') {
        if (use.type !== AUTH) continue;
        ctx.report(use.name, 'AuthorizationRequest.PromptMode was removed in 4.0: PromptModes lists the requested prompt values', {
          severity: 'warning',
          suggestion: `Use ${use.receiver.text}.PromptModes (IEnumerable<string>), e.g. ${use.receiver.text}.PromptModes.Contains("login")`,
        });
      } else if (use.assigned) {
        ctx.report(use.name, `${use.type.name}.${member} was removed in 4.0; it is read from ${RENAMES[member]} now`, {
          severity: 'warning',
          suggestion: `Set ${RENAMES[member].split('.')[0]} instead`,
        });
      } else ctx.edit(use.name.startIndex, use.name.endIndex, RENAMES[member], { review: true });
    }
    for (const m of initializerMembers(ctx, [AUTH, DEVICE], ['ClientId', 'ScopesRequested', 'PromptMode'])) {
      const to = m.name.text === 'PromptMode' ? 'PromptModes' : RENAMES[m.name.text];
      ctx.report(m.name, `${m.name.text} was removed from the authorization request in 4.0`, { severity: 'warning', suggestion: `Set ${to.split('.')[0]} instead` });
    }
  },
};

export default rule;
