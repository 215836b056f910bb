/**
 * IdentityServer4 4.1 APIs that Duende IdentityServer 5.0 removed or reshaped without a mechanical replacement
 * (catalog §4.2 rows 6-9); findings only, each naming the 5.0 API:
 *  - row 6: overrides of DefaultTokenCreationService.CreateHeaderAsync (removed -> CreateHeaderElementsAsync),
 *    CreatePayloadAsync (returns string now) and CreateJwtAsync(JwtSecurityToken) (-> (Token, string, Dictionary));
 *  - row 7: TokenExtensions.CreateJwtPayload(...) -> CreateJwtPayloadDictionary(token, options, clock, logger);
 *  - row 8: IResourceStoreExtensions.CreateResourceValidationResult(...) removed;
 *  - row 9: Stores.Serialization.CustomContractResolver removed; ClaimConverter and ClaimsPrincipalConverter are
 *    System.Text.Json converters now.
 * Signals: override in a class deriving from the type; a call whose file sees the extension's namespace (or names the
 * static class); a type reference (simple when the file sees the namespace, or qualified).
 */
import type { FileContext, FileRule } from '../../src/engine/rule';
import { derivedMethods } from '../../src/engine/cs/occurrences';
import { invocationsOf } from '../../src/engine/cs/is4-duende';
import { reportOncePerLine, typeFindingRule } from '../../src/engine/cs/factories';
import { dotted, fileSees } from '../../src/engine/cs/syntax';

const IS4 = 'IdentityServer4';
const TOKEN_CREATION = { ns: `${IS4}.Services`, name: 'DefaultTokenCreationService' };
const SERIALIZATION = `${IS4}.Stores.Serialization`;

const OVERRIDES: Record<string, { message: string; suggestion: string }> = {
  CreateHeaderAsync: {
    message: 'DefaultTokenCreationService.CreateHeaderAsync(Token) was removed in Duende IdentityServer 5.0 (JwtHeader is no longer built)',
    suggestion: 'override Task<Dictionary<string, object>> CreateHeaderElementsAsync(Token token) and add header values to the dictionary',
  },
  CreatePayloadAsync: {
    message: 'DefaultTokenCreationService.CreatePayloadAsync(Token) returns Task<string> (the JSON payload) in Duende IdentityServer 5.0, no longer Task<JwtPayload>',
    suggestion: 'return the payload as a JSON string, e.g. from token.CreateJwtPayloadDictionary(Options, Clock, Logger) serialized with System.Text.Json',
  },
  CreateJwtAsync: {
    message: 'DefaultTokenCreationService.CreateJwtAsync(JwtSecurityToken) became CreateJwtAsync(Token token, string payload, Dictionary<string, object> headerElements) in Duende IdentityServer 5.0',
    suggestion: 'override the new signature; the payload is a JSON string and the header a dictionary',
  },
};

const converters = typeFindingRule({
  id: '4.1-5.0/removed-apis',
  title: '',
  docs: '',
  types: [
    {
      type: { ns: SERIALIZATION, name: 'CustomContractResolver' },
      message: 'CustomContractResolver (Newtonsoft.Json) was removed in Duende IdentityServer 5.0, which serializes with System.Text.Json',
      suggestion: 'drop it; configure System.Text.Json (JsonSerializerOptions) where you serialized IdentityServer models yourself',
    },
    {
      type: { ns: SERIALIZATION, name: 'ClaimConverter' },
      message: 'ClaimConverter is a System.Text.Json JsonConverter<Claim> in Duende IdentityServer 5.0 (it was a Newtonsoft.Json JsonConverter)',
      suggestion: 'register it in JsonSerializerOptions.Converters, not in Newtonsoft JsonSerializerSettings',
    },
    {
      type: { ns: SERIALIZATION, name: 'ClaimsPrincipalConverter' },
      message: 'ClaimsPrincipalConverter is a System.Text.Json JsonConverter<ClaimsPrincipal> in Duende IdentityServer 5.0 (it was a Newtonsoft.Json JsonConverter)',
      suggestion: 'register it in JsonSerializerOptions.Converters, not in Newtonsoft JsonSerializerSettings',
    },
  ],
});

const rule: FileRule = {
  id: '4.1-5.0/removed-apis',
  title: 'Token creation overrides, CreateJwtPayload, CreateResourceValidationResult and the Newtonsoft serialization types changed or were removed in Duende 5.0',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-to-duende-identityserver-v5/',
  kind: 'finding',
  catalog: ['4.2#6', '4.2#7', '4.2#8', '4.2#9'],
  reads: ['csharp'],
  triggers: ['DefaultTokenCreationService', 'CreateJwtPayload', 'CreateResourceValidationResult', 'CustomContractResolver', 'ClaimConverter', 'ClaimsPrincipalConverter'],
  run(ctx) {
    for (const d of derivedMethods(ctx, [TOKEN_CREATION], (n) => n in OVERRIDES, true)) {
      ctx.report(d.name, OVERRIDES[d.name.text].message, { suggestion: OVERRIDES[d.name.text].suggestion });
    }
    extensionCalls(ctx, 'CreateJwtPayload', `${IS4}.Extensions`, 'TokenExtensions', {
      message: 'TokenExtensions.CreateJwtPayload(...) (returning JwtPayload) was removed in Duende IdentityServer 5.0',
      suggestion: 'use token.CreateJwtPayloadDictionary(options, clock, logger), which returns Dictionary<string, object>; note the order: options before clock',
    });
    extensionCalls(ctx, 'CreateResourceValidationResult', `${IS4}.Stores`, 'IResourceStoreExtensions', {
      message: 'IResourceStoreExtensions.CreateResourceValidationResult(...) was removed in Duende IdentityServer 5.0',
      suggestion: 'validate the requested scopes with IResourceValidator.ValidateRequestedResourcesAsync, or build the ResourceValidationResult from FindResourcesByScopeAsync',
    });
    converters.run(ctx);
  },
};

export default rule;

/** Calls `x.Name(...)` where the file sees the extension's namespace, or `Static.Name(...)` spelled out. */
function extensionCalls(ctx: FileContext, name: string, ns: string, staticClass: string, f: { message: string; suggestion: string }): void {
  const root = ctx.tree?.rootNode;
  if (!root || !ctx.text.includes(name)) return;
  const sees = fileSees(ctx, ns);
  const at = invocationsOf(root, name)
    .filter((i) => {
      const recv = i.access?.childForFieldName('expression');
      if (!recv) return false;
      const r = dotted(recv);
      return sees || r === `${ns}.${staticClass}`;
    })
    .map((i) => i.name.startIndex);
  reportOncePerLine(ctx, at, f);
}
