/**
 * Facts of the Duende IdentityServer 7.4 -> 8.0 hop shared by several rules of rules/7.4-8.0/ (a rule folder may only
 * hold rule modules): library type names by namespace, and constructor signatures written as C# parameter lists.
 */
import type { CtorChange, CtorParam } from './ctor-change';
import { params as signatureParams } from './signature';
import type { TypeName } from './syntax';

export const IS = 'Duende.IdentityServer';

/** `Duende.IdentityServer[.sub].name` */
export const isType = (sub: string, name: string): TypeName => ({ ns: sub ? `${IS}.${sub}` : IS, name });

export const ICLOCK = isType('', 'IClock');
export const TIME_PROVIDER: TypeName = { ns: 'System', name: 'TimeProvider' };
export const ICANCELLATION_TOKEN_PROVIDER = isType('Services', 'ICancellationTokenProvider');

/**
 * Namespaces of the parameter types whose namespace matters: types that are added, removed or retyped (usings are
 * added for them and they are matched against declared parameters). Parameters of other types keep their type across
 * a change, so their namespace is never consulted.
 */
const NAMESPACES: Record<string, string> = {
  IClock: IS,
  TimeProvider: 'System',
  ICancellationTokenProvider: `${IS}.Services`,
  IIdentityProviderFactory: `${IS}.Models`,
  IPersistedGrantStore: `${IS}.Stores`,
  ISamlLogoutNotificationService: `${IS}.Saml`,
  IdentityProviderOptionsMonitorCache: `${IS}.Hosting.DynamicProviders`,
  IHttpContextAccessor: 'Microsoft.AspNetCore.Http',
  IdentityServerOptions: `${IS}.Configuration`,
  ILogger: 'Microsoft.Extensions.Logging',
};

/**
 * `"IClock clock, ILogger<KeyManager> logger"` as constructor parameters (optional parameters are left out by the
 * caller). Types outside NAMESPACES keep their type across every change here, so their namespace is never consulted.
 */
export const params = (spec: string): CtorParam[] => signatureParams(`(${spec})`, NAMESPACES, {}, { unknownNamespace: '' });

/**
 * Classes whose 7.4 constructor takes `IClock` (8.0: `TimeProvider`), with their 7.4 parameter lists (catalog R1, §5).
 * `member`: the class also had the protected `Clock` member that 8.0 replaced by `TimeProvider`.
 */
