/**
 * Interface and virtual methods whose parameters changed at 7.0 (catalog §4.10 rows 9-11, verified against is/6.3.0
 * and is/7.0.0):
 *  - row 9: IReferenceTokenStore.RemoveReferenceTokensAsync(subjectId, clientId) gained `string? sessionId = null`, and
 *    DefaultGrantStore<T>'s protected virtual RemoveAllAsync(subjectId, clientId) gained `string sessionId = null`.
 *    Implementations (class names the interface) and overrides (class derives from DefaultGrantStore<T> or one of its
 *    default stores) with the two old parameters get the third appended (AUTO): without it they no longer implement
 *    or override anything.
 *  - row 10: IAuthorizeRequestValidator.ValidateAsync(parameters, subject = null) gained
 *    `AuthorizeRequestType authorizeRequestType = AuthorizeRequestType.Authorize`: appended to implementations (AUTO);
 *    inside them, a call `x.ValidateAsync(parameters, subject)` on another IAuthorizeRequestValidator (a decorator's
 *    inner validator) also passes it on (HEUR, for review), so pushed authorization requests keep their type.
 *  - row 11: IIntrospectionRequestValidator.ValidateAsync(NameValueCollection, ApiResource) became
 *    ValidateAsync(IntrospectionRequestValidationContext). A call on a receiver declared with the interface becomes
 *    `ValidateAsync(new IntrospectionRequestValidationContext { Parameters = p, Api = a })` (HEUR, for review);
 *    implementations are reported (their body must move to the context, which also carries the calling Client).
 * The appended `string sessionId` is written `string?` in a file under `#nullable enable`.
 */
import type { Node } from '../../src/engine/csharp';
import { derivedMethods } from '../../src/engine/cs/occurrences';
import { memberUsesOn } from '../../src/engine/cs/receivers';
import { argsOf, argumentName, fileSees, paramsOf, type TypeName } from '../../src/engine/cs/syntax';
import type { FileContext, FileRule } from '../../src/engine/rule';

const Stores = 'Duende.IdentityServer.Stores';
const Validation = 'Duende.IdentityServer.Validation';
const REFERENCE_TOKEN_STORE: TypeName = { ns: Stores, name: 'IReferenceTokenStore' };
const GRANT_STORES: TypeName[] = ['DefaultGrantStore', 'DefaultAuthorizationCodeStore', 'DefaultBackChannelAuthenticationRequestStore', 'DefaultReferenceTokenStore', 'DefaultRefreshTokenStore', 'DefaultUserConsentStore'].map((name) => ({ ns: Stores, name }));
const AUTHORIZE_VALIDATOR: TypeName = { ns: Validation, name: 'IAuthorizeRequestValidator' };
const INTROSPECTION_VALIDATOR: TypeName = { ns: Validation, name: 'IIntrospectionRequestValidator' };

function parameterList(method: Node): Node | undefined {
  return method.childForFieldName('parameters') ?? undefined;
}

/** Appends `text` after the last parameter of the method's list. */
function appendParameter(ctx: FileContext, method: Node, text: string): void {
  const list = parameterList(method)!;
  const params = paramsOf(list);
  const last = params[params.length - 1];
  ctx.edit(last.endIndex, last.endIndex, `, ${text}`);
}

function nullableContext(ctx: FileContext): boolean {
  return /^\s*#nullable\s+enable\b/m.test(ctx.text);
}

/** The simple name the file can use for a Validation type, or its full name. */
function validationType(ctx: FileContext, name: string): string {
  return fileSees(ctx, Validation) ? name : `${Validation}.${name}`;
}

const rule: FileRule = {
  id: '6.3-7.0/interface-signatures',
  title: 'RemoveReferenceTokensAsync/RemoveAllAsync gain sessionId, IAuthorizeRequestValidator gains the request type, introspection validation takes a context',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_3-to-v7_0',
  kind: 'fix',
  catalog: ['4.10#9', '4.10#10', '4.10#11'],
  reads: ['csharp'],
  triggers: ['RemoveReferenceTokensAsync', 'RemoveAllAsync', 'IAuthorizeRequestValidator', 'IIntrospectionRequestValidator'],
  run(ctx) {
    const sessionId = nullableContext(ctx) ? 'string? sessionId = null' : 'string sessionId = null';

    // row 9
    const twoStrings = (m: Node) => {
      const ps = paramsOf(parameterList(m));
      return ps.length === 2 && ps.every((p) => /^string\??$/.test(p.childForFieldName('type')?.text ?? ''));
    };
    for (const d of derivedMethods(ctx, [REFERENCE_TOKEN_STORE], 'RemoveReferenceTokensAsync', false)) if (twoStrings(d.member)) appendParameter(ctx, d.member, sessionId);
    for (const d of derivedMethods(ctx, GRANT_STORES, 'RemoveAllAsync', true)) if (twoStrings(d.member)) appendParameter(ctx, d.member, sessionId);

    // row 10
    for (const d of derivedMethods(ctx, [AUTHORIZE_VALIDATOR], 'ValidateAsync', false)) {
      const ps = paramsOf(parameterList(d.member));
      if (ps.length !== 2 || !/NameValueCollection$/.test(ps[0].childForFieldName('type')?.text ?? '')) continue;
      const type = validationType(ctx, 'AuthorizeRequestType');
      appendParameter(ctx, d.member, `${type} authorizeRequestType = ${type}.Authorize`);
      const names = ps.map((p) => p.childForFieldName('name')?.text);
      for (const use of memberUsesOn(ctx, [AUTHORIZE_VALIDATOR], 'ValidateAsync')) {
        if (!use.args || use.access.startIndex < d.member.startIndex || use.access.endIndex > d.member.endIndex) continue;
        const args = argsOf(use.args);
        if (args.length === 2 && args.every((a, i) => !argumentName(a) && a.text === names[i])) ctx.edit(args[1].endIndex, args[1].endIndex, ', authorizeRequestType', { review: true });
      }
    }

    // row 11
    for (const use of memberUsesOn(ctx, [INTROSPECTION_VALIDATOR], 'ValidateAsync')) {
      const args = use.args ? argsOf(use.args) : [];
      if (args.length !== 2 || args.some((a) => argumentName(a))) continue;
      const context = validationType(ctx, 'IntrospectionRequestValidationContext');
      ctx.edit(args[0].startIndex, args[1].endIndex, `new ${context} { Parameters = ${args[0].text}, Api = ${args[1].text} }`, { review: true });
    }
    for (const d of derivedMethods(ctx, [INTROSPECTION_VALIDATOR], 'ValidateAsync', false)) {
      if (paramsOf(parameterList(d.member)).length !== 2) continue;
      ctx.report(d.name, 'IIntrospectionRequestValidator.ValidateAsync takes an IntrospectionRequestValidationContext since 7.0', {
        severity: 'warning',
        suggestion: 'implement `Task<IntrospectionRequestValidationResult> ValidateAsync(IntrospectionRequestValidationContext context)` and read context.Parameters, context.Api (and the new context.Client)',
      });
    }
  },
};

export default rule;
