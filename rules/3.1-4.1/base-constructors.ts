/**
 * Base constructors that changed from IdentityServer4 3.1 to 4.1 (catalog §4.1 row 29, full lists in §5).
 *
 * For a class deriving from one of these types, each constructor whose `: base(...)` forwards the 3.1 arguments is
 * rewritten to the 4.1 signature (AUTO, see src/engine/cs/ctor-change.ts): removed arguments go (and their parameter
 * when nothing else uses it), added ones are taken from a constructor parameter of that type or added as a new
 * parameter, retyped parameters get the new type, and the reordered DefaultRefreshTokenService arguments are put in
 * the new order. What cannot be mapped is reported with the new signature. A class deriving from
 * DefaultClientConfigurationValidator through its removed parameterless constructor (no base call) is reported.
 */
import type { FileRule } from '../../src/engine/rule';
import { applyCtorChanges, type CtorChange, type CtorParam } from '../../src/engine/cs/ctor-change';
import { constructorsOf, typesDerivingFrom, type TypeName } from '../../src/engine/cs/syntax';

const IS = 'IdentityServer4';
const t = (ns: string, name: string): TypeName => ({ ns, name });
const SVC = `${IS}.Services`;
const VAL = `${IS}.Validation`;
const STO = `${IS}.Stores`;
const logger = (owner: string): CtorParam => ({ name: 'logger', type: t('Microsoft.Extensions.Logging', 'ILogger'), text: `ILogger<${owner}>` });
const p = (name: string, ns: string, type: string, text?: string, generic = false): CtorParam => ({ name, type: t(ns, type), text, generic });
const clock = p('clock', 'Microsoft.AspNetCore.Authentication', 'ISystemClock');
const options = p('options', `${IS}.Configuration`, 'IdentityServerOptions');
const contextAccessor = (name: string) => p(name, 'Microsoft.AspNetCore.Http', 'IHttpContextAccessor');
const events = p('events', SVC, 'IEventService');
const cache = (name: string, of: string) => p(name, SVC, 'ICache', `ICache<${of}>`, true);

