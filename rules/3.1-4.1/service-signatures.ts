/**
 * Interface method signatures that implementers must follow (catalog §4.1 rows 13, 14 and 18). AUTO: the signature
 * is rewritten in classes implementing the interface, and in `override`s in classes deriving from its default
 * implementation.
 *
 * Row 13: IClaimsService.GetIdentityTokenClaimsAsync / GetAccessTokenClaimsAsync (and DefaultClaimsService): the
 * `Resources` parameter is a `ResourceValidationResult`; in the method, `p.IdentityResources` / `.ApiResources` /
 * `.OfflineAccess` become `p.Resources.X`; other uses of `p` that are not just passing it on are reported.
 * Row 14: IConsentService.RequiresConsentAsync / UpdateConsentAsync (and DefaultConsentService): the scopes parameter
 * `IEnumerable<string>` is an `IEnumerable<ParsedScopeValue>`; uses of it in the body are reported (the values are
 * `scopes.Select(x => x.RawValue)`).
 * Row 18: IUserSession.CreateSessionIdAsync (and DefaultUserSession): returns `Task<string>` (the new session id); a
 * body that does not simply return the base call is reported.
 * New type names are written simple when the file sees IdentityServer4.Validation, else fully qualified.
 */
import type { Node } from '../../src/engine/csharp';
import type { FileContext, FileRule } from '../../src/engine/rule';
import { derivedMethods, type DerivedMember } from '../../src/engine/cs/occurrences';
import { fileSees, isQualified, modifiersOf, named, paramsOf, referencesTo, typeMatcher, type TypeName } from '../../src/engine/cs/syntax';

const SERVICES = 'IdentityServer4.Services';
const VALIDATION = 'IdentityServer4.Validation';
const RESOURCES: TypeName = { ns: 'IdentityServer4.Models', name: 'Resources' };
const RESOURCES_MEMBERS = new Set(['IdentityResources', 'ApiResources', 'OfflineAccess']);

function methods(ctx: FileContext, iface: string, impl: string, names: string[]): DerivedMember[] {
  const wanted = (n: string) => names.includes(n);
  const seen = new Set<number>();
  return [...derivedMethods(ctx, [{ ns: SERVICES, name: iface }], wanted, false), ...derivedMethods(ctx, [{ ns: SERVICES, name: impl }], wanted, true)].filter((d) => {
    if (seen.has(d.member.startIndex)) return false;
    seen.add(d.member.startIndex);
    return true;
  });
}

/** Uses of a parameter that are not plain arguments of a call (passing it on). */
function usesBeyondPassing(scope: Node, param: Node): Node[] {
  const name = param.childForFieldName('name')!.text;
  return referencesTo(scope, name, param).filter((id) => id.parent?.type !== 'argument');
}

const rule: FileRule = {
  id: '3.1-4.1/service-signatures',
  title: 'IClaimsService, IConsentService, IUserSession implementations: 4.0 parameter and return types',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/',
  kind: 'fix',
  catalog: ['4.1#13', '4.1#14', '4.1#18'],
  reads: ['csharp'],
  triggers: ['IClaimsService', 'DefaultClaimsService', 'IConsentService', 'DefaultConsentService', 'IUserSession', 'DefaultUserSession'],
  run(ctx) {
    const matches = typeMatcher(ctx);
    const validation = (name: string) => (fileSees(ctx, VALIDATION) ? name : `${VALIDATION}.${name}`);

    // Row 13
    for (const d of methods(ctx, 'IClaimsService', 'DefaultClaimsService', ['GetIdentityTokenClaimsAsync', 'GetAccessTokenClaimsAsync'])) {
      for (const p of paramsOf(d.member.childForFieldName('parameters'))) {
        const type = p.childForFieldName('type');
        if (!type || !matches(type, RESOURCES)) continue;
        ctx.edit(type.startIndex, type.endIndex, validation('ResourceValidationResult'));
        const name = p.childForFieldName('name')!.text;
        const leftover: Node[] = [];
        for (const id of referencesTo(d.member, name, p)) {
          const outer = id.parent;
          const member = outer?.type === 'member_access_expression' && outer.childForFieldName('expression')?.equals(id) ? outer.childForFieldName('name') : null;
          if (member && RESOURCES_MEMBERS.has(member.text)) ctx.edit(member.startIndex, member.startIndex, 'Resources.');
          else if (outer?.type !== 'argument') leftover.push(id);
        }
        for (const id of leftover) {
          ctx.report(id, `'${name}' is a ResourceValidationResult since 4.0 (it was Resources)`, { severity: 'warning', suggestion: `Use ${name}.Resources for the Resources, ${name}.RawScopeValues for the scope names` });
        }
      }
    }

    // Row 14
    for (const d of methods(ctx, 'IConsentService', 'DefaultConsentService', ['RequiresConsentAsync', 'UpdateConsentAsync'])) {
      const params = paramsOf(d.member.childForFieldName('parameters'));
      const scopes = params[2];
      const type = scopes?.childForFieldName('type');
      if (params.length !== 3 || !type || !/^(System\.Collections\.Generic\.)?IEnumerable<string>$/.test(type.text.replace(/\s+/g, ''))) continue;
      const element = named(named(type).find((c) => c.type === 'type_argument_list') ?? type)[0];
      if (isQualified(type)) continue;
      if (element?.text === 'string') ctx.edit(element.startIndex, element.endIndex, validation('ParsedScopeValue'));
      const name = scopes.childForFieldName('name')!.text;
      for (const id of usesBeyondPassing(d.member, scopes)) {
        ctx.report(id, `'${name}' holds ParsedScopeValue objects since 4.0 (it held scope names)`, { severity: 'warning', suggestion: `Use ${name}.Select(x => x.RawValue) for the scope names` });
      }
    }

    // Row 18
    for (const d of methods(ctx, 'IUserSession', 'DefaultUserSession', ['CreateSessionIdAsync'])) {
      const returns = d.member.childForFieldName('returns') ?? d.member.childForFieldName('type');
      if (!returns) continue;
      const last = isQualified(returns) ? returns.childForFieldName('name') : returns;
      if (last?.type !== 'identifier' || last.text !== 'Task') continue;
      ctx.edit(last.startIndex, last.endIndex, 'Task<string>');
      const body = d.member.childForFieldName('body') ?? named(d.member).find((c) => c.type === 'arrow_expression_clause');
      const forwards = body?.type === 'arrow_expression_clause' && !modifiersOf(d.member).includes('async') && /^=>\s*base\s*\.\s*CreateSessionIdAsync\s*\(/.test(body.text);
      if (!forwards) {
        ctx.report(d.name, 'IUserSession.CreateSessionIdAsync returns the new session id since 4.0 (Task<string>)', {
          severity: 'warning',
          suggestion: 'Return the session id (e.g. return await base.CreateSessionIdAsync(principal, properties);)',
        });
      }
    }
  },
};

export default rule;

