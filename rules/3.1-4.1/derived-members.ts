/**
 * Protected members of derivable services (catalog §4.1 row 30).
 *
 * DefaultTokenService: the protected field `Context` (IHttpContextAccessor) is `ContextAccessor` since 4.0. In classes
 * deriving from it, `Context`, `this.Context` and `base.Context` become `ContextAccessor` (AUTO), unless the class
 * declares its own `Context` or the name is a parameter or local where it is used.
 * UserInfoResponseGenerator: overrides of `GetRequestedClaimTypesAsync(IEnumerable<string> scopes)` (now takes a
 * ResourceValidationResult) and `GetRequestedResourcesAsync` returning `Task<Resources>` (now
 * `Task<ResourceValidationResult>`) are reported; so are overrides of the DefaultGrantStore item methods (gained
 * sessionId and description) and of the removed EndSessionRequestValidator.GetClientEndSessionUrlsAsync (TSV deltas
 * of the same kind).
 */
import { walk, type Node } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';
import { paramCount, paramType, reportContractChanges, returnType } from '../../src/engine/cs/implementers';
import { membersOf, named, paramsOf, typesDerivingFrom, type TypeName } from '../../src/engine/cs/syntax';

const TOKEN_SERVICE: TypeName = { ns: 'IdentityServer4.Services', name: 'DefaultTokenService' };
const USERINFO: TypeName = { ns: 'IdentityServer4.ResponseHandling', name: 'UserInfoResponseGenerator' };

const rule: FileRule = {
  id: '3.1-4.1/derived-members',
  title: 'DefaultTokenService.Context → ContextAccessor; UserInfoResponseGenerator, DefaultGrantStore, EndSessionRequestValidator overrides',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/',
  kind: 'fix',
  catalog: ['4.1#30'],
  reads: ['csharp'],
  triggers: ['DefaultTokenService', 'UserInfoResponseGenerator', 'DefaultGrantStore', 'EndSessionRequestValidator'],
  run(ctx) {
    for (const { decl } of typesDerivingFrom(ctx, [TOKEN_SERVICE])) {
      if (membersOf(decl).some((m) => declaredNames(m).includes('Context'))) continue;
      walk(decl, (n) => {
        if (n.type !== 'identifier' || n.text !== 'Context') return;
        const parent = n.parent;
        if (parent?.type === 'member_access_expression' && parent.childForFieldName('name')?.equals(n)) {
          const recv = parent.childForFieldName('expression');
          const first = parent.child(0);
          const selfAccess = recv?.type === 'this_expression' || recv?.type === 'base_expression' || first?.type === 'this' || first?.type === 'base';
          if (!selfAccess) return;
        } else if (isDeclaration(n) || shadowed(n, decl)) return;
        else if (parent?.type === 'assignment_expression' && parent.parent?.type === 'initializer_expression' && parent.childForFieldName('left')?.equals(n)) return;
        ctx.edit(n.startIndex, n.endIndex, 'ContextAccessor');
      });
    }
    reportContractChanges(ctx, [
      {
        types: [USERINFO],
        changed: [
          { name: 'GetRequestedClaimTypesAsync', now: 'Task<IEnumerable<string>> GetRequestedClaimTypesAsync(ResourceValidationResult resourceValidationResult)', stale: paramType(0, /IEnumerable<string>$/) },
          { name: 'GetRequestedResourcesAsync', now: 'Task<ResourceValidationResult> GetRequestedResourcesAsync(IEnumerable<string> scopes)', stale: returnType(/Task<(IdentityServer4\.Models\.)?Resources>$/) },
        ],
        message: 'UserInfoResponseGenerator works with ResourceValidationResult since 4.0',
      },
      {
        types: [{ ns: 'IdentityServer4.Stores', name: 'DefaultGrantStore' }],
        changed: [
          { name: 'CreateItemAsync', now: 'Task<string> CreateItemAsync(T item, string clientId, string subjectId, string sessionId, string description, DateTime created, int lifetime)', stale: paramCount(5) },
          { name: 'StoreItemAsync', now: 'Task StoreItemAsync(string key, T item, string clientId, string subjectId, string sessionId, string description, DateTime created, DateTime? expiration, DateTime? consumedTime = null)', stale: paramCount(6) },
        ],
        message: 'DefaultGrantStore stores the session id and description of grants since 4.0',
      },
      {
        types: [{ ns: 'IdentityServer4.Validation', name: 'EndSessionRequestValidator' }],
        changed: [{ name: 'GetClientEndSessionUrlsAsync', now: 'nothing: the method was removed in 4.0 (ILogoutNotificationService builds the front- and back-channel logout URLs)' }],
        message: 'EndSessionRequestValidator.GetClientEndSessionUrlsAsync was removed in 4.0',
      },
    ]);
  },
};

export default rule;

function declaredNames(member: Node): string[] {
  if (member.type === 'field_declaration') {
    const decl = named(member).find((c) => c.type === 'variable_declaration');
    return decl ? named(decl).filter((c) => c.type === 'variable_declarator').map((d) => d.childForFieldName('name')?.text ?? '') : [];
  }
  const name = member.childForFieldName('name')?.text;
  return name ? [name] : [];
}

function isDeclaration(n: Node): boolean {
  const p = n.parent;
  return !!p && ['parameter', 'variable_declarator', 'method_declaration', 'property_declaration'].includes(p.type) && !!p.childForFieldName('name')?.equals(n);
}

/** A parameter or local named like the identifier in the member that holds it. */
function shadowed(n: Node, cls: Node): boolean {
  let member: Node | null = n;
  while (member && member.parent && !member.parent.equals(cls.childForFieldName('body')!)) member = member.parent;
  if (!member) return false;
  let found = false;
  walk(member, (c) => {
    if ((c.type === 'parameter' || c.type === 'variable_declarator') && c.childForFieldName('name')?.text === n.text) found = true;
    if (c.type === 'implicit_parameter' && c.text === n.text) found = true;
  });
  return found || paramsOf(member.childForFieldName('parameters')).some((q) => q.childForFieldName('name')?.text === n.text);
}
