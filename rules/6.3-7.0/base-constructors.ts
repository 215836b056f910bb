/**
 * Constructors of classes that derive from IdentityServer types whose public constructor changed at 7.0
 * (catalog §4.10 rows 1-8, R1 at its 7.0 step, §5), verified against the sources at is/6.3.0, is/6.3.10 and is/7.0.0.
 *
 * R1: 20 public constructors take `Duende.IdentityServer.IClock` where they took ASP.NET Core's `ISystemClock`
 * (same position, same name). A derived constructor's clock parameter is retyped when it only goes to `base(...)`,
 * or is otherwise only read as `clock.UtcNow` or kept in a field of its own that is only read as `.UtcNow` (the field
 * is retyped too): IClock has exactly that member. `using Duende.IdentityServer;` is added; in a file that also sees
 * NodaTime (whose `IClock` would clash) the type is written `Duende.IdentityServer.IClock` instead.
 * Other rows: parameters removed (DefaultTokenService's IHttpContextAccessor, DefaultDPoPProofValidator's IServerUrls,
 * EndSessionRequestValidator's IHttpContextAccessor, IdentityServerTools' IServiceProvider, LocalApiAuthenticationHandler's
 * clock), replaced (EF CorsPolicyService: IServiceProvider -> IConfigurationDbContext, at the same position) and added
 * (DefaultBackChannelLogoutService's IIssuerNameService before 6.3.x added it, IdentityServerTools' options,
 * LocalApiAuthenticationHandler's DPoP validator and client store).
 * Everything else (a clock that is not a forwarded parameter, another overload, reordered arguments) is reported with
 * the new signature. The protected members these classes lost are handled by `derived-members`.
 */
import type { Node } from '../../src/engine/csharp';
import { applyCtorChanges, type CtorChange } from '../../src/engine/cs/ctor-change';
import { params } from '../../src/engine/cs/signature';
import { fileSees, plainUsings, usingDirectives, type TypeName } from '../../src/engine/cs/syntax';
import { walk } from '../../src/engine/csharp';
import type { FileContext, FileRule } from '../../src/engine/rule';

