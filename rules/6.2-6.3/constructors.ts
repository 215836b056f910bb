/**
 * Constructor changes at 6.2 -> 6.3 of library classes that users derive from (catalog §4.9 rows 3, 6, 7 and 9, §5).
 * The hop lands on 6.3.10, so the 6.3.x patch change of DefaultBackChannelLogoutService is included. Verified against
 * is/6.2.0, is/6.2.5, is/6.3.0 and is/6.3.10:
 *  - DefaultRefreshTokenService: `PersistentGrantOptions options` (Duende.IdentityServer.Stores.Serialization) fourth,
 *    before the logger;
 *  - ConfigureAuthenticationOptions<TAuthenticationOptions, TIdentityProvider> (dynamic providers): a logger
 *    `ILogger<ConfigureAuthenticationOptions<…>>` appended (any ILogger<…> of the class is passed, ILogger<T> being
 *    covariant);
 *  - CachingIdentityProviderStore<T>: `ILogger<CachingIdentityProviderStore<T>> logger` appended;
 *  - PostConfigureApplicationCookieTicketStore: `ILogger<PostConfigureApplicationCookieTicketStore> logger` appended to
 *    the three-parameter overload (the (IHttpContextAccessor, string scheme) overload is unchanged);
 *  - DefaultBackChannelLogoutService (6.3.x): `IIssuerNameService issuerNameService` before the logger.
 * TokenCleanupService is 6.2-6.3/token-cleanup-service; LoginPageResult and friends are 6.2-6.3/interaction-page-results.
 *
 * Matches: a class whose base list names the type and its constructors whose `base(...)` forwards the old arguments.
 * Rewrites: adds the parameter (or reuses one of that type), passes it at its position, adds the using.
 */
import { ctorChangeRule } from '../../src/engine/cs/factories';
import { ICache, IHttpContextAccessor, IIssuerNameService, IdentityServerOptions, ILogger, ISystemClock, NS, loggerOfBase, p, t, typeArgument } from '../../src/engine/cs/duende-names';

const IRefreshTokenStore = t(NS.stores, 'IRefreshTokenStore');
const IProfileService = t(NS.services, 'IProfileService');
const refreshBefore = [p('refreshTokenStore', IRefreshTokenStore), p('profile', IProfileService), p('clock', ISystemClock)];
const identityProviderStore = [typeArgument('inner'), p('cache', ICache), p('allCache', ICache), p('options', IdentityServerOptions), p('httpContextAccessor', IHttpContextAccessor)];
const IOptions = t('Microsoft.Extensions.Options', 'IOptions');
const ticketStore = [p('httpContextAccessor', IHttpContextAccessor), p('identityServerOptions', IdentityServerOptions), p('options', IOptions)];
const backChannel = [
  p('clock', ISystemClock), p('tools', t(NS.root, 'IdentityServerTools')), p('logoutNotificationService', t(NS.services, 'ILogoutNotificationService')),
  p('backChannelLogoutHttpClient', t(NS.services, 'IBackChannelLogoutHttpClient')),
];

export default ctorChangeRule({
  id: '6.2-6.3/constructors',
  title: 'DefaultRefreshTokenService, dynamic-provider, ticket-store and back-channel logout subclasses: 6.3 constructors',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_2-to-v6_3',
  catalog: ['4.9#3', '4.9#6', '4.9#7', '4.9#9'],
  changes: [
    {
      base: [t(NS.services, 'DefaultRefreshTokenService')],
      before: [...refreshBefore, p('logger', ILogger)],
      after: [...refreshBefore, p('options', t(NS.serialization, 'PersistentGrantOptions')), p('logger', ILogger)],
    },
    {
      base: [t(NS.dynamicProviders, 'ConfigureAuthenticationOptions')],
      before: [p('httpContextAccessor', IHttpContextAccessor)],
      after: [p('httpContextAccessor', IHttpContextAccessor), loggerOfBase()],
    },
    {
      base: [t(NS.dynamicProviders, 'CachingIdentityProviderStore')],
      before: identityProviderStore,
      after: [...identityProviderStore, loggerOfBase()],
    },
    {
      base: [t(NS.configuration, 'PostConfigureApplicationCookieTicketStore')],
      before: ticketStore,
      after: [...ticketStore, p('logger', ILogger, 'ILogger<PostConfigureApplicationCookieTicketStore>', { anyTypeArguments: true })],
    },
    {
      // The (IHttpContextAccessor, string scheme) overload did not change.
      base: [t(NS.configuration, 'PostConfigureApplicationCookieTicketStore')],
      before: [p('httpContextAccessor', IHttpContextAccessor), p('scheme', t('System', 'String'), 'string')],
      after: [p('httpContextAccessor', IHttpContextAccessor), p('scheme', t('System', 'String'), 'string')],
    },
    {
      base: [t(NS.services, 'DefaultBackChannelLogoutService')],
      before: [...backChannel, p('logger', ILogger)],
      after: [...backChannel, p('issuerNameService', IIssuerNameService), p('logger', ILogger)],
    },
  ],
});