const CHANGES: CtorChange[] = [
  {
    base: [t(`${IS}.AspNetIdentity`, 'ResourceOwnerPasswordValidator')],
    before: [p('userManager', 'Microsoft.AspNetCore.Identity', 'UserManager'), p('signInManager', 'Microsoft.AspNetCore.Identity', 'SignInManager'), events, logger('ResourceOwnerPasswordValidator<TUser>')],
    after: [p('userManager', 'Microsoft.AspNetCore.Identity', 'UserManager'), p('signInManager', 'Microsoft.AspNetCore.Identity', 'SignInManager'), logger('ResourceOwnerPasswordValidator<TUser>')],
  },
  {
    base: [t(SVC, 'DefaultRefreshTokenService')],
    before: [clock, p('refreshTokenStore', STO, 'IRefreshTokenStore'), logger('DefaultRefreshTokenService')],
    after: [p('refreshTokenStore', STO, 'IRefreshTokenStore'), p('profile', SVC, 'IProfileService'), clock, logger('DefaultRefreshTokenService')],
    reorder: true,
  },
  {
    base: [t(SVC, 'DefaultUserSession')],
    before: [contextAccessor('httpContextAccessor'), p('schemes', 'Microsoft.AspNetCore.Authentication', 'IAuthenticationSchemeProvider'), p('handlers', 'Microsoft.AspNetCore.Authentication', 'IAuthenticationHandlerProvider'), options, clock, logger('IUserSession')],
    after: [contextAccessor('httpContextAccessor'), p('handlers', 'Microsoft.AspNetCore.Authentication', 'IAuthenticationHandlerProvider'), options, clock, logger('IUserSession')],
  },
  {
    base: [t(SVC, 'DefaultKeyMaterialService')],
    before: [p('validationKeys', 'System.Collections.Generic', 'IEnumerable', 'IEnumerable<IValidationKeysStore>', true), p('signingCredential', STO, 'ISigningCredentialStore')],
    after: [p('validationKeys', 'System.Collections.Generic', 'IEnumerable', 'IEnumerable<IValidationKeysStore>', true), p('signingCredential', 'System.Collections.Generic', 'IEnumerable', 'IEnumerable<ISigningCredentialStore>', true)],
  },
  {
    base: [t(`${IS}.ResponseHandling`, 'TokenResponseGenerator')],
    before: [clock, p('tokenService', SVC, 'ITokenService'), p('refreshTokenService', SVC, 'IRefreshTokenService'), p('resources', STO, 'IResourceStore'), p('clients', STO, 'IClientStore'), logger('TokenResponseGenerator')],
    after: [clock, p('tokenService', SVC, 'ITokenService'), p('refreshTokenService', SVC, 'IRefreshTokenService'), p('scopeParser', VAL, 'IScopeParser'), p('resources', STO, 'IResourceStore'), p('clients', STO, 'IClientStore'), logger('TokenResponseGenerator')],
  },
  {
    base: [t(SVC, 'DefaultBackChannelLogoutService')],
    before: [clock, p('tools', IS, 'IdentityServerTools'), p('backChannelLogoutHttpClient', SVC, 'BackChannelLogoutHttpClient'), logger('IBackChannelLogoutService')],
    after: [clock, p('tools', IS, 'IdentityServerTools'), p('logoutNotificationService', SVC, 'ILogoutNotificationService'), p('backChannelLogoutHttpClient', SVC, 'IBackChannelLogoutHttpClient'), logger('IBackChannelLogoutService')],
  },
  {
    base: [t(VAL, 'EndSessionRequestValidator')],
    before: [
      contextAccessor('context'), options, p('tokenValidator', VAL, 'ITokenValidator'), p('uriValidator', VAL, 'IRedirectUriValidator'), p('userSession', SVC, 'IUserSession'),
      p('clientStore', STO, 'IClientStore'), p('endSessionMessageStore', STO, 'IMessageStore', 'IMessageStore<EndSession>', true), logger('EndSessionRequestValidator'),
    ],
    after: [
      contextAccessor('context'), options, p('tokenValidator', VAL, 'ITokenValidator'), p('uriValidator', VAL, 'IRedirectUriValidator'), p('userSession', SVC, 'IUserSession'),
      p('logoutNotificationService', SVC, 'ILogoutNotificationService'), p('endSessionMessageStore', STO, 'IMessageStore', 'IMessageStore<LogoutNotificationContext>', true), logger('EndSessionRequestValidator'),
    ],
  },
  {
    base: [t(VAL, 'JwtRequestValidator')],
    before: [contextAccessor('contextAccessor'), logger('JwtRequestValidator')],
    after: [contextAccessor('contextAccessor'), options, logger('JwtRequestValidator')],
  },
  {
    base: [t(VAL, 'PrivateKeyJwtSecretValidator')],
    before: [contextAccessor('contextAccessor'), logger('PrivateKeyJwtSecretValidator')],
    after: [contextAccessor('contextAccessor'), p('replayCache', SVC, 'IReplayCache'), logger('PrivateKeyJwtSecretValidator')],
  },
  {
    base: [t(VAL, 'ApiSecretValidator')],
    before: [p('resources', STO, 'IResourceStore'), p('parsers', VAL, 'SecretParser'), p('validator', VAL, 'SecretValidator'), events, logger('ApiSecretValidator')],
    after: [p('resources', STO, 'IResourceStore'), p('parsers', VAL, 'ISecretsListParser'), p('validator', VAL, 'ISecretsListValidator'), events, logger('ApiSecretValidator')],
  },
  {
    base: [t(VAL, 'ClientSecretValidator')],
    before: [p('clients', STO, 'IClientStore'), p('parser', VAL, 'SecretParser'), p('validator', VAL, 'SecretValidator'), events, logger('ClientSecretValidator')],
    after: [p('clients', STO, 'IClientStore'), p('parser', VAL, 'ISecretsListParser'), p('validator', VAL, 'ISecretsListValidator'), events, logger('ClientSecretValidator')],
  },
  {
    base: [t(`${IS}.ResponseHandling`, 'DiscoveryResponseGenerator')],
    before: [options, p('resourceStore', STO, 'IResourceStore'), p('keys', SVC, 'IKeyMaterialService'), p('extensionGrants', VAL, 'ExtensionGrantValidator'), p('secretParsers', VAL, 'SecretParser'), p('resourceOwnerValidator', VAL, 'IResourceOwnerPasswordValidator'), logger('DiscoveryResponseGenerator')],
    after: [options, p('resourceStore', STO, 'IResourceStore'), p('keys', SVC, 'IKeyMaterialService'), p('extensionGrants', VAL, 'ExtensionGrantValidator'), p('secretParsers', VAL, 'ISecretsListParser'), p('resourceOwnerValidator', VAL, 'IResourceOwnerPasswordValidator'), logger('DiscoveryResponseGenerator')],
  },
  {
    base: [t(STO, 'CachingResourceStore')],
    before: [options, p('inner', '', 'T'), cache('identityCache', 'IEnumerable<IdentityResource>'), cache('apiByScopeCache', 'IEnumerable<ApiResource>'), cache('apiCache', 'ApiResource'), cache('allCache', 'Resources'), logger('CachingResourceStore<T>')],
    after: [options, p('inner', '', 'T'), cache('identityCache', 'IEnumerable<IdentityResource>'), cache('apiByScopeCache', 'IEnumerable<ApiResource>'), cache('apisCache', 'IEnumerable<ApiResource>'), cache('scopeCache', 'IEnumerable<ApiScope>'), cache('allCache', 'Resources'), logger('CachingResourceStore<T>')],
  },
  {
    base: [t(`${IS}.Endpoints.Results`, 'JsonWebKeysResult')],
    before: [p('webKeys', 'System.Collections.Generic', 'IEnumerable', 'IEnumerable<JsonWebKey>', true), p('maxAge', 'System', 'Nullable', 'int?'), p('contentType', 'System', 'String', 'string')],
    after: [p('webKeys', 'System.Collections.Generic', 'IEnumerable', 'IEnumerable<JsonWebKey>', true), p('maxAge', 'System', 'Nullable', 'int?')],
  },
  {
    base: [t(VAL, 'DefaultClientConfigurationValidator')],
    before: [],
    after: [options],
  },
];

const CLIENT_CONFIG_VALIDATOR = t(VAL, 'DefaultClientConfigurationValidator');

const rule: FileRule = {
  id: '3.1-4.1/base-constructors',
  title: 'Derived classes: 4.1 base constructors (ResourceOwnerPasswordValidator, DefaultRefreshTokenService, DefaultUserSession, …)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/',
  kind: 'fix',
  catalog: ['4.1#29'],
  reads: ['csharp'],
  triggers: [...new Set(CHANGES.flatMap((c) => c.base.map((b) => b.name)))],
  run(ctx) {
    applyCtorChanges(ctx, CHANGES);
    for (const { decl } of typesDerivingFrom(ctx, [CLIENT_CONFIG_VALIDATOR])) {
      const sites = constructorsOf(decl);
      const implicit = sites.length === 0 || sites.some((s) => !s.baseCall && s.label.endsWith(' constructor') && !s.label.endsWith('primary constructor'));
      if (!implicit) continue;
      ctx.report(decl.childForFieldName('name') ?? decl, 'DefaultClientConfigurationValidator has no parameterless constructor since 4.0', {
        severity: 'warning',
        suggestion: 'Add a constructor taking IdentityServerOptions options and passing it on: : base(options)',
      });
    }
  },
};

export default rule;
