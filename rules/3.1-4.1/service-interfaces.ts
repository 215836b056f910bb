/**
 * Changed service interfaces whose implementations need a human (catalog §4.1 rows 15, 16, 17, 19, 20). Findings only:
 *   15: ITokenValidator.ValidateRefreshTokenAsync moved to IRefreshTokenService (calls on a declared ITokenValidator,
 *       ITokenValidator implementations that declare it, IRefreshTokenService implementations that lack it);
 *   16: IKeyMaterialService.GetSigningCredentialsAsync gained `allowedAlgorithms`; new GetAllSigningCredentialsAsync;
 *   17: IPersistedGrantService.GetAllGrantsAsync returns Grant; RemoveAllGrantsAsync gained optional `sessionId`;
 *   19: IBackChannelLogoutService.SendLogoutNotificationsAsync takes a LogoutNotificationContext; the overridable
 *       methods of DefaultBackChannelLogoutService take a BackChannelLogoutRequest; BackChannelLogoutModel and
 *       Models.EndSession are gone;
 *   20: IAuthorizationParametersMessageStore (and DistributedCacheAuthorizationParametersMessageStore) store
 *       `Message<IDictionary<string, string[]>>`; LogoutMessage.Parameters is an IDictionary<string, string[]>.
 */
import type { FileRule } from '../../src/engine/rule';
import { reportOncePerLine, typeFindingRule } from '../../src/engine/cs/factories';
import { paramCount, paramType, reportContractChanges, returnType, type ContractChange } from '../../src/engine/cs/implementers';
import { memberUsesOnNames, typedNames } from '../../src/engine/cs/typed-names';
import type { TypeName } from '../../src/engine/cs/syntax';

const S = (name: string): TypeName => ({ ns: 'IdentityServer4.Services', name });
const V = (name: string): TypeName => ({ ns: 'IdentityServer4.Validation', name });
const DOCS = 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/';

const CONTRACTS: ContractChange[] = [
  {
    types: [V('ITokenValidator')],
    changed: [{ name: 'ValidateRefreshTokenAsync', now: 'IRefreshTokenService.ValidateRefreshTokenAsync(string token, Client client) (the member left ITokenValidator)' }],
    message: 'ITokenValidator.ValidateRefreshTokenAsync moved to IRefreshTokenService in 4.0',
  },
  {
    types: [S('IRefreshTokenService')],
    added: [{ name: 'ValidateRefreshTokenAsync', signature: 'Task<TokenValidationResult> ValidateRefreshTokenAsync(string token, Client client)' }],
    message: 'IRefreshTokenService gained ValidateRefreshTokenAsync in 4.0',
  },
  {
    types: [S('IKeyMaterialService')],
    changed: [{ name: 'GetSigningCredentialsAsync', now: 'Task<SigningCredentials> GetSigningCredentialsAsync(IEnumerable<string> allowedAlgorithms = null)', stale: paramCount(0) }],
    added: [{ name: 'GetAllSigningCredentialsAsync', signature: 'Task<IEnumerable<SigningCredentials>> GetAllSigningCredentialsAsync()' }],
    message: 'IKeyMaterialService changed in 4.0',
  },
  {
    types: [S('IPersistedGrantService')],
    changed: [
      { name: 'GetAllGrantsAsync', now: 'Task<IEnumerable<Grant>> GetAllGrantsAsync(string subjectId)', stale: returnType(/Consent>>$/) },
      { name: 'RemoveAllGrantsAsync', now: 'Task RemoveAllGrantsAsync(string subjectId, string clientId = null, string sessionId = null)', stale: paramCount(2) },
    ],
    message: 'IPersistedGrantService changed in 4.0',
  },
  {
    types: [S('IBackChannelLogoutService')],
    changed: [{ name: 'SendLogoutNotificationsAsync', now: 'Task SendLogoutNotificationsAsync(LogoutNotificationContext context)', stale: paramType(0, /BackChannelLogoutModel>$/) }],
    message: 'IBackChannelLogoutService.SendLogoutNotificationsAsync takes a LogoutNotificationContext since 4.0',
  },
  {
    types: [S('DefaultBackChannelLogoutService')],
    changed: ['SendLogoutNotificationAsync', 'CreateTokenAsync', 'CreateFormPostPayloadAsync', 'CreateClaimsForTokenAsync'].map((name) => ({
      name,
      now: `${name}(BackChannelLogoutRequest request)`,
      stale: paramType(0, /BackChannelLogoutModel$/),
    })),
    message: 'DefaultBackChannelLogoutService passes a BackChannelLogoutRequest (Services) instead of BackChannelLogoutModel since 4.0',
  },
  {
    types: [{ ns: 'IdentityServer4.Stores', name: 'IAuthorizationParametersMessageStore' }, { ns: 'IdentityServer4.Stores.Default', name: 'DistributedCacheAuthorizationParametersMessageStore' }],
    changed: [
      { name: 'WriteAsync', now: 'Task<string> WriteAsync(Message<IDictionary<string, string[]>> message)', stale: paramType(0, /NameValueCollection>$/) },
      { name: 'ReadAsync', now: 'Task<Message<IDictionary<string, string[]>>> ReadAsync(string id)', stale: returnType(/NameValueCollection>>$/) },
    ],
    message: 'authorization parameters are stored as Message<IDictionary<string, string[]>> since 4.0 (was NameValueCollection)',
  },
];

