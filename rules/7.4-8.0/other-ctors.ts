/**
 * The remaining 8.0 constructor changes of classes users derive from (catalog §4.15 rows 23-24, §5):
 *  - EndSessionRequestValidator gains `ISamlLogoutNotificationService samlLogoutNotificationService` and
 *    `TimeProvider timeProvider` after `logoutNotificationService` (and an optional SAML store, not passed here);
 *  - ServerSideTicketStore gains `IPersistedGrantStore persistedGrantStore` after `store`, and `TimeProvider` last;
 *  - NonCachingIdentityProviderStore<T> takes `(T inner, IdentityProviderOptionsMonitorCache optionsMonitorCache, ILogger<…> logger)`;
 *  - ConfigureSecurityStampValidatorOptions (AspNetIdentity, primary constructor) gains `IHttpContextAccessor`.
 * Same matching, rewriting and reporting as every ctorChangeRule (src/engine/cs/ctor-change.ts); new parameters are
 * services IdentityServer registers, so adding them to a DI-constructed class is safe.
 */
import { ctorChangeRule } from '../../src/engine/cs/factories';
import { ctorChange } from '../../src/engine/cs/duende80';

export default ctorChangeRule({
  id: '7.4-8.0/other-ctors',
  title: 'Constructors of classes deriving from EndSessionRequestValidator, ServerSideTicketStore, NonCachingIdentityProviderStore<T>, ConfigureSecurityStampValidatorOptions',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0',
  catalog: ['4.15#23', '4.15#24'],
  changes: [
    ctorChange('Validation', 'EndSessionRequestValidator',
      'IdentityServerOptions options, ITokenValidator tokenValidator, IRedirectUriValidator uriValidator, IUserSession userSession, ILogoutNotificationService logoutNotificationService, IMessageStore<LogoutNotificationContext> endSessionMessageStore, ILogger<EndSessionRequestValidator> logger',
      'IdentityServerOptions options, ITokenValidator tokenValidator, IRedirectUriValidator uriValidator, IUserSession userSession, ILogoutNotificationService logoutNotificationService, ISamlLogoutNotificationService samlLogoutNotificationService, TimeProvider timeProvider, IMessageStore<LogoutNotificationContext> endSessionMessageStore, ILogger<EndSessionRequestValidator> logger'),
    ctorChange('Stores', 'ServerSideTicketStore',
      'IdentityServerOptions options, IIssuerNameService issuerNameService, IServerSideSessionStore store, IDataProtectionProvider dataProtectionProvider, IHttpContextAccessor httpContextAccessor, ILogger<ServerSideTicketStore> logger',
      'IdentityServerOptions options, IIssuerNameService issuerNameService, IServerSideSessionStore store, IPersistedGrantStore persistedGrantStore, IDataProtectionProvider dataProtectionProvider, IHttpContextAccessor httpContextAccessor, ILogger<ServerSideTicketStore> logger, TimeProvider timeProvider'),
    ctorChange('Hosting.DynamicProviders', 'NonCachingIdentityProviderStore',
      'T inner, IdentityServerOptions options, IHttpContextAccessor httpContextAccessor, ILogger<NonCachingIdentityProviderStore<T>> logger',
      'T inner, IdentityProviderOptionsMonitorCache optionsMonitorCache, ILogger<NonCachingIdentityProviderStore<T>> logger'),
    ctorChange('AspNetIdentity', 'ConfigureSecurityStampValidatorOptions', 'ISessionClaimsFilter sessionClaimsFilter', 'ISessionClaimsFilter sessionClaimsFilter, IHttpContextAccessor httpContextAccessor'),
  ],
});
