/**
 * EF configuration entities in 4.0 (catalog §4.1 row 23).
 *
 * Renames (AUTO), only where the file names IdentityServer4.EntityFramework.Entities (a using, or qualified names):
 * the entity types `ApiSecret` → `ApiResourceSecret` and `IdentityClaim` → `IdentityResourceClaim`.
 * Renames (AUTO) the ConfigurationStoreOptions table settings `IdentityClaim` → `IdentityResourceClaim`, `ApiSecret`
 * → `ApiResourceSecret`, `ApiClaim` → `ApiResourceClaim`: on names declared in the file as ConfigurationStoreOptions,
 * in `new ConfigurationStoreOptions { ... }`, and on the parameter of the options lambda of
 * `AddConfigurationStore(o => ...)` / `AddConfigurationDbContext(o => ...)`.
 * Reports the re-parented entities: `ApiScope.ApiResourceId` / `.ApiResource` (API scopes are top-level now),
 * `ApiScopeClaim.ApiScopeId` / `.ApiScope` (now `ScopeId` / `Scope`), and entity `ApiResource.Scopes` set in an
 * initializer (its elements are ApiResourceScope now).
 */
import { walk, type Node } from '../../src/engine/csharp';
import type { FileContext, FileRule } from '../../src/engine/rule';
import { reportOncePerLine } from '../../src/engine/cs/factories';
import { initializerMembers, typeReferences } from '../../src/engine/cs/occurrences';
import { memberUsesOnNames, typedNames } from '../../src/engine/cs/typed-names';
import { argsOf, argumentValue, isQualified, named, simpleIdentifier, type TypeName } from '../../src/engine/cs/syntax';

const ENTITIES = 'IdentityServer4.EntityFramework.Entities';
const E = (name: string): TypeName => ({ ns: ENTITIES, name });
const OPTIONS: TypeName = { ns: 'IdentityServer4.EntityFramework.Options', name: 'ConfigurationStoreOptions' };
const TYPE_RENAMES: [TypeName, string][] = [
  [E('ApiSecret'), 'ApiResourceSecret'],
  [E('IdentityClaim'), 'IdentityResourceClaim'],
];
const OPTION_RENAMES: Record<string, string> = { IdentityClaim: 'IdentityResourceClaim', ApiSecret: 'ApiResourceSecret', ApiClaim: 'ApiResourceClaim' };

const rule: FileRule = {
  id: '3.1-4.1/ef-entities',
  title: 'EF entities: ApiSecret → ApiResourceSecret, IdentityClaim → IdentityResourceClaim; ConfigurationStoreOptions table settings',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/',
  kind: 'fix',
  catalog: ['4.1#23'],
  reads: ['csharp'],
  triggers: ['ApiSecret', 'IdentityClaim', 'ApiClaim', 'ApiScope', 'ApiResource'],
  run(ctx) {
    for (const [type, to] of TYPE_RENAMES) {
      for (const ref of typeReferences(ctx, type)) renameLast(ctx, ref, type.name, to);
    }

    const options = typedNames(ctx, [OPTIONS]);
    for (const use of memberUsesOnNames(ctx, options, (m) => m in OPTION_RENAMES)) ctx.edit(use.name.startIndex, use.name.endIndex, OPTION_RENAMES[use.name.text]);
    for (const m of initializerMembers(ctx, [OPTIONS], Object.keys(OPTION_RENAMES))) ctx.edit(m.name.startIndex, m.name.endIndex, OPTION_RENAMES[m.name.text]);
    for (const { param, body } of optionLambdas(ctx)) {
      walk(body, (n) => {
        if (n.type !== 'member_access_expression') return;
        const recv = n.childForFieldName('expression');
        const name = n.childForFieldName('name');
        if (recv?.type === 'identifier' && recv.text === param && name && name.text in OPTION_RENAMES) ctx.edit(name.startIndex, name.endIndex, OPTION_RENAMES[name.text]);
      });
    }

    const scopes = typedNames(ctx, [E('ApiScope')]);
    const claims = typedNames(ctx, [E('ApiScopeClaim')]);
    const reparented = [
      ...memberUsesOnNames(ctx, scopes, (m) => m === 'ApiResourceId' || m === 'ApiResource').map((u) => u.name.startIndex),
      ...initializerMembers(ctx, [E('ApiScope')], ['ApiResourceId', 'ApiResource']).map((m) => m.name.startIndex),
    ];
    reportOncePerLine(ctx, reparented, {
      message: 'The ApiScope entity is top-level since 4.0: ApiResourceId and ApiResource were removed',
      suggestion: 'Link a scope to an API resource with an ApiResourceScope row (ApiResource.Scopes, Scope = the scope name)',
    });
    const claimUses = [
      ...memberUsesOnNames(ctx, claims, (m) => m === 'ApiScopeId' || m === 'ApiScope').map((u) => u.name.startIndex),
      ...initializerMembers(ctx, [E('ApiScopeClaim')], ['ApiScopeId', 'ApiScope']).map((m) => m.name.startIndex),
    ];
    reportOncePerLine(ctx, claimUses, { message: 'ApiScopeClaim.ApiScopeId / ApiScope were renamed ScopeId / Scope in 4.0', suggestion: 'Use ScopeId / Scope' });
    reportOncePerLine(ctx, initializerMembers(ctx, [E('ApiResource')], ['Scopes']).map((m) => m.name.startIndex), {
      message: 'The ApiResource entity lists ApiResourceScope rows since 4.0 (was ApiScope entities)',
      suggestion: 'Scopes = new List<ApiResourceScope> { new ApiResourceScope { Scope = "scope name" } }, with the scope itself in ConfigurationDbContext.ApiScopes',
    });
  },
};

export default rule;

function renameLast(ctx: FileContext, ref: Node, from: string, to: string): void {
  let last: Node | null = ref;
  if (isQualified(ref) || ref.type === 'member_access_expression') last = ref.childForFieldName('name');
  if (last?.type === 'generic_name') last = named(last)[0];
  if (last && simpleIdentifier(last) === from) ctx.edit(last.startIndex, last.endIndex, to);
}

/** `AddConfigurationStore(o => ...)` and `AddConfigurationDbContext(o => ...)`: the lambda's parameter name and body. */
function optionLambdas(ctx: FileContext): { param: string; body: Node }[] {
  const root = ctx.tree?.rootNode;
  const out: { param: string; body: Node }[] = [];
  if (!root) return out;
  walk(root, (n) => {
    if (n.type !== 'invocation_expression') return;
    const fn = n.childForFieldName('function');
    const name = fn?.type === 'member_access_expression' ? fn.childForFieldName('name') : null;
    const method = name && simpleIdentifier(name);
    if (method !== 'AddConfigurationStore' && method !== 'AddConfigurationDbContext') return;
    const lambda = argumentValue(argsOf(n.childForFieldName('arguments'))[0] ?? n);
    if (lambda?.type !== 'lambda_expression') return;
    const params = lambda.childForFieldName('parameters');
    const param = params?.type === 'implicit_parameter' || params?.type === 'identifier' ? params.text : params?.type === 'parameter_list' && named(params).length === 1 ? named(params)[0].childForFieldName('name')?.text : undefined;
    const body = lambda.childForFieldName('body');
    if (param && body) out.push({ param, body });
  });
  return out;
}
