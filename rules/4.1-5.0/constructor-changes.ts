/**
 * Base constructors that changed from IdentityServer4 4.1 to Duende 5.0 (catalog §4.2 row 10, signatures from §5 and
 * upgrade-signatures.tsv), for classes deriving from them: the derived constructor's `: base(...)` call is rewritten
 * to the 5.0 parameter list (IHttpContextAccessor -> IServiceProvider / IIssuerNameService, IdentityServerOptions and
 * IAutomaticKeyManagerKeyStore added), parameters it no longer needs are dropped and new DI services are taken as new
 * parameters (see src/engine/cs/ctor-change.ts for when it reports instead).
 * Types are listed under the IdentityServer4 namespaces the code still uses at this hop; added usings are written
 * with their Duende name, since the namespace rename of this hop does not see inserted text.
 *
 * Also (row 10, HEUR): JwtRequestValidator's protected property `AudienceUri` became `Task<string> GetAudienceUri()`.
 * In a derived class, `AudienceUri` inside an async method becomes `await GetAudienceUri()` (listed for review);
 * anywhere else it is a finding.
 */
import { walk, type Node } from '../../src/engine/csharp';
import type { FileContext, FileRule } from '../../src/engine/rule';
import { ctorChangeRule } from '../../src/engine/cs/factories';
import type { CtorParam } from '../../src/engine/cs/ctor-change';
import { isMemberName, membersOf, modifiersOf, typesDerivingFrom, type TypeName } from '../../src/engine/cs/syntax';

const IS4 = 'IdentityServer4';
const t = (ns: string, name: string): TypeName => ({ ns, name });
const p = (name: string, type: TypeName, text?: string): CtorParam => ({ name, type, text });

const HTTP = t('Microsoft.AspNetCore.Http', 'IHttpContextAccessor');
const PROVIDER = t('System', 'IServiceProvider');
const CLOCK = t('Microsoft.AspNetCore.Authentication', 'ISystemClock');
const ISSUER = t(`${IS4}.Services`, 'IIssuerNameService'); // new in 5.0: Duende.IdentityServer.Services
const OPTIONS = t(`${IS4}.Configuration`, 'IdentityServerOptions');
const logger = (of: string) => p('logger', t('Microsoft.Extensions.Logging', 'ILogger'), `ILogger<${of}>`);

const JWT_REQUEST_VALIDATOR = t(`${IS4}.Validation`, 'JwtRequestValidator');

