/**
 * 6.0 added `CancellationToken cancellationToken = default` to TokenCleanupService's virtuals RemoveGrantsAsync,
 * RemoveExpiredPersistedGrantsAsync, RemoveConsumedPersistedGrantsAsync and RemoveDeviceCodesAsync (and to the
 * non-virtual RemoveExpiredGrantsAsync, whose callers compile unchanged). Catalog §4.6 row 9; verified at is/5.2.4 and
 * is/6.0.0 (namespace Duende.IdentityServer.EntityFramework).
 *
 * Rewrites (AUTO, override signal): in a class whose base list names TokenCleanupService, an `override` of one of the
 * four without parameters gets `CancellationToken cancellationToken = default`; a `base.Same()` call inside it passes
 * the token on. `using System.Threading;` is added when the file lacks it.
 */
import { addCancellationToken } from '../../src/engine/cs/optional-token';
import { NS, t } from '../../src/engine/cs/duende-names';
import { derivedMethods } from '../../src/engine/cs/occurrences';
import type { FileRule } from '../../src/engine/rule';

const VIRTUALS = ['RemoveGrantsAsync', 'RemoveExpiredPersistedGrantsAsync', 'RemoveConsumedPersistedGrantsAsync', 'RemoveDeviceCodesAsync'];

const rule: FileRule = {
  id: '5.2-6.0/token-cleanup-overrides',
  title: 'TokenCleanupService overrides take a CancellationToken',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v5_2-to-v6_0',
  kind: 'fix',
  catalog: ['4.6#9'],
  reads: ['csharp'],
  triggers: ['TokenCleanupService'],
  run(ctx) {
    const methods = derivedMethods(ctx, [t(NS.ef, 'TokenCleanupService')], (n) => VIRTUALS.includes(n), true);
    addCancellationToken(ctx, methods.map((m) => m.member), { paramsBefore: 0, forwardBaseCalls: true });
  },
};

export default rule;
