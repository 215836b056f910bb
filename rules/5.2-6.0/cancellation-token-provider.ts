/**
 * Cross-cutting rule R2 at its 6.0 step (catalog §3 R2, §4.6 row 2, §5): the EF stores and services, and the two
 * back-channel HTTP clients, take `ICancellationTokenProvider cancellationTokenProvider` (namespace
 * Duende.IdentityServer.Services) as their last constructor parameter. Verified against is/5.2.0, is/5.2.4, is/6.0.0
 * and is/6.0.5:
 *   ClientStore, ResourceStore (IConfigurationDbContext context, ILogger<…> logger, +ctp)
 *   PersistedGrantStore, SigningKeyStore (IPersistedGrantDbContext context, ILogger<…> logger, +ctp)
 *   DeviceFlowStore (IPersistedGrantDbContext context, IPersistentGrantSerializer serializer, ILogger<…> logger, +ctp)
 *   IdentityProviderStore (IConfigurationDbContext context, ILogger<…> logger, +ctp)
 *   CorsPolicyService (EF; IServiceProvider provider, ILogger<…> logger, +ctp)
 *   DefaultBackChannelLogoutHttpClient (HttpClient client, ILoggerFactory loggerFactory, +ctp)
 *   DefaultJwtRequestUriHttpClient (HttpClient client, IdentityServerOptions options, ILoggerFactory loggerFactory, +ctp)
 * ServerSideSessionStore (6.1), ClientConfigurationStore (6.3) and PushedAuthorizationRequestStore (7.0) were born
 * with the parameter. The 8.0 step (removal) belongs to the 7.4 -> 8.0 rules.
 *
 * Matches: a class whose base list names one of the types (the file sees its namespace, or the name is qualified)
 * and its constructors whose `base(...)` forwards the 5.2 arguments.
 * Rewrites: adds `ICancellationTokenProvider cancellationTokenProvider` at the end of the constructor's required
 * parameters (or reuses a parameter of that type), passes it last to `base(...)`, adds
 * `using Duende.IdentityServer.Services;`.
 */
import { ctorChangeRule } from '../../src/engine/cs/factories';
import type { CtorChange, CtorParam } from '../../src/engine/cs/ctor-change';
import { ICancellationTokenProvider, IdentityServerOptions, ILogger, NS, p, t } from '../../src/engine/cs/duende-names';

const IConfigurationDbContext = t(NS.efInterfaces, 'IConfigurationDbContext');
const IPersistedGrantDbContext = t(NS.efInterfaces, 'IPersistedGrantDbContext');
const ILoggerFactory = t(NS.logging, 'ILoggerFactory');
const HttpClient = t('System.Net.Http', 'HttpClient');

const withProvider = (ns: string, name: string, before: CtorParam[]): CtorChange => ({
  base: [t(ns, name)],
  before,
  after: [...before, p('cancellationTokenProvider', ICancellationTokenProvider)],
});

export default ctorChangeRule({
  id: '5.2-6.0/cancellation-token-provider',
  title: 'EF stores, EF CorsPolicyService and back-channel HTTP clients: constructor takes ICancellationTokenProvider',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v5_2-to-v6_0',
  catalog: ['R2', '4.6#2'],
  changes: [
    withProvider(NS.efStores, 'ClientStore', [p('context', IConfigurationDbContext), p('logger', ILogger)]),
    withProvider(NS.efStores, 'ResourceStore', [p('context', IConfigurationDbContext), p('logger', ILogger)]),
    withProvider(NS.efStores, 'IdentityProviderStore', [p('context', IConfigurationDbContext), p('logger', ILogger)]),
    withProvider(NS.efStores, 'PersistedGrantStore', [p('context', IPersistedGrantDbContext), p('logger', ILogger)]),
    withProvider(NS.efStores, 'SigningKeyStore', [p('context', IPersistedGrantDbContext), p('logger', ILogger)]),
    withProvider(NS.efStores, 'DeviceFlowStore', [p('context', IPersistedGrantDbContext), p('serializer', t(NS.serialization, 'IPersistentGrantSerializer')), p('logger', ILogger)]),
    withProvider(NS.efServices, 'CorsPolicyService', [p('provider', t('System', 'IServiceProvider')), p('logger', ILogger)]),
    withProvider(NS.services, 'DefaultBackChannelLogoutHttpClient', [p('client', HttpClient), p('loggerFactory', ILoggerFactory)]),
    withProvider(NS.services, 'DefaultJwtRequestUriHttpClient', [p('client', HttpClient), p('options', IdentityServerOptions), p('loggerFactory', ILoggerFactory)]),
  ],
});