const NS = {
  ISystemClock: 'Microsoft.AspNetCore.Authentication',
  IClock: 'Duende.IdentityServer',
  IdentityServerTools: 'Duende.IdentityServer',
  IIdentityServerTools: 'Duende.IdentityServer',
  IdentityServerOptions: 'Duende.IdentityServer.Configuration',
  IHttpContextAccessor: 'Microsoft.AspNetCore.Http',
  IAuthenticationHandlerProvider: 'Microsoft.AspNetCore.Authentication',
  IDataProtectionProvider: 'Microsoft.AspNetCore.DataProtection',
  IDistributedCache: 'Microsoft.Extensions.Caching.Distributed',
  IOptionsMonitor: 'Microsoft.Extensions.Options',
  UrlEncoder: 'System.Text.Encodings.Web',
  ILogger: 'Microsoft.Extensions.Logging',
  ILoggerFactory: 'Microsoft.Extensions.Logging',
  IEnumerable: 'System.Collections.Generic',
  IServiceProvider: 'System',
  IEventSink: 'Duende.IdentityServer.Services',
  IProfileService: 'Duende.IdentityServer.Services',
  IKeyMaterialService: 'Duende.IdentityServer.Services',
  ITokenCreationService: 'Duende.IdentityServer.Services',
  IClaimsService: 'Duende.IdentityServer.Services',
  IConsentService: 'Duende.IdentityServer.Services',
  ITokenService: 'Duende.IdentityServer.Services',
  IEventService: 'Duende.IdentityServer.Services',
  IBackchannelAuthenticationUserNotificationService: 'Duende.IdentityServer.Services',
  IUserCodeService: 'Duende.IdentityServer.Services',
  IDeviceFlowCodeService: 'Duende.IdentityServer.Services',
  IRefreshTokenService: 'Duende.IdentityServer.Services',
  ILogoutNotificationService: 'Duende.IdentityServer.Services',
  IBackChannelLogoutHttpClient: 'Duende.IdentityServer.Services',
  IBackChannelLogoutService: 'Duende.IdentityServer.Services',
  IIssuerNameService: 'Duende.IdentityServer.Services',
  IUserSession: 'Duende.IdentityServer.Services',
  IServerUrls: 'Duende.IdentityServer.Services',
  IReplayCache: 'Duende.IdentityServer.Services',
  ICancellationTokenProvider: 'Duende.IdentityServer.Services',
  ISigningKeyStoreCache: 'Duende.IdentityServer.Services.KeyManagement',
  ISigningKeyProtector: 'Duende.IdentityServer.Services.KeyManagement',
  IConcurrencyLock: 'Duende.IdentityServer.Internal',
  IUserConsentStore: 'Duende.IdentityServer.Stores',
  IRefreshTokenStore: 'Duende.IdentityServer.Stores',
  IReferenceTokenStore: 'Duende.IdentityServer.Stores',
  IAuthorizationCodeStore: 'Duende.IdentityServer.Stores',
  IBackChannelAuthenticationRequestStore: 'Duende.IdentityServer.Stores',
  IResourceStore: 'Duende.IdentityServer.Stores',
  IClientStore: 'Duende.IdentityServer.Stores',
  ISigningKeyStore: 'Duende.IdentityServer.Stores',
  IMessageStore: 'Duende.IdentityServer.Stores',
  PersistentGrantOptions: 'Duende.IdentityServer.Stores.Serialization',
  IScopeParser: 'Duende.IdentityServer.Validation',
  IResourceValidator: 'Duende.IdentityServer.Validation',
  ISecretValidator: 'Duende.IdentityServer.Validation',
  ISecretsListValidator: 'Duende.IdentityServer.Validation',
  ITokenValidator: 'Duende.IdentityServer.Validation',
  IRedirectUriValidator: 'Duende.IdentityServer.Validation',
  IDPoPProofValidator: 'Duende.IdentityServer.Validation',
  TestUserStore: 'Duende.IdentityServer.Test',
  IConfigurationDbContext: 'Duende.IdentityServer.EntityFramework.Interfaces',
} as const;

/** What the old and new clock types have in common; uses of only these members keep compiling after the retype. */
const CLOCK_MEMBERS = { clock: { members: ['UtcNow'] }, systemClock: { members: ['UtcNow'] } };
const TOOLS_MEMBERS = { tools: { members: ['IssueJwtAsync', 'IssueClientJwtAsync'] } };

