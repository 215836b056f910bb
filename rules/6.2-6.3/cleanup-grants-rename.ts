/**
 * 6.3 renamed TokenCleanupService.RemoveExpiredGrantsAsync(CancellationToken = default) to CleanupGrantsAsync (it
 * removes consumed grants and device codes too); it was public but not virtual (catalog §4.9 row 1; verified at
 * is/6.2.5 and is/6.3.0, namespace Duende.IdentityServer.EntityFramework). ITokenCleanupService declares the new name.
 *
 * Rewrites:
 *  - AUTO: inside a class deriving from TokenCleanupService (that does not declare its own RemoveExpiredGrantsAsync),
 *    the calls `RemoveExpiredGrantsAsync(…)`, `this.RemoveExpiredGrantsAsync(…)` and `base.RemoveExpiredGrantsAsync(…)`;
 *  - HEUR, listed for review: `x.RemoveExpiredGrantsAsync(…)` where x is declared in the file as TokenCleanupService,
 *    or is a local initialised from `GetService<TokenCleanupService>()` / `GetRequiredService<TokenCleanupService>()`,
 *    or the call is chained straight onto such a resolution. (Resolving the class itself is reported by
 *    6.2-6.3/token-cleanup-service.)
 */
import type { Node } from '../../src/engine/csharp';
import { callsNamed, resolutionsOf } from '../../src/engine/cs/calls';
import { memberUsesOn, receiverName } from '../../src/engine/cs/receivers';
import { methodsNamed, named, typesDerivingFrom } from '../../src/engine/cs/syntax';
import { TokenCleanupService } from '../../src/engine/cs/token-cleanup';
import type { FileRule } from '../../src/engine/rule';

const OLD = 'RemoveExpiredGrantsAsync';
const NEW = 'CleanupGrantsAsync';

const rule: FileRule = {
  id: '6.2-6.3/cleanup-grants-rename',
  title: 'TokenCleanupService.RemoveExpiredGrantsAsync renamed CleanupGrantsAsync',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_2-to-v6_3',
  kind: 'fix',
  catalog: ['4.9#1'],
  reads: ['csharp'],
  triggers: [OLD],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const done = new Set<number>();
    const rename = (name: Node, review: boolean) => {
      if (done.has(name.startIndex)) return;
      done.add(name.startIndex);
      ctx.edit(name.startIndex, name.endIndex, NEW, review ? { review: true } : undefined);
    };

    for (const { decl } of typesDerivingFrom(ctx, [TokenCleanupService])) {
      if (methodsNamed(decl, OLD).length) continue;
      for (const c of callsNamed(decl, OLD)) {
        const fn = c.call.childForFieldName('function');
        const bare = fn?.type === 'identifier';
        // `this.X` / `base.X`: the grammar may leave `this` / `base` unnamed, so no receiver node at all.
        const self = !c.receiver ? !bare && receiverName(fn) === OLD : c.receiver.type === 'this_expression' || c.receiver.type === 'base_expression' || c.receiver.text === 'this' || c.receiver.text === 'base';
        if (bare || self) rename(c.name, false);
      }
    }

    for (const u of memberUsesOn(ctx, [TokenCleanupService], OLD)) if (u.call) rename(u.name, true);

    const resolved = resolutionsOf(ctx, TokenCleanupService).map((r) => r.call);
    const locals = new Set<string>();
    for (const call of resolved) {
      const decl = call.parent?.type === 'equals_value_clause' ? call.parent.parent : call.parent;
      if (decl?.type === 'variable_declarator') locals.add(decl.childForFieldName('name')?.text ?? named(decl)[0]?.text ?? '');
    }
    for (const c of callsNamed(root, OLD)) {
      if (!c.receiver) continue;
      const onResolution = resolved.some((r) => r.equals(c.receiver!));
      const onLocal = c.receiver.type === 'identifier' && locals.has(c.receiver.text);
      if (onResolution || onLocal) rename(c.name, true);
    }
  },
};

export default rule;
