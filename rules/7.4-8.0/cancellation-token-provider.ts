/**
 * 8.0 removed ICancellationTokenProvider and the protected `CancellationTokenProvider` field of the EF stores,
 * CorsPolicyService and ClientConfigurationStore (catalog R2, §4.15 row 3). Inside a method that gets (or has) the
 * 8.0 CancellationToken parameter, the token it used to read from the provider is that parameter.
 *
 * Matches: in the methods the plan of 7.4-8.0/cancellation-implementations covers (implementations and overrides of
 * the changed members, see that rule), `CancellationTokenProvider.CancellationToken`,
 * `this.CancellationTokenProvider.CancellationToken`, and `x.CancellationToken` where x is `_cancellationTokenProvider`
 * / `cancellationTokenProvider` or is declared in the file as ICancellationTokenProvider.
 * Rewrites (listed for review): the whole member access becomes the method's token parameter (`ct`, the name R2 and
 * R3 use; or the name of the token parameter the method already has).
 * Left alone: uses in other methods (constructors, helpers without a token); the constructor parameter and field
 * themselves are the R2 constructor rule's business.
 */
import { walk, type Node } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';
import { declaredTypes, normType, planDeclarations } from '../../src/engine/cs/cancellation';
import { named } from '../../src/engine/cs/syntax';
import { CANCELLATION_8_0 } from '../../src/plan/cancellation-8.0';

const PROVIDER_NAMES = new Set(['CancellationTokenProvider', '_cancellationTokenProvider', 'cancellationTokenProvider']);

const rule: FileRule = {
  id: '7.4-8.0/cancellation-token-provider',
  title: 'CancellationTokenProvider.CancellationToken becomes the method\'s CancellationToken (8.0)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0',
  kind: 'fix',
  review: true,
  catalog: ['R2', '4.15#3'],
  reads: ['csharp'],
  triggers: ['CancellationTokenProvider', 'cancellationTokenProvider'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const plan = planDeclarations(ctx, CANCELLATION_8_0);
    const declared = declaredTypes(root);
    const isProvider = (obj: Node | null | undefined): boolean => {
      if (!obj) return false;
      if (obj.type === 'member_access_expression') {
        const inner = obj.childForFieldName('expression') ?? named(obj)[0];
        return inner?.type === 'this_expression' || inner?.text === 'this' ? isProvider(obj.childForFieldName('name')) : false;
      }
      if (obj.type !== 'identifier') return false;
      const t = declared.get(obj.text);
      return t ? normType(t.text) === 'ICancellationTokenProvider' : PROVIDER_NAMES.has(obj.text);
    };
    for (const m of plan.methods) {
      if (m.problem) continue;
      const body = m.method.childForFieldName('body');
      if (!body) continue;
      walk(body, (n) => {
        if (n.type !== 'member_access_expression' || n.childForFieldName('name')?.text !== 'CancellationToken') return;
        if (!isProvider(n.childForFieldName('expression'))) return;
        ctx.edit(n.startIndex, n.endIndex, m.token, { review: true });
        return false;
      });
    }
  },
};

export default rule;