/** [base namespace, base name, signature at 6.3 (one per shape), signature at 7.0] as §5 writes them. */
const HISTORY: [string, string, string[], string][] = [
  // R1: ISystemClock -> IClock, same position
  ['Duende.IdentityServer.Events', 'DefaultEventService', ['(IdentityServerOptions options, IHttpContextAccessor context, IEventSink sink, ISystemClock clock)'], '(IdentityServerOptions options, IHttpContextAccessor context, IEventSink sink, IClock clock)'],
  ['Duende.IdentityServer.ResponseHandling', 'AuthorizeInteractionResponseGenerator', ['(IdentityServerOptions options, ISystemClock clock, ILogger<AuthorizeInteractionResponseGenerator> logger, IConsentService consent, IProfileService profile)'], '(IdentityServerOptions options, IClock clock, ILogger<AuthorizeInteractionResponseGenerator> logger, IConsentService consent, IProfileService profile)'],
  ['Duende.IdentityServer.ResponseHandling', 'AuthorizeResponseGenerator', ['(IdentityServerOptions options, ISystemClock clock, ITokenService tokenService, IKeyMaterialService keyMaterialService, IAuthorizationCodeStore authorizationCodeStore, ILogger<AuthorizeResponseGenerator> logger, IEventService events)'], '(IdentityServerOptions options, IClock clock, ITokenService tokenService, IKeyMaterialService keyMaterialService, IAuthorizationCodeStore authorizationCodeStore, ILogger<AuthorizeResponseGenerator> logger, IEventService events)'],
  ['Duende.IdentityServer.ResponseHandling', 'BackchannelAuthenticationResponseGenerator', ['(IdentityServerOptions options, IBackChannelAuthenticationRequestStore backChannelAuthenticationRequestStore, IBackchannelAuthenticationUserNotificationService userLoginService, ISystemClock clock, ILogger<BackchannelAuthenticationResponseGenerator> logger)'], '(IdentityServerOptions options, IBackChannelAuthenticationRequestStore backChannelAuthenticationRequestStore, IBackchannelAuthenticationUserNotificationService userLoginService, IClock clock, ILogger<BackchannelAuthenticationResponseGenerator> logger)'],
  ['Duende.IdentityServer.ResponseHandling', 'DeviceAuthorizationResponseGenerator', ['(IdentityServerOptions options, IUserCodeService userCodeService, IDeviceFlowCodeService deviceFlowCodeService, ISystemClock clock, ILogger<DeviceAuthorizationResponseGenerator> logger)'], '(IdentityServerOptions options, IUserCodeService userCodeService, IDeviceFlowCodeService deviceFlowCodeService, IClock clock, ILogger<DeviceAuthorizationResponseGenerator> logger)'],
  ['Duende.IdentityServer.ResponseHandling', 'TokenResponseGenerator', ['(ISystemClock clock, ITokenService tokenService, IRefreshTokenService refreshTokenService, IScopeParser scopeParser, IResourceStore resources, IClientStore clients, ILogger<TokenResponseGenerator> logger)'], '(IClock clock, ITokenService tokenService, IRefreshTokenService refreshTokenService, IScopeParser scopeParser, IResourceStore resources, IClientStore clients, ILogger<TokenResponseGenerator> logger)'],
  ['Duende.IdentityServer.Services', 'DefaultBackchannelAuthenticationInteractionService', ['(IBackChannelAuthenticationRequestStore requestStore, IClientStore clients, IUserSession session, IResourceValidator resourceValidator, ISystemClock systemClock, ILogger<DefaultBackchannelAuthenticationInteractionService> logger)'], '(IBackChannelAuthenticationRequestStore requestStore, IClientStore clients, IUserSession session, IResourceValidator resourceValidator, IClock systemClock, ILogger<DefaultBackchannelAuthenticationInteractionService> logger)'],
  ['Duende.IdentityServer.Services', 'DefaultConsentService', ['(ISystemClock clock, IUserConsentStore userConsentStore, ILogger<DefaultConsentService> logger)'], '(IClock clock, IUserConsentStore userConsentStore, ILogger<DefaultConsentService> logger)'],
  ['Duende.IdentityServer.Services', 'DefaultRefreshTokenService', ['(IRefreshTokenStore refreshTokenStore, IProfileService profile, ISystemClock clock, PersistentGrantOptions options, ILogger<DefaultRefreshTokenService> logger)'], '(IRefreshTokenStore refreshTokenStore, IProfileService profile, IClock clock, PersistentGrantOptions options, ILogger<DefaultRefreshTokenService> logger)'],
  ['Duende.IdentityServer.Services', 'DefaultTokenCreationService', ['(ISystemClock clock, IKeyMaterialService keys, IdentityServerOptions options, ILogger<DefaultTokenCreationService> logger)'], '(IClock clock, IKeyMaterialService keys, IdentityServerOptions options, ILogger<DefaultTokenCreationService> logger)'],
  ['Duende.IdentityServer.Services', 'DefaultUserSession', ['(IHttpContextAccessor httpContextAccessor, IAuthenticationHandlerProvider handlers, IdentityServerOptions options, ISystemClock clock, IServerUrls urls, ILogger<IUserSession> logger)'], '(IHttpContextAccessor httpContextAccessor, IAuthenticationHandlerProvider handlers, IdentityServerOptions options, IClock clock, IServerUrls urls, ILogger<IUserSession> logger)'],
  ['Duende.IdentityServer.Services', 'DistributedBackchannelAuthenticationThrottlingService', ['(IDistributedCache cache, IClientStore clientStore, ISystemClock clock, IdentityServerOptions options)'], '(IDistributedCache cache, IClientStore clientStore, IClock clock, IdentityServerOptions options)'],
  ['Duende.IdentityServer.Services', 'DistributedDeviceFlowThrottlingService', ['(IDistributedCache cache, IClientStore clientStore, ISystemClock clock, IdentityServerOptions options)'], '(IDistributedCache cache, IClientStore clientStore, IClock clock, IdentityServerOptions options)'],
  ['Duende.IdentityServer.Services.KeyManagement', 'KeyManager', ['(IdentityServerOptions options, ISigningKeyStore store, ISigningKeyStoreCache cache, ISigningKeyProtector protector, ISystemClock clock, IConcurrencyLock<KeyManager> newKeyLock, ILogger<KeyManager> logger, IIssuerNameService issuerNameService)'], '(IdentityServerOptions options, ISigningKeyStore store, ISigningKeyStoreCache cache, ISigningKeyProtector protector, IClock clock, IConcurrencyLock<KeyManager> newKeyLock, ILogger<KeyManager> logger, IIssuerNameService issuerNameService)'],
  ['Duende.IdentityServer.Test', 'TestUserResourceOwnerPasswordValidator', ['(TestUserStore users, ISystemClock clock)'], '(TestUserStore users, IClock clock)'],
  ['Duende.IdentityServer.Validation', 'SecretValidator', ['(ISystemClock clock, IEnumerable<ISecretValidator> validators, ILogger<ISecretsListValidator> logger)'], '(IClock clock, IEnumerable<ISecretValidator> validators, ILogger<ISecretsListValidator> logger)'],
  // R1 plus rows 2, 4, 5, 7: the clock and other parameters
  ['Duende.IdentityServer.Services', 'DefaultTokenService', ['(IClaimsService claimsProvider, IReferenceTokenStore referenceTokenStore, ITokenCreationService creationService, IHttpContextAccessor contextAccessor, ISystemClock clock, IKeyMaterialService keyMaterialService, IdentityServerOptions options, ILogger<DefaultTokenService> logger)'], '(IClaimsService claimsProvider, IReferenceTokenStore referenceTokenStore, ITokenCreationService creationService, IClock clock, IKeyMaterialService keyMaterialService, IdentityServerOptions options, ILogger<DefaultTokenService> logger)'],
  [
    'Duende.IdentityServer.Services',
    'DefaultBackChannelLogoutService',
    [
      '(ISystemClock clock, IdentityServerTools tools, ILogoutNotificationService logoutNotificationService, IBackChannelLogoutHttpClient backChannelLogoutHttpClient, ILogger<IBackChannelLogoutService> logger)', // 6.3.0 - 6.3.x
      '(ISystemClock clock, IdentityServerTools tools, ILogoutNotificationService logoutNotificationService, IBackChannelLogoutHttpClient backChannelLogoutHttpClient, IIssuerNameService issuerNameService, ILogger<IBackChannelLogoutService> logger)', // 6.3.10
    ],
    '(IClock clock, IIdentityServerTools tools, ILogoutNotificationService logoutNotificationService, IBackChannelLogoutHttpClient backChannelLogoutHttpClient, IIssuerNameService issuerNameService, ILogger<IBackChannelLogoutService> logger)',
  ],
  ['Duende.IdentityServer.Validation', 'DefaultDPoPProofValidator', ['(IdentityServerOptions options, IServerUrls server, IReplayCache replayCache, ISystemClock clock, IDataProtectionProvider dataProtectionProvider, ILogger<DefaultDPoPProofValidator> logger)'], '(IdentityServerOptions options, IReplayCache replayCache, IClock clock, IDataProtectionProvider dataProtectionProvider, ILogger<DefaultDPoPProofValidator> logger)'],
  ['Duende.IdentityServer', 'IdentityServerTools', ['(IServiceProvider serviceProvider, IIssuerNameService issuerNameService, ITokenCreationService tokenCreation, ISystemClock clock)'], '(IIssuerNameService issuerNameService, ITokenCreationService tokenCreation, IClock clock, IdentityServerOptions options)'],
  // row 8: the clock is dropped, two services appended
  ['Duende.IdentityServer.Hosting.LocalApiAuthentication', 'LocalApiAuthenticationHandler', ['(IOptionsMonitor<LocalApiAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder, ISystemClock clock, ITokenValidator tokenValidator)'], '(IOptionsMonitor<LocalApiAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder, ITokenValidator tokenValidator, IDPoPProofValidator dpopValidator, IClientStore clientStore)'],
  // row 6: the HttpContext accessor is dropped
  ['Duende.IdentityServer.Validation', 'EndSessionRequestValidator', ['(IHttpContextAccessor context, IdentityServerOptions options, ITokenValidator tokenValidator, IRedirectUriValidator uriValidator, IUserSession userSession, ILogoutNotificationService logoutNotificationService, IMessageStore<LogoutNotificationContext> endSessionMessageStore, ILogger<EndSessionRequestValidator> logger)'], '(IdentityServerOptions options, ITokenValidator tokenValidator, IRedirectUriValidator uriValidator, IUserSession userSession, ILogoutNotificationService logoutNotificationService, IMessageStore<LogoutNotificationContext> endSessionMessageStore, ILogger<EndSessionRequestValidator> logger)'],
  // row 3: the EF CORS policy service takes the DbContext itself
  ['Duende.IdentityServer.EntityFramework.Services', 'CorsPolicyService', ['(IServiceProvider provider, ILogger<CorsPolicyService> logger, ICancellationTokenProvider cancellationTokenProvider)'], '(IConfigurationDbContext dbContext, ILogger<CorsPolicyService> logger, ICancellationTokenProvider cancellationTokenProvider)'],
];