const removedTypes = typeFindingRule({
  id: '3.1-4.1/service-interfaces',
  title: '',
  docs: DOCS,
  types: [
    { type: V('BackChannelLogoutModel'), message: 'Validation.BackChannelLogoutModel was removed in 4.0', suggestion: 'Use IdentityServer4.Services.BackChannelLogoutRequest' },
    { type: { ns: 'IdentityServer4.Models', name: 'EndSession' }, message: 'Models.EndSession was removed in 4.0', suggestion: 'Use IdentityServer4.Models.LogoutNotificationContext' },
  ],
});

const rule: FileRule = {
  id: '3.1-4.1/service-interfaces',
  title: 'Changed service interfaces: refresh token validation, key material, persisted grants, back-channel logout, authorization parameters',
  docs: DOCS,
  kind: 'finding',
  catalog: ['4.1#15', '4.1#16', '4.1#17', '4.1#19', '4.1#20'],
  reads: ['csharp'],
  triggers: [
    'ITokenValidator', 'IRefreshTokenService', 'IKeyMaterialService', 'IPersistedGrantService', 'IBackChannelLogoutService',
    'DefaultBackChannelLogoutService', 'BackChannelLogoutModel', 'EndSession', 'AuthorizationParametersMessageStore', 'LogoutMessage',
  ],
  run(ctx) {
    reportContractChanges(ctx, CONTRACTS);
    const validators = typedNames(ctx, [V('ITokenValidator')]);
    reportOncePerLine(ctx, memberUsesOnNames(ctx, validators, 'ValidateRefreshTokenAsync').map((u) => u.name.startIndex), {
      message: 'ITokenValidator.ValidateRefreshTokenAsync was removed in 4.0',
      suggestion: 'Inject IRefreshTokenService and call its ValidateRefreshTokenAsync(token, client)',
    });
    removedTypes.run(ctx);
    const logoutMessages = typedNames(ctx, [{ ns: 'IdentityServer4.Models', name: 'LogoutMessage' }]);
    reportOncePerLine(ctx, memberUsesOnNames(ctx, logoutMessages, 'Parameters').map((u) => u.name.startIndex), {
      message: 'LogoutMessage.Parameters is an IDictionary<string, string[]> since 4.0 (was NameValueCollection)',
      suggestion: 'Read values as Parameters[key] (string[]), or convert with new NameValueCollection() where one is needed',
    });
  },
};

export default rule;
