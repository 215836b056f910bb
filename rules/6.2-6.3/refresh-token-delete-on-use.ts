/**
 * 6.3 deletes a one-time-only refresh token when it is used (PersistentGrantOptions.DeleteOneTimeOnlyRefreshTokensOnUse,
 * default true, set through IdentityServerOptions.PersistentGrants); up to 6.2 it stayed in the store with
 * ConsumedTime set (catalog §4.9 row 10, documented; verified in DefaultRefreshTokenService at is/6.2.5 and is/6.3.10).
 * A used token therefore no longer reaches DefaultRefreshTokenService.AcceptConsumedTokenAsync, which was the hook for
 * accepting a consumed token again (e.g. a grace period for clients that retry a refresh).
 *
 * Reports:
 *  - warning: an `override` of AcceptConsumedTokenAsync in a class deriving from DefaultRefreshTokenService;
 *  - info: `AddIdentityServer(…)` in a file that never mentions DeleteOneTimeOnlyRefreshTokensOnUse (the host's
 *    setup, where the option would be set), so the new default is a decision, not a surprise.
 */
import { callsNamed } from '../../src/engine/cs/calls';
import { NS, t } from '../../src/engine/cs/duende-names';
import { derivedMethods } from '../../src/engine/cs/occurrences';
import type { FileRule } from '../../src/engine/rule';

const OPTION = 'DeleteOneTimeOnlyRefreshTokensOnUse';
const KEEP = `options.PersistentGrants.${OPTION} = false`;

const rule: FileRule = {
  id: '6.2-6.3/refresh-token-delete-on-use',
  title: 'One-time-only refresh tokens are deleted on use since 6.3',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_2-to-v6_3',
  kind: 'finding',
  catalog: ['4.9#10'],
  reads: ['csharp'],
  triggers: ['AcceptConsumedTokenAsync', 'AddIdentityServer'],
  actsWithoutLibraryNamespace: true,
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    for (const m of derivedMethods(ctx, [t(NS.services, 'DefaultRefreshTokenService')], 'AcceptConsumedTokenAsync', true)) {
      ctx.report(m.name, `AcceptConsumedTokenAsync no longer sees consumed one-time-only refresh tokens: since 6.3 they are deleted on use (${OPTION} defaults to true)`, {
        severity: 'warning',
        suggestion: `Set ${KEEP} in AddIdentityServer(options => …) to keep used tokens marked as consumed, as before`,
      });
    }
    if (ctx.text.includes(OPTION)) return;
    const setup = callsNamed(root, 'AddIdentityServer').filter((c) => c.receiver);
    if (setup.length) {
      ctx.report(setup[0].name, `Since 6.3 a one-time-only refresh token is deleted when used instead of being kept with ConsumedTime set (${OPTION} defaults to true)`, {
        severity: 'info',
        suggestion: `Keep the default, or set ${KEEP} if anything relies on consumed tokens staying in the store (replay detection, audits, a consumed-token grace period)`,
      });
    }
  },
};

export default rule;
