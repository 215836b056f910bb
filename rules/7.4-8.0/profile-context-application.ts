/**
 * 8.0 replaced `Client Client` on ProfileDataRequestContext and IsActiveContext by `IConnectedApplication? Application`
 * (an OIDC Client or a SAML service provider; Client implements it explicitly: Identifier = ClientId, DisplayName =
 * ClientName), and ProfileDataRequestContext.ValidatedRequest by `IValidatedRequest? ProtocolRequest`
 * (catalog §4.15 row 11, §8 item 9).
 *
 * Rewrites (HEUR, for review), where the receiver is declared in the file as ProfileDataRequestContext or
 * IsActiveContext (e.g. the `context` parameter of IProfileService.GetProfileDataAsync / IsActiveAsync):
 *   context.Client.ClientId   -> context.Application!.Identifier
 *   context.Client.ClientName -> context.Application!.DisplayName
 * `!.` rather than `?.`: Client was non-nullable, so this keeps the value's type and nullability (no new nullable
 * warnings, chains like `.StartsWith(…)` keep compiling) and fails where the old code failed.
 * Reports: any other use of `.Client` (suggesting `(context.Application as Client)?.X`, which is null for SAML service
 * providers), assignments of Client (use the constructor taking an IConnectedApplication), and `.ValidatedRequest`.
 */
import type { Node } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';
import { isType } from '../../src/engine/cs/duende80';
import { initializerMembers } from '../../src/engine/cs/occurrences';
import { memberUsesOn } from '../../src/engine/cs/receivers';

const CONTEXTS = [isType('Models', 'ProfileDataRequestContext'), isType('Models', 'IsActiveContext')];
const RENAMES: Record<string, string> = { ClientId: 'Identifier', ClientName: 'DisplayName' };
const DOCS = 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0#profiledatarequestcontextclient-renamed-to-profiledatarequestcontextapplication';

const rule: FileRule = {
  id: '7.4-8.0/profile-context-application',
  title: 'ProfileDataRequestContext / IsActiveContext: Client -> Application, ValidatedRequest -> ProtocolRequest',
  docs: DOCS,
  kind: 'fix',
  catalog: ['4.15#11'],
  reads: ['csharp'],
  triggers: ['ProfileDataRequestContext', 'IsActiveContext'],
  run(ctx) {
    for (const use of memberUsesOn(ctx, CONTEXTS, 'Client')) {
      const outer = use.access.parent;
      const member = outer?.type === 'member_access_expression' && outer.childForFieldName('expression')?.equals(use.access) ? outer.childForFieldName('name') : undefined;
      const to = member && RENAMES[member.text];
      if (to && !assigned(use.access)) {
        ctx.edit(use.name.startIndex, member!.endIndex, `Application!.${to}`, { review: true });
        continue;
      }
      const what = assigned(use.access) ? 'is assigned' : member ? `.${member.text} is read` : 'is used';
      ctx.report(use.name, `${use.type.name}.Client is removed in 8.0 (it is Application, an IConnectedApplication?); here Client ${what}`, {
        suggestion: assigned(use.access)
          ? `Construct the context with new ${use.type.name}(subject, application, caller${use.type.name === 'IsActiveContext' ? '' : ', requestedClaimTypes'}) or set Application`
          : 'Use context.Application (Identifier, DisplayName, Description, Enabled, RequireConsent, ProtocolType), or (context.Application as Client)?.X for OIDC-only data (null for SAML service providers)',
      });
    }
    for (const i of initializerMembers(ctx, CONTEXTS, ['Client'])) {
      ctx.report(i.name, 'Client is removed from this context in 8.0', { suggestion: 'Set Application = client (Client implements IConnectedApplication), or use the constructor taking an IConnectedApplication' });
    }
    for (const use of memberUsesOn(ctx, [CONTEXTS[0]], 'ValidatedRequest')) {
      ctx.report(use.name, 'ProfileDataRequestContext.ValidatedRequest is removed in 8.0: it is ProtocolRequest, an IValidatedRequest? (null or not a ValidatedRequest for SAML)', {
        suggestion: 'Use context.ProtocolRequest, or (context.ProtocolRequest as ValidatedRequest)?.X for OIDC-only data',
      });
    }
  },
};

export default rule;

/** The access is the left side of an assignment (or ref/out). */
function assigned(access: Node): boolean {
  const p = access.parent;
  if (p?.type === 'assignment_expression' && p.childForFieldName('left')?.equals(access)) return true;
  const outer = p?.type === 'member_access_expression' ? p.parent : undefined;
  return outer?.type === 'assignment_expression' && !!outer.childForFieldName('left')?.equals(p!);
}
