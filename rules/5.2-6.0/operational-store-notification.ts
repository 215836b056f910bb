/**
 * 6.0 added `CancellationToken cancellationToken = default` to IOperationalStoreNotification.PersistedGrantsRemovedAsync
 * and DeviceCodesRemovedAsync (catalog §4.6 row 7; verified at is/5.2.4 and is/6.0.0, namespace
 * Duende.IdentityServer.EntityFramework).
 *
 * Rewrites (AUTO, impl signal): in a class whose base list names IOperationalStoreNotification, those methods with
 * their one old parameter get `CancellationToken cancellationToken = default` (without the default on an explicit
 * interface implementation, where it would have no effect). `using System.Threading;` is added when missing.
 */
import { addCancellationToken } from '../../src/engine/cs/optional-token';
import { NS, t } from '../../src/engine/cs/duende-names';
import { derivedMethods } from '../../src/engine/cs/occurrences';
import type { FileRule } from '../../src/engine/rule';

const MEMBERS = ['PersistedGrantsRemovedAsync', 'DeviceCodesRemovedAsync'];

const rule: FileRule = {
  id: '5.2-6.0/operational-store-notification',
  title: 'IOperationalStoreNotification implementations take a CancellationToken',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v5_2-to-v6_0',
  kind: 'fix',
  catalog: ['4.6#7'],
  reads: ['csharp'],
  triggers: ['IOperationalStoreNotification'],
  run(ctx) {
    const methods = derivedMethods(ctx, [t(NS.ef, 'IOperationalStoreNotification')], (n) => MEMBERS.includes(n), false);
    addCancellationToken(ctx, methods.map((m) => m.member), { paramsBefore: 1, forwardBaseCalls: false });
  },
};

export default rule;
