/**
 * 7.3 removed the protected virtual `DefaultBackChannelLogoutService.SendLogoutNotificationAsync(BackChannelLogoutRequest)`
 * (catalog §4.13 row 1): an override of it no longer compiles. Notifications are sent one by one; the customisation
 * point is `PostLogoutJwt(BackChannelLogoutRequest client, Dictionary<string, string> data)`.
 */
import { derivedMethods } from '../../src/engine/cs/occurrences';
import type { FileRule } from '../../src/engine/rule';

const BASE = { ns: 'Duende.IdentityServer.Services', name: 'DefaultBackChannelLogoutService' };

const rule: FileRule = {
  id: '7.2-7.3/back-channel-logout-override',
  title: 'Overrides of DefaultBackChannelLogoutService.SendLogoutNotificationAsync (removed in 7.3)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_2-to-v7_3',
  kind: 'finding',
  catalog: ['4.13#1'],
  reads: ['csharp'],
  triggers: ['SendLogoutNotificationAsync'],
  run(ctx) {
    for (const m of derivedMethods(ctx, [BASE], 'SendLogoutNotificationAsync', true)) {
      ctx.report(m.name, 'DefaultBackChannelLogoutService.SendLogoutNotificationAsync was removed in 7.3: this override no longer compiles, and notifications are now sent sequentially', {
        severity: 'error',
        suggestion: 'Move the customisation to: protected override Task PostLogoutJwt(BackChannelLogoutRequest client, Dictionary<string, string> data)',
      });
    }
  },
};

export default rule;
