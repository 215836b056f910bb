/**
 * Validation models in 4.0 (catalog §4.1 row 24): ScopeValidator removed (→ IResourceValidator / IScopeParser),
 * `ValidatedRequest.ValidatedScopes` → `ValidatedResources` (a ResourceValidationResult),
 * `ValidatedTokenRequest.Scopes` → `RequestedScopes`, `ValidatedAuthorizeRequest.PromptMode` → `PromptModes`.
 *
 * Rewrites (review):
 *   - `.Scopes` → `.RequestedScopes` on a ValidatedTokenRequest: a name declared as one, `ctx.Request.Scopes` where
 *     `ctx` is declared as an ExtensionGrantValidationContext, ResourceOwnerPasswordValidationContext or
 *     DeviceCodeValidationContext, and `ctx.Result.ValidatedRequest.Scopes` where it is a
 *     CustomTokenRequestValidationContext;
 *   - `….ValidatedScopes.GrantedResources` → `….ValidatedResources.Resources` in files that see
 *     IdentityServer4.Validation.
 * Reports: other uses of `ValidatedScopes`, `PromptMode` on a ValidatedAuthorizeRequest (a name declared as one, or
 * `ctx.Result.ValidatedRequest.PromptMode` on a CustomAuthorizeRequestValidationContext), and the ScopeValidator type.
 */
import { walk, type Node } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';
import { reportOncePerLine } from '../../src/engine/cs/factories';
import { typeReferences } from '../../src/engine/cs/occurrences';
import { receiverIdentifier, typedNames } from '../../src/engine/cs/typed-names';
import { fileSees, type TypeName } from '../../src/engine/cs/syntax';

const NS = 'IdentityServer4.Validation';
const V = (name: string): TypeName => ({ ns: NS, name });
const TOKEN_REQUEST = V('ValidatedTokenRequest');
const AUTHORIZE_REQUEST = V('ValidatedAuthorizeRequest');
/** Root type → member path that reaches a ValidatedTokenRequest / ValidatedAuthorizeRequest. */
const TOKEN_PATHS: [TypeName, string[]][] = [
  [TOKEN_REQUEST, []],
  [V('ExtensionGrantValidationContext'), ['Request']],
  [V('ResourceOwnerPasswordValidationContext'), ['Request']],
  [V('DeviceCodeValidationContext'), ['Request']],
  [V('CustomTokenRequestValidationContext'), ['Result', 'ValidatedRequest']],
  [V('TokenRequestValidationResult'), ['ValidatedRequest']],
];
const AUTHORIZE_PATHS: [TypeName, string[]][] = [
  [AUTHORIZE_REQUEST, []],
  [V('CustomAuthorizeRequestValidationContext'), ['Result', 'ValidatedRequest']],
  [V('AuthorizeRequestValidationResult'), ['ValidatedRequest']],
];

const rule: FileRule = {
  id: '3.1-4.1/validated-request',
  title: 'Validated requests: Scopes → RequestedScopes, ValidatedScopes → ValidatedResources, PromptMode → PromptModes; ScopeValidator removed',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/',
  kind: 'fix',
  catalog: ['4.1#24'],
  reads: ['csharp'],
  triggers: ['Scopes', 'ValidatedScopes', 'PromptMode', 'ScopeValidator'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const roots = typedNames(ctx, [...TOKEN_PATHS, ...AUTHORIZE_PATHS].map(([t]) => t));
    const reaches = (paths: [TypeName, string[]][], expr: Node | null) => {
      const chain = chainOf(expr);
      if (!chain) return false;
      const type = roots.typeOf(chain.root);
      return !!type && paths.some(([t, path]) => t === type && path.join('.') === chain.path.join('.'));
    };
    const sees = fileSees(ctx, NS);
    const otherScopes: number[] = [];
    const prompt: number[] = [];
    walk(root, (n) => {
      if (n.type !== 'member_access_expression') return;
      const name = n.childForFieldName('name');
      const expr = n.childForFieldName('expression');
      if (!name) return;
      if (name.text === 'Scopes' && reaches(TOKEN_PATHS, expr)) ctx.edit(name.startIndex, name.endIndex, 'RequestedScopes', { review: true });
      else if (name.text === 'PromptMode' && reaches(AUTHORIZE_PATHS, expr)) prompt.push(name.startIndex);
      else if (name.text === 'ValidatedScopes' && sees) {
        const outer = n.parent;
        const next = outer?.type === 'member_access_expression' && outer.childForFieldName('expression')?.equals(n) ? outer.childForFieldName('name') : null;
        if (next?.text === 'GrantedResources') {
          ctx.edit(name.startIndex, name.endIndex, 'ValidatedResources', { review: true });
          ctx.edit(next.startIndex, next.endIndex, 'Resources', { review: true });
        } else otherScopes.push(name.startIndex);
      }
    });
    reportOncePerLine(ctx, otherScopes, {
      message: 'ValidatedRequest.ValidatedScopes (a ScopeValidator) was replaced by ValidatedResources (a ResourceValidationResult) in 4.0',
      suggestion: 'ValidatedResources.Resources holds the granted resources, ValidatedResources.RawScopeValues the scope names, ValidatedResources.Resources.OfflineAccess the offline_access flag',
    });
    reportOncePerLine(ctx, prompt, {
      message: 'ValidatedAuthorizeRequest.PromptMode was replaced by PromptModes (IEnumerable<string>) in 4.0',
      suggestion: 'Use PromptModes, e.g. PromptModes.Contains("login")',
    });
    reportOncePerLine(ctx, typeReferences(ctx, V('ScopeValidator')).map((r) => r.startIndex), {
      message: 'ScopeValidator was removed in 4.0',
      suggestion: 'Use IResourceValidator (ValidateRequestedResourcesAsync) and IScopeParser (ParseScopeValues)',
    });
  },
};

export default rule;

/** `a.b.c` (the expression before a member name): its root identifier and the member names after it. */
function chainOf(expr: Node | null): { root: Node; path: string[] } | undefined {
  const path: string[] = [];
  let e = expr;
  while (e?.type === 'member_access_expression') {
    const inner = e.childForFieldName('expression');
    const id = receiverIdentifier(e);
    if (id && !inner) return { root: id, path: path.reverse() }; // this.x
    path.push(e.childForFieldName('name')?.text ?? '');
    e = inner;
  }
  return e?.type === 'identifier' ? { root: e, path: path.reverse() } : undefined;
}
