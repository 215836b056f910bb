/**
 * 8.0 removed Duende.IdentityServer.IClock: 21 public constructors take `TimeProvider` where they took `IClock`, and
 * four more gain a `TimeProvider` parameter (catalog R1, §4.15 rows 2 and 22-23, §5).
 *
 * Matches: a class whose base list names one of these types, and each of its constructors (or its primary
 * constructor) whose `base(...)` call has the 7.4 argument count.
 * Rewrites: the forwarded `IClock x` parameter becomes `TimeProvider x` (name kept); a missing `TimeProvider` is added
 * to the constructor (after its required parameters) and passed at the 8.0 position. `TimeProvider` lives in `System`.
 * Reports instead: a parameter also used outside the base call, other overloads, reordered arguments (ctor-change.ts).
 */
import { ctorChangeRule } from '../../src/engine/cs/factories';
import { CLOCK_CTORS, clockRetype, ctorChange } from '../../src/engine/cs/duende80';

export default ctorChangeRule({
  id: '7.4-8.0/time-provider-ctors',
  title: 'Constructors of classes deriving from IdentityServer services: IClock -> TimeProvider',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0#iclock-replaced-by-timeprovider',
  catalog: ['R1', '4.15#2', '4.15#22', '4.15#23'],
  changes: [
    ...CLOCK_CTORS.map((c) => clockRetype(c.sub, c.name, c.params)),
    // New TimeProvider parameters (before the optional parameters where there are some).
    ctorChange('EntityFramework', 'TokenCleanupService',
      'OperationalStoreOptions options, IPersistedGrantDbContext persistedGrantDbContext, ILogger<TokenCleanupService> logger',
      'OperationalStoreOptions options, IPersistedGrantDbContext persistedGrantDbContext, ILogger<TokenCleanupService> logger, TimeProvider timeProvider'),
    ctorChange('EntityFramework', 'TokenCleanupService',
      'OperationalStoreOptions options, IPersistedGrantDbContext persistedGrantDbContext, ILogger<TokenCleanupService> logger, IOperationalStoreNotification operationalStoreNotification',
      'OperationalStoreOptions options, IPersistedGrantDbContext persistedGrantDbContext, ILogger<TokenCleanupService> logger, TimeProvider timeProvider, IOperationalStoreNotification operationalStoreNotification'),
    ...[
      '',
      ', IServerSideSessionStore serverSideSessionStore',
      ', IServerSideSessionStore serverSideSessionStore, IServerSideTicketStore serverSideTicketStore',
    ].map((optional) =>
      ctorChange('Services', 'DefaultSessionCoordinationService',
        `IdentityServerOptions options, IPersistedGrantStore persistedGrantStore, IClientStore clientStore, IBackChannelLogoutService backChannelLogoutService, ILogger<DefaultSessionCoordinationService> logger${optional}`,
        `IdentityServerOptions options, IPersistedGrantStore persistedGrantStore, IClientStore clientStore, IBackChannelLogoutService backChannelLogoutService, ILogger<DefaultSessionCoordinationService> logger, TimeProvider timeProvider${optional}`),
    ),
    ctorChange('ResponseHandling', 'PushedAuthorizationResponseGenerator',
      'IHandleGenerationService handleGeneration, IdentityServerOptions options, IPushedAuthorizationService pushedAuthorizationService, ILogger<PushedAuthorizationResponseGenerator> logger',
      'IHandleGenerationService handleGeneration, IdentityServerOptions options, IPushedAuthorizationService pushedAuthorizationService, ILogger<PushedAuthorizationResponseGenerator> logger, TimeProvider timeProvider'),
    ctorChange('Configuration.RequestProcessing', 'DynamicClientRegistrationRequestProcessor',
      'IdentityServerConfigurationOptions options, IClientConfigurationStore store',
      'IdentityServerConfigurationOptions options, IClientConfigurationStore store, TimeProvider timeProvider'),
  ],
});