/** Simple names the signatures above use only inside generic arguments or as self references. */
const TYPE_ARGS = { LocalApiAuthenticationOptions: 'Duende.IdentityServer.Hosting.LocalApiAuthentication', LogoutNotificationContext: 'Duende.IdentityServer.Models' };

function changes(clockText?: string): CtorChange[] {
  const ns = { ...NS, ...TYPE_ARGS, ...Object.fromEntries(HISTORY.map(([n, name]) => [name, n])) };
  return HISTORY.flatMap(([baseNs, name, befores, after]) =>
    befores.map((before) => ({
      base: [{ ns: baseNs, name }],
      before: params(before, ns),
      after: params(after, ns, { ...CLOCK_MEMBERS, ...TOOLS_MEMBERS }).map((p) => (clockText && p.type.name === 'IClock' ? { ...p, text: clockText } : p)),
    })),
  );
}

const PLAIN = changes();
const QUALIFIED = changes('Duende.IdentityServer.IClock');
const BASES: TypeName[] = HISTORY.map(([ns, name]) => ({ ns, name }));

/** Whether a simple `IClock` could mean something else here (NodaTime's, an alias, or the file's own type). */
function otherClockInScope(ctx: FileContext): boolean {
  const root = ctx.tree?.rootNode;
  if (!root) return false;
  if (fileSees(ctx, 'NodaTime') || [...plainUsings(root)].some((u) => u.startsWith('NodaTime'))) return true;
  if (usingDirectives(root).some((u) => u.childForFieldName('name')?.text === 'IClock')) return true;
  let declared = false;
  walk(root, (n: Node) => {
    if (/^(interface|class|struct|record)_declaration$/.test(n.type) && n.childForFieldName('name')?.text === 'IClock') declared = true;
    return !declared;
  });
  return declared;
}

const rule: FileRule = {
  id: '6.3-7.0/base-constructors',
  title: 'Derived IdentityServer classes: base constructors take IClock instead of ISystemClock, and lost or gained parameters at 7.0',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_3-to-v7_0',
  kind: 'fix',
  catalog: ['R1', '4.10#1', '4.10#2', '4.10#3', '4.10#4', '4.10#5', '4.10#6', '4.10#7', '4.10#8'],
  reads: ['csharp'],
  triggers: [...new Set(BASES.map((b) => b.name))],
  run(ctx) {
    applyCtorChanges(ctx, otherClockInScope(ctx) ? QUALIFIED : PLAIN);
  },
};

export default rule;
