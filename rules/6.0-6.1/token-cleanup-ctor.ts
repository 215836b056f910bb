/**
 * 6.1 inserted `IServerSideSessionsMarker serverSideSessionsMarker = null` before `IOperationalStoreNotification
 * operationalStoreNotification = null` in TokenCleanupService's constructor (catalog §4.7 row 1, §5; verified at
 * is/6.0.5 and is/6.1.0): a fourth positional argument, meant as the notification, now binds to the marker and fails to
 * compile.
 *
 * Rewrites (AUTO): in `base(...)` of a class deriving from TokenCleanupService, or in `new TokenCleanupService(...)`,
 * with exactly four arguments and a positional fourth, the fourth is named: `operationalStoreNotification: x`. This
 * binds as before in 6.1-6.2 and stays valid when 6.3 removes the marker. Adding a marker parameter instead would need
 * server-side sessions to be registered for DI to build the class.
 */
import { cleanupCalls } from '../../src/engine/cs/token-cleanup';
import type { FileRule } from '../../src/engine/rule';

const rule: FileRule = {
  id: '6.0-6.1/token-cleanup-ctor',
  title: 'TokenCleanupService constructor: pass the notification by name',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_0-to-v6_1',
  kind: 'fix',
  catalog: ['4.7#1'],
  reads: ['csharp'],
  triggers: ['TokenCleanupService'],
  run(ctx) {
    for (const c of cleanupCalls(ctx)) {
      if (c.args.length !== 4 || c.args[3].childForFieldName('name')) continue;
      ctx.edit(c.args[3].startIndex, c.args[3].startIndex, 'operationalStoreNotification: ');
    }
  },
};

export default rule;
