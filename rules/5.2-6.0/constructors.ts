/**
 * Constructor changes at 5.2 -> 6.0 of library classes that users derive from (catalog §4.6 rows 3, 4, 5 and 10, §5).
 * A project arrives from 5.2.0 or from a 5.2.x patch (through the 5.1 -> 5.2 hop), so both spellings of the patch-
 * changed constructors are listed; the hop lands on 6.0.5. Verified against is/5.2.0, is/5.2.4, is/6.0.0 and
 * is/6.0.5 (CachingResourceStore's `apiResourceNames` came in 6.0.3, so 6.0.5 has it; catalog §4.7 row 2 dates it 6.1):
 *  - CachingClientStore<T>, CachingCorsPolicyService<T>: the logger goes;
 *  - CachingResourceStore<T>: element-typed caches (`ICache<IEnumerable<ApiScope>>` -> `ICache<ApiScope>`), the
 *    `apiByScopeCache` and the logger go, `ICache<CachingResourceStore<T>.ApiResourceNames> apiResourceNames` is added;
 *  - CachingIdentityProviderStore<T> (from 5.2.0): `ICache<IEnumerable<IdentityProviderName>> allCache` third;
 *  - DefaultCache<T>: `(IMemoryCache)` -> `(IdentityServerOptions, IMemoryCache, IConcurrencyLock<DefaultCache<T>>,
 *    ILogger<DefaultCache<T>>)`;
 *  - KeyManager: `KeyManagementOptions options` -> `IdentityServerOptions options`, `INewKeyLock newKeyLock` ->
 *    `IConcurrencyLock<KeyManager> newKeyLock` (retyped only when the parameter is used nowhere but the base call);
 *  - DefaultUserSession: `IServerUrls urls` before the logger; DefaultIssuerNameService: `IdentityServerOptions
 *    options, IServerUrls urls` first; DistributedDeviceFlowThrottlingService: `IClientStore clientStore` second;
 *    BaseUrlMiddleware: `IdentityServerOptions options` goes;
 *  - PrivateKeyJwtSecretValidator: `(IIssuerNameService, IReplayCache, IServerUrls urls, IdentityServerOptions,
 *    ILogger)`, from the 5.2.0 and the 5.2.x signatures.
 * The EF stores and services that gained ICancellationTokenProvider are in 5.2-6.0/cancellation-token-provider, the
 * DbContexts in 5.2-6.0/db-context-store-options.
 *
 * Matches: a class whose base list names the type and its constructors whose `base(...)` forwards the old arguments.
 * Rewrites: adds, removes and retypes parameters and base arguments, adds the usings. Reports what it cannot map.
 */
import { ctorChangeRule } from '../../src/engine/cs/factories';
import {
  ICache, IClientStore, IHttpContextAccessor, IIssuerNameService, IServerUrls, IdentityServerOptions, ILogger, ISystemClock, NS, loggerOfBase, p, t, typeArgument,
} from '../../src/engine/cs/duende-names';

const IReplayCache = t(NS.services, 'IReplayCache');
const cache = (name: string, text: string, usings?: string[]) => p(name, ICache, text, usings ? { usings } : {});
const IMemoryCache = t('Microsoft.Extensions.Caching.Memory', 'IMemoryCache');
const IConcurrencyLock = t(NS.internal, 'IConcurrencyLock');
const IDistributedCache = t('Microsoft.Extensions.Caching.Distributed', 'IDistributedCache');
const ISigningKeyStore = t(NS.stores, 'ISigningKeyStore');
const ISigningKeyStoreCache = t(NS.keyManagement, 'ISigningKeyStoreCache');
const ISigningKeyProtector = t(NS.keyManagement, 'ISigningKeyProtector');
const validator = [t(NS.validation, 'PrivateKeyJwtSecretValidator')];
const validatorAfter = [p('issuerNameService', IIssuerNameService), p('replayCache', IReplayCache), p('urls', IServerUrls), p('options', IdentityServerOptions), p('logger', ILogger)];
const keyManagerParams = (options: ReturnType<typeof p>, lock: ReturnType<typeof p>) => [
  options, p('store', ISigningKeyStore), p('cache', ISigningKeyStoreCache), p('protector', ISigningKeyProtector), p('clock', ISystemClock), lock, p('logger', ILogger), p('issuerNameService', IIssuerNameService),
];