const ctors = ctorChangeRule({
  id: '4.1-5.0/constructor-changes',
  title: 'Derived classes: base constructors that changed in Duende 5.0 (CorsPolicyService, IdentityServerTools, JwtRequestValidator, …)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-to-duende-identityserver-v5/',
  catalog: ['4.2#10'],
  usingFor: (ns) => (ns === IS4 || ns.startsWith(`${IS4}.`) ? `Duende.IdentityServer${ns.slice(IS4.length)}` : ns),
  changes: [
    {
      base: [t(`${IS4}.EntityFramework.Services`, 'CorsPolicyService')],
      before: [p('context', HTTP), logger('CorsPolicyService')],
      after: [p('provider', PROVIDER), logger('CorsPolicyService')],
    },
    {
      base: [t(IS4, 'IdentityServerTools')],
      before: [p('contextAccessor', HTTP), p('tokenCreation', t(`${IS4}.Services`, 'ITokenCreationService')), p('clock', CLOCK)],
      after: [p('serviceProvider', PROVIDER), p('issuerNameService', ISSUER), p('tokenCreation', t(`${IS4}.Services`, 'ITokenCreationService')), p('clock', CLOCK)],
    },
    {
      base: [t(`${IS4}.Infrastructure`, 'DistributedCacheStateDataFormatter')],
      before: [p('httpContext', HTTP), p('name', t('System', 'String'), 'string')],
      after: [p('provider', PROVIDER), p('name', t('System', 'String'), 'string')],
    },
    {
      base: [t(`${IS4}.ResponseHandling`, 'AuthorizeResponseGenerator')],
      before: [
        p('clock', CLOCK),
        p('tokenService', t(`${IS4}.Services`, 'ITokenService')),
        p('keyMaterialService', t(`${IS4}.Services`, 'IKeyMaterialService')),
        p('authorizationCodeStore', t(`${IS4}.Stores`, 'IAuthorizationCodeStore')),
        logger('AuthorizeResponseGenerator'),
        p('events', t(`${IS4}.Services`, 'IEventService')),
      ],
      after: [
        p('options', OPTIONS),
        p('clock', CLOCK),
        p('tokenService', t(`${IS4}.Services`, 'ITokenService')),
        p('keyMaterialService', t(`${IS4}.Services`, 'IKeyMaterialService')),
        p('authorizationCodeStore', t(`${IS4}.Stores`, 'IAuthorizationCodeStore')),
        logger('AuthorizeResponseGenerator'),
        p('events', t(`${IS4}.Services`, 'IEventService')),
      ],
    },
    {
      base: [t(`${IS4}.Services`, 'DefaultKeyMaterialService')],
      before: [
        p('validationKeysStores', t('System.Collections.Generic', 'IEnumerable'), 'IEnumerable<IValidationKeysStore>'),
        p('signingCredentialStores', t('System.Collections.Generic', 'IEnumerable'), 'IEnumerable<ISigningCredentialStore>'),
      ],
      after: [
        p('validationKeysStores', t('System.Collections.Generic', 'IEnumerable'), 'IEnumerable<IValidationKeysStore>'),
        p('signingCredentialStores', t('System.Collections.Generic', 'IEnumerable'), 'IEnumerable<ISigningCredentialStore>'),
        p('keyManagerKeyStore', t(`${IS4}.Services.KeyManagement`, 'IAutomaticKeyManagerKeyStore')),
      ],
    },
    {
      base: [t(`${IS4}.Services`, 'LogoutNotificationService')],
      before: [p('clientStore', t(`${IS4}.Stores`, 'IClientStore')), p('httpContextAccessor', HTTP), logger('LogoutNotificationService')],
      after: [p('clientStore', t(`${IS4}.Stores`, 'IClientStore')), p('issuerNameService', ISSUER), logger('LogoutNotificationService')],
    },
    {
      base: [JWT_REQUEST_VALIDATOR],
      before: [p('contextAccessor', HTTP), p('options', OPTIONS), logger('JwtRequestValidator')],
      after: [p('options', OPTIONS), p('issuerNameService', ISSUER), logger('JwtRequestValidator')],
    },
    {
      base: [t(`${IS4}.Validation`, 'PrivateKeyJwtSecretValidator')],
      before: [p('contextAccessor', HTTP), p('replayCache', t(`${IS4}.Services`, 'IReplayCache')), logger('PrivateKeyJwtSecretValidator')],
      after: [p('issuerNameService', ISSUER), p('replayCache', t(`${IS4}.Services`, 'IReplayCache')), logger('PrivateKeyJwtSecretValidator')],
    },
  ],
});

const rule: FileRule = {
  ...ctors,
  title: `${ctors.title}; JwtRequestValidator.AudienceUri becomes GetAudienceUri()`,
  run(ctx) {
    ctors.run(ctx);
    audienceUri(ctx);
  },
};

export default rule;

function audienceUri(ctx: FileContext): void {
  for (const { decl } of typesDerivingFrom(ctx, [JWT_REQUEST_VALIDATOR])) {
    if (membersOf(decl).some((m) => m.type === 'property_declaration' && m.childForFieldName('name')?.text === 'AudienceUri')) continue; // its own
    walk(decl, (n) => {
      if (n.type !== 'identifier' || n.text !== 'AudienceUri') return;
      const access = n.parent?.type === 'member_access_expression' ? n.parent : undefined;
      const target = access?.childForFieldName('expression');
      if (isMemberName(n) && !(target && /^(this|base)$/.test(target.text))) return; // other.AudienceUri
      const whole = access && isMemberName(n) ? access : n;
      if (whole.parent?.type === 'assignment_expression' && whole.parent.childForFieldName('left')?.equals(whole)) return;
      const method = enclosingMethod(n);
      if (method && modifiersOf(method).includes('async')) {
        const prefix = access && isMemberName(n) ? `${target!.text}.` : '';
        const call = `await ${prefix}GetAudienceUri()`;
        const operand = whole.parent?.type === 'member_access_expression' || whole.parent?.type === 'element_access_expression' || whole.parent?.type === 'invocation_expression';
        ctx.edit(whole.startIndex, whole.endIndex, operand ? `(${call})` : call, { review: true });
      } else {
        ctx.report(n, 'JwtRequestValidator.AudienceUri was removed in Duende 5.0; the audience now comes from the async GetAudienceUri()', {
          suggestion: 'make the method async and use `await GetAudienceUri()`',
        });
      }
    });
  }
}

function enclosingMethod(n: Node): Node | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'method_declaration' || p.type === 'local_function_statement') return p;
    if (p.type === 'lambda_expression' || p.type === 'anonymous_method_expression' || p.type.endsWith('accessor_declaration') || p.type === 'constructor_declaration') return undefined;
  }
  return undefined;
}
