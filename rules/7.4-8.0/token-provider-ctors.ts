/**
 * 8.0 removed ICancellationTokenProvider (catalog R2, §4.15 rows 3, 14, 22 and 25, §5): the EF stores, the EF
 * CorsPolicyService, ClientConfigurationStore and the two default HTTP clients no longer take it. In IdentityProviderStore
 * it is replaced by `IIdentityProviderFactory identityProviderFactory`, in ServerSideSessionStore by
 * `TimeProvider timeProvider`.
 *
 * Matches: a class whose base list names one of these types, and each constructor (or primary constructor) whose
 * `base(...)` call has the 7.4 argument count.
 * Rewrites: the argument is dropped from `base(...)`, and its constructor parameter too when nothing else uses it;
 * the replacement parameter is added (or an existing one of that type reused) and passed; usings are added.
 * Reports instead: what ctor-change.ts cannot map. A parameter kept because it is used elsewhere is reported by
 * 7.4-8.0/token-provider-removed.
 */
import { ctorChangeRule } from '../../src/engine/cs/factories';
import { ctorChange } from '../../src/engine/cs/duende80';

const ctp = 'ICancellationTokenProvider cancellationTokenProvider';

export default ctorChangeRule({
  id: '7.4-8.0/token-provider-ctors',
  title: 'Constructors of classes deriving from the EF stores and others: ICancellationTokenProvider removed',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0#icancellationtokenprovider-removed',
  catalog: ['R2', '4.15#3', '4.15#14', '4.15#22', '4.15#25'],
  changes: [
    ...(['ClientStore', 'ResourceStore'] as const).map((name) =>
      ctorChange('EntityFramework.Stores', name, `IConfigurationDbContext context, ILogger<${name}> logger, ${ctp}`, `IConfigurationDbContext context, ILogger<${name}> logger`),
    ),
    ...(['PersistedGrantStore', 'SigningKeyStore', 'PushedAuthorizationRequestStore'] as const).map((name) =>
      ctorChange('EntityFramework.Stores', name, `IPersistedGrantDbContext context, ILogger<${name}> logger, ${ctp}`, `IPersistedGrantDbContext context, ILogger<${name}> logger`),
    ),
    ctorChange('EntityFramework.Stores', 'DeviceFlowStore',
      `IPersistedGrantDbContext context, IPersistentGrantSerializer serializer, ILogger<DeviceFlowStore> logger, ${ctp}`,
      'IPersistedGrantDbContext context, IPersistentGrantSerializer serializer, ILogger<DeviceFlowStore> logger'),
    ctorChange('EntityFramework.Stores', 'ServerSideSessionStore',
      `IPersistedGrantDbContext context, ILogger<ServerSideSessionStore> logger, ${ctp}`,
      'IPersistedGrantDbContext context, ILogger<ServerSideSessionStore> logger, TimeProvider timeProvider'),
    ctorChange('EntityFramework.Stores', 'IdentityProviderStore',
      `IConfigurationDbContext context, ILogger<IdentityProviderStore> logger, ${ctp}`,
      'IConfigurationDbContext context, ILogger<IdentityProviderStore> logger, IIdentityProviderFactory identityProviderFactory'),
    ctorChange('EntityFramework.Services', 'CorsPolicyService',
      `IConfigurationDbContext dbContext, ILogger<CorsPolicyService> logger, ${ctp}`,
      'IConfigurationDbContext dbContext, ILogger<CorsPolicyService> logger'),
    ctorChange('Configuration', 'ClientConfigurationStore',
      `IConfigurationDbContext dbContext, ${ctp}, ILogger<ClientConfigurationStore> logger`,
      'IConfigurationDbContext dbContext, ILogger<ClientConfigurationStore> logger'),
    ctorChange('Services', 'DefaultBackChannelLogoutHttpClient', `HttpClient client, ILoggerFactory loggerFactory, ${ctp}`, 'HttpClient client, ILoggerFactory loggerFactory'),
    ctorChange('Services', 'DefaultJwtRequestUriHttpClient',
      `HttpClient client, IdentityServerOptions options, ILoggerFactory loggerFactory, ${ctp}`,
      'HttpClient client, IdentityServerOptions options, ILoggerFactory loggerFactory'),
  ],
});