export default ctorChangeRule({
  id: '5.2-6.0/constructors',
  title: 'Caching stores, DefaultCache, KeyManager, DefaultUserSession and other subclasses: 6.0 constructors',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v5_2-to-v6_0',
  catalog: ['4.6#3', '4.6#4', '4.6#5', '4.6#10'],
  changes: [
    {
      base: [t(NS.stores, 'CachingClientStore')],
      before: [p('options', IdentityServerOptions), typeArgument('inner'), p('cache', ICache), p('logger', ILogger)],
      after: [p('options', IdentityServerOptions), typeArgument('inner'), p('cache', ICache)],
    },
    {
      base: [t(NS.stores, 'CachingCorsPolicyService')],
      before: [p('options', IdentityServerOptions), typeArgument('inner'), p('corsCache', ICache), p('logger', ILogger)],
      after: [p('options', IdentityServerOptions), typeArgument('inner'), p('corsCache', ICache)],
    },
    {
      base: [t(NS.stores, 'CachingResourceStore')],
      before: [
        p('options', IdentityServerOptions), typeArgument('inner'),
        cache('identityCache', 'ICache<IEnumerable<IdentityResource>>'), cache('apiByScopeCache', 'ICache<IEnumerable<ApiResource>>'),
        cache('apisCache', 'ICache<IEnumerable<ApiResource>>'), cache('scopeCache', 'ICache<IEnumerable<ApiScope>>'),
        cache('allCache', 'ICache<Resources>'), p('logger', ILogger),
      ],
      after: [
        p('options', IdentityServerOptions), typeArgument('inner'),
        cache('identityCache', 'ICache<IdentityResource>'), cache('apisCache', 'ICache<ApiResource>'), cache('scopeCache', 'ICache<ApiScope>'),
        cache('allCache', 'ICache<Resources>'), p('apiResourceNames', ICache, (base) => `ICache<${base.text}.ApiResourceNames>`),
      ],
    },
    {
      base: [t(NS.dynamicProviders, 'CachingIdentityProviderStore')],
      before: [typeArgument('inner'), p('cache', ICache), p('options', IdentityServerOptions), p('httpContextAccessor', IHttpContextAccessor)],
      after: [
        typeArgument('inner'), p('cache', ICache), cache('allCache', 'ICache<IEnumerable<IdentityProviderName>>', [NS.generic, NS.models]),
        p('options', IdentityServerOptions), p('httpContextAccessor', IHttpContextAccessor),
      ],
    },
    {
      base: [t(NS.services, 'DefaultCache')],
      before: [p('cache', IMemoryCache)],
      after: [
        p('identityServerOptions', IdentityServerOptions), p('cache', IMemoryCache),
        p('concurrencyLock', IConcurrencyLock, (base) => `IConcurrencyLock<${base.text}>`), loggerOfBase(),
      ],
    },
    {
      base: [t(NS.keyManagement, 'KeyManager')],
      before: keyManagerParams(p('options', t(NS.configuration, 'KeyManagementOptions')), p('newKeyLock', t(NS.keyManagement, 'INewKeyLock'))),
      after: keyManagerParams(p('options', IdentityServerOptions), p('newKeyLock', IConcurrencyLock, 'IConcurrencyLock<KeyManager>')),
    },
    {
      base: [t(NS.services, 'DefaultUserSession')],
      before: [p('httpContextAccessor', IHttpContextAccessor), p('handlers', t(NS.authentication, 'IAuthenticationHandlerProvider')), p('options', IdentityServerOptions), p('clock', ISystemClock), p('logger', ILogger)],
      after: [p('httpContextAccessor', IHttpContextAccessor), p('handlers', t(NS.authentication, 'IAuthenticationHandlerProvider')), p('options', IdentityServerOptions), p('clock', ISystemClock), p('urls', IServerUrls), p('logger', ILogger)],
    },
    {
      base: [t(NS.services, 'DefaultIssuerNameService')],
      before: [p('httpContextAccessor', IHttpContextAccessor)],
      after: [p('options', IdentityServerOptions), p('urls', IServerUrls), p('httpContextAccessor', IHttpContextAccessor)],
    },
    {
      base: [t(NS.services, 'DistributedDeviceFlowThrottlingService')],
      before: [p('cache', IDistributedCache), p('clock', ISystemClock), p('options', IdentityServerOptions)],
      after: [p('cache', IDistributedCache), p('clientStore', IClientStore), p('clock', ISystemClock), p('options', IdentityServerOptions)],
    },
    {
      base: [t(NS.hosting, 'BaseUrlMiddleware')],
      before: [p('next', t(NS.http, 'RequestDelegate')), p('options', IdentityServerOptions)],
      after: [p('next', t(NS.http, 'RequestDelegate'))],
    },
    {
      base: validator,
      before: [p('issuerNameService', IIssuerNameService), p('replayCache', IReplayCache), p('options', IdentityServerOptions), p('logger', ILogger)],
      after: validatorAfter,
    },
    {
      base: validator,
      before: [p('contextAccessor', IHttpContextAccessor), p('issuerNameService', IIssuerNameService), p('replayCache', IReplayCache), p('options', IdentityServerOptions), p('logger', ILogger)],
      after: validatorAfter,
    },
  ],
});
