/**
 * 6.0 removed Duende.IdentityServer.Services.KeyManagement.INewKeyLock, DefaultKeyLock and NopKeyLock; the general
 * Duende.IdentityServer.Internal.IConcurrencyLock<T> with DefaultConcurrencyLock<T> / NopConcurrencyLock<T> replaces
 * them, and KeyManager takes an IConcurrencyLock<KeyManager> (catalog §4.6 row 4; verified at is/5.2.4 and is/6.0.0).
 * KeyManager subclasses are rewritten by 5.2-6.0/constructors.
 *
 * Reports (REPORT): every reference to the three removed types (simple names where the file imports
 * Duende.IdentityServer.Services.KeyManagement, or qualified), e.g. a custom lock registered for key management.
 */
import { typeFindingRule } from '../../src/engine/cs/factories';
import { NS, t } from '../../src/engine/cs/duende-names';

export default typeFindingRule({
  id: '5.2-6.0/key-lock',
  title: 'INewKeyLock / DefaultKeyLock / NopKeyLock removed: use IConcurrencyLock<T>',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v5_2-to-v6_0',
  catalog: ['4.6#4'],
  types: [
    {
      type: t(NS.keyManagement, 'INewKeyLock'),
      message: 'INewKeyLock was removed in 6.0',
      suggestion: 'Implement Duende.IdentityServer.Internal.IConcurrencyLock<KeyManager> (LockAsync(int millisecondsTimeout) / Unlock()) and register it for IConcurrencyLock<KeyManager>',
    },
    {
      type: t(NS.keyManagement, 'DefaultKeyLock'),
      message: 'DefaultKeyLock was removed in 6.0',
      suggestion: 'Use Duende.IdentityServer.Internal.DefaultConcurrencyLock<KeyManager>',
    },
    {
      type: t(NS.keyManagement, 'NopKeyLock'),
      message: 'NopKeyLock was removed in 6.0',
      suggestion: 'Use Duende.IdentityServer.Internal.NopConcurrencyLock<KeyManager>',
    },
  ],
});
