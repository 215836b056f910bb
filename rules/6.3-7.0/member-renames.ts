/**
 * Names 7.0 corrected (catalog §4.10 rows 13 and 14, verified against is/6.3.0 and is/7.0.0):
 *  - the property `RequestedResourceIndiators` (a typo) of ValidatedAuthorizeRequest and
 *    ValidatedBackchannelAuthenticationRequest is `RequestedResourceIndicators`. The old spelling exists nowhere else,
 *    so every `x.RequestedResourceIndiators`, `{ RequestedResourceIndiators = ... }` and `nameof(...)` member is renamed
 *    in files that use IdentityServer namespaces;
 *  - IBackchannelAuthenticationInteractionService.CompleteLoginRequestAsync's parameter `competionRequest` is
 *    `completionRequest`: a named argument `competionRequest:` in a call of CompleteLoginRequestAsync is renamed.
 */
import { walk } from '../../src/engine/csharp';
import { argsOf, argumentName, declaredNamespaceNames, plainUsings } from '../../src/engine/cs/syntax';
import type { FileContext, FileRule } from '../../src/engine/rule';

const PROPERTY = { from: 'RequestedResourceIndiators', to: 'RequestedResourceIndicators' };
const ARGUMENT = { method: 'CompleteLoginRequestAsync', from: 'competionRequest', to: 'completionRequest' };

/** The file uses IdentityServer: a using of one of its namespaces (file or project), or a name spelled out. */
function usesIdentityServer(ctx: FileContext): boolean {
  const root = ctx.tree?.rootNode;
  if (!root) return false;
  const is = (ns: string) => ns === 'Duende.IdentityServer' || ns.startsWith('Duende.IdentityServer.');
  return [...plainUsings(root), ...ctx.project.usings, ...declaredNamespaceNames(root)].some(is) || /\bDuende\s*\.\s*IdentityServer\b/.test(ctx.text);
}

const rule: FileRule = {
  id: '6.3-7.0/member-renames',
  title: 'RequestedResourceIndiators -> RequestedResourceIndicators; CompleteLoginRequestAsync(completionRequest:)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_3-to-v7_0',
  kind: 'fix',
  catalog: ['4.10#13', '4.10#14'],
  reads: ['csharp'],
  triggers: [PROPERTY.from, ARGUMENT.from],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root || !usesIdentityServer(ctx)) return;
    walk(root, (n) => {
      if (n.type === 'identifier' && n.text === PROPERTY.from) {
        const parent = n.parent;
        const member = parent?.type === 'member_access_expression' && parent.childForFieldName('name')?.equals(n);
        const init = parent?.type === 'assignment_expression' && parent.parent?.type === 'initializer_expression' && parent.childForFieldName('left')?.equals(n);
        if (member || init) ctx.edit(n.startIndex, n.endIndex, PROPERTY.to);
        return;
      }
      if (n.type !== 'invocation_expression') return;
      const fn = n.childForFieldName('function');
      const name = fn?.type === 'member_access_expression' ? fn.childForFieldName('name')?.text : fn?.text;
      if (name !== ARGUMENT.method) return;
      for (const a of argsOf(n.childForFieldName('arguments'))) {
        if (argumentName(a) !== ARGUMENT.from) continue;
        const label = a.childForFieldName('name')!;
        ctx.edit(label.startIndex, label.endIndex, ARGUMENT.to);
      }
    });
  },
};

export default rule;
