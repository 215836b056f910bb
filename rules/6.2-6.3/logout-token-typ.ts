/**
 * 6.3 sends back-channel logout tokens with the JWT header `typ` = `logout+jwt` (OpenID Connect Back-Channel Logout
 * 1.0), configurable through IdentityServerOptions.LogoutTokenJwtType; 6.2 sent `JWT` (catalog §4.9 row 10,
 * documented; verified in DefaultTokenCreationService and IdentityServerOptions at is/6.3.10). A client that validates
 * the `typ` of logout tokens as `JWT` rejects them.
 *
 * Reports (warning), unless the file sets LogoutTokenJwtType: each client configured in code with a
 * BackChannelLogoutUri (`BackChannelLogoutUri = …` in `new Client { … }`, or `client.BackChannelLogoutUri = …` on a
 * receiver declared Client, namespace Duende.IdentityServer.Models). Clients stored in a database are not visible here.
 */
import { NS, t } from '../../src/engine/cs/duende-names';
import { initializerMembers } from '../../src/engine/cs/occurrences';
import { memberUsesOn } from '../../src/engine/cs/receivers';
import type { Node } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';

const Client = t(NS.models, 'Client');

const rule: FileRule = {
  id: '6.2-6.3/logout-token-typ',
  title: 'Back-channel logout tokens carry typ logout+jwt since 6.3',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_2-to-v6_3',
  kind: 'finding',
  catalog: ['4.9#10'],
  reads: ['csharp'],
  triggers: ['BackChannelLogoutUri'],
  run(ctx) {
    if (ctx.text.includes('LogoutTokenJwtType')) return;
    const at: Node[] = initializerMembers(ctx, [Client], ['BackChannelLogoutUri']).map((i) => i.name);
    for (const u of memberUsesOn(ctx, [Client], 'BackChannelLogoutUri')) {
      const parent = u.access.parent;
      if (parent?.type === 'assignment_expression' && parent.childForFieldName('left')?.equals(u.access)) at.push(u.name);
    }
    for (const n of at.sort((a, b) => a.startIndex - b.startIndex)) {
      ctx.report(n, 'Since 6.3 the logout token sent to this BackChannelLogoutUri has the JWT header typ "logout+jwt" (was "JWT")', {
        severity: 'warning',
        suggestion: 'Make the client accept typ "logout+jwt" (current OIDC client libraries do), or set options.LogoutTokenJwtType = "JWT" in AddIdentityServer(options => …) to keep the old header',
      });
    }
  },
};

export default rule;