export const CLOCK_CTORS: { sub: string; name: string; params: string; member?: true }[] = [
  { sub: 'Events', name: 'DefaultEventService', member: true, params: 'IdentityServerOptions options, IHttpContextAccessor context, IEventSink sink, IClock clock' },
  { sub: 'ResponseHandling', name: 'AuthorizeInteractionResponseGenerator', member: true, params: 'IdentityServerOptions options, IClock clock, ILogger<AuthorizeInteractionResponseGenerator> logger, IConsentService consent, IProfileService profile' },
  { sub: 'ResponseHandling', name: 'AuthorizeResponseGenerator', member: true, params: 'IdentityServerOptions options, IClock clock, ITokenService tokenService, IKeyMaterialService keyMaterialService, IAuthorizationCodeStore authorizationCodeStore, ILogger<AuthorizeResponseGenerator> logger, IEventService events' },
  { sub: 'ResponseHandling', name: 'BackchannelAuthenticationResponseGenerator', member: true, params: 'IdentityServerOptions options, IBackChannelAuthenticationRequestStore backChannelAuthenticationRequestStore, IBackchannelAuthenticationUserNotificationService userLoginService, IClock clock, ILogger<BackchannelAuthenticationResponseGenerator> logger' },
  { sub: 'ResponseHandling', name: 'DeviceAuthorizationResponseGenerator', member: true, params: 'IdentityServerOptions options, IUserCodeService userCodeService, IDeviceFlowCodeService deviceFlowCodeService, IClock clock, ILogger<DeviceAuthorizationResponseGenerator> logger' },
  { sub: 'ResponseHandling', name: 'TokenResponseGenerator', member: true, params: 'IClock clock, ITokenService tokenService, IRefreshTokenService refreshTokenService, IScopeParser scopeParser, IResourceStore resources, IClientStore clients, ILogger<TokenResponseGenerator> logger' },
  { sub: 'Services', name: 'DefaultBackChannelLogoutService', member: true, params: 'IClock clock, IIdentityServerTools tools, ILogoutNotificationService logoutNotificationService, IBackChannelLogoutHttpClient backChannelLogoutHttpClient, IIssuerNameService issuerNameService, ILogger<IBackChannelLogoutService> logger' },
  { sub: 'Services', name: 'DefaultBackchannelAuthenticationInteractionService', params: 'IBackChannelAuthenticationRequestStore requestStore, IClientStore clients, IUserSession session, IResourceValidator resourceValidator, IClock systemClock, ILogger<DefaultBackchannelAuthenticationInteractionService> logger' },
  { sub: 'Services', name: 'DefaultConsentService', member: true, params: 'IClock clock, IUserConsentStore userConsentStore, ILogger<DefaultConsentService> logger' },
  { sub: 'Services', name: 'DefaultRefreshTokenService', member: true, params: 'IRefreshTokenStore refreshTokenStore, IProfileService profile, IClock clock, PersistentGrantOptions options, ILogger<DefaultRefreshTokenService> logger' },
  { sub: 'Services', name: 'DefaultTokenCreationService', member: true, params: 'IClock clock, IKeyMaterialService keys, IdentityServerOptions options, ILogger<DefaultTokenCreationService> logger' },
  { sub: 'Services', name: 'DefaultTokenService', member: true, params: 'IClaimsService claimsProvider, IReferenceTokenStore referenceTokenStore, ITokenCreationService creationService, IClock clock, IKeyMaterialService keyMaterialService, IdentityServerOptions options, ILogger<DefaultTokenService> logger' },
  { sub: 'Services', name: 'DefaultUserSession', member: true, params: 'IHttpContextAccessor httpContextAccessor, IAuthenticationHandlerProvider handlers, IdentityServerOptions options, IClock clock, IServerUrls urls, ILogger<IUserSession> logger' },
  { sub: 'Services', name: 'DistributedBackchannelAuthenticationThrottlingService', params: 'IDistributedCache cache, IClientStore clientStore, IClock clock, IdentityServerOptions options' },
  { sub: 'Services', name: 'DistributedDeviceFlowThrottlingService', params: 'IDistributedCache cache, IClientStore clientStore, IClock clock, IdentityServerOptions options' },
  { sub: 'Services.KeyManagement', name: 'KeyManager', params: 'IdentityServerOptions options, ISigningKeyStore store, ISigningKeyStoreCache cache, ISigningKeyProtector protector, IClock clock, IConcurrencyLock<KeyManager> newKeyLock, ILogger<KeyManager> logger, IIssuerNameService issuerNameService' },
  { sub: 'Test', name: 'TestUserResourceOwnerPasswordValidator', params: 'TestUserStore users, IClock clock' },
  { sub: 'Validation', name: 'DefaultDPoPProofValidator', member: true, params: 'IdentityServerOptions options, IReplayCache replayCache, IClock clock, IDataProtectionProvider dataProtectionProvider, ILogger<DefaultDPoPProofValidator> logger' },
  { sub: 'Validation', name: 'SecretValidator', params: 'IClock clock, IEnumerable<ISecretValidator> validators, ILogger<ISecretsListValidator> logger' },
  { sub: '', name: 'IdentityServerTools', params: 'IIssuerNameService issuerNameService, ITokenCreationService tokenCreation, IClock clock, IdentityServerOptions options' },
  { sub: 'Endpoints.Results', name: 'AuthorizeHttpWriter', params: 'IdentityServerOptions options, IUserSession userSession, IPushedAuthorizationService pushedAuthorizationService, IMessageStore<ErrorMessage> errorMessageStore, IServerUrls urls, IClock clock' },
];

/** The 8.0 change of a constructor that only retypes `IClock x` to `TimeProvider x` (the name is kept, so only the type changes). */
export function clockRetype(sub: string, name: string, before74: string): CtorChange {
  const before = params(before74);
  if (!before.some((p) => p.type.name === 'IClock')) throw new Error(`${name}: no IClock parameter`);
  const after = before.map((p) => (p.type.name === 'IClock' ? { name: p.name, type: TIME_PROVIDER, text: 'TimeProvider' } : p));
  return { base: [isType(sub, name)], before, after };
}

/** A constructor change from the 7.4 to the 8.0 parameter list, as written in the source (required parameters only). */
export function ctorChange(sub: string, name: string, before74: string, after80: string): CtorChange {
  return { base: [isType(sub, name)], before: params(before74), after: params(after80) };
}
