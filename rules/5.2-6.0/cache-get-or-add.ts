/**
 * 6.0 turned the extension `ICacheExtensions.GetAsync<T>(this ICache<T> cache, string key, TimeSpan duration,
 * Func<Task<T>> get, ILogger logger)` (namespace Duende.IdentityServer.Extensions, removed) into the interface member
 * `ICache<T>.GetOrAddAsync(string key, TimeSpan duration, Func<Task<T>> get)`, and added `ICache<T>.RemoveAsync(string
 * key)` (catalog §4.6 row 3; verified at is/5.2.4 and is/6.0.0).
 *
 * Rewrites (HEUR, listed for review; call(recv: ICache<T>)): `cache.GetAsync(key, duration, get, logger)` where `cache`
 * is declared in the file as ICache<…> -> `cache.GetOrAddAsync(key, duration, get)`.
 * Reports:
 *  - the static form `ICacheExtensions.GetAsync(cache, …)`, and a four-argument `x.GetAsync(…)` on a receiver the file
 *    does not declare, in a file that imports Duende.IdentityServer.Extensions (where the extension lived);
 *  - a class implementing ICache<T> without GetOrAddAsync or RemoveAsync.
 * DefaultCache<T>'s constructor change is in 5.2-6.0/constructors.
 */
import { callsNamed } from '../../src/engine/cs/calls';
import { NS, t } from '../../src/engine/cs/duende-names';
import { implementersLacking } from '../../src/engine/cs/missing-members';
import { memberUsesOn, receiverName, declaredTypes } from '../../src/engine/cs/receivers';
import { fileSees, named } from '../../src/engine/cs/syntax';
import type { FileRule } from '../../src/engine/rule';

const ICache = t(NS.services, 'ICache');
const SUGGESTION = 'Call GetOrAddAsync(key, duration, get) on the ICache<T> (the logger argument goes away)';

const rule: FileRule = {
  id: '5.2-6.0/cache-get-or-add',
  title: 'ICache<T>.GetAsync(key, duration, get, logger) extension -> GetOrAddAsync(key, duration, get)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v5_2-to-v6_0',
  kind: 'fix',
  review: true,
  catalog: ['4.6#3'],
  reads: ['csharp'],
  triggers: ['ICache', 'GetAsync'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const rewritten = new Set<number>();
    for (const use of memberUsesOn(ctx, [ICache], 'GetAsync')) {
      const args = named(use.args ?? use.access).filter((c) => c.type === 'argument');
      if (!use.call || args.length !== 4) continue;
      const between = ctx.text.slice(args[2].endIndex, args[3].startIndex);
      if (!/^\s*,\s*$/.test(between)) continue;
      ctx.edit(use.name.startIndex, use.name.endIndex, 'GetOrAddAsync', { review: true });
      ctx.edit(args[2].endIndex, args[3].endIndex, '', { review: true });
      rewritten.add(use.call.startIndex);
    }
    const declared = declaredTypes(root);
    const extensionsVisible = fileSees(ctx, NS.extensions);
    for (const c of callsNamed(root, 'GetAsync')) {
      if (rewritten.has(c.call.startIndex)) continue;
      if (c.receiver?.text === 'ICacheExtensions' || c.receiver?.text === `${NS.extensions}.ICacheExtensions`) {
        ctx.report(c.call, 'ICacheExtensions.GetAsync was removed in 6.0', { severity: 'warning', suggestion: SUGGESTION });
      } else if (extensionsVisible && c.args.length === 4 && c.receiver) {
        const name = receiverName(c.receiver);
        if (name && declared.has(name)) continue; // declared with some other type
        ctx.report(c.call, 'GetAsync(key, duration, get, logger): if this is the ICache<T> extension, it was removed in 6.0', { severity: 'warning', suggestion: SUGGESTION });
      }
    }
    for (const member of ['GetOrAddAsync', 'RemoveAsync']) {
      for (const i of implementersLacking(ctx, ICache, member)) {
        ctx.report(i.base, `${i.decl.childForFieldName('name')?.text}: ICache<T> gained ${member} in 6.0`, {
          severity: 'warning',
          suggestion: member === 'GetOrAddAsync' ? 'Implement `Task<T> GetOrAddAsync(string key, TimeSpan duration, Func<Task<T>> get)`' : 'Implement `Task RemoveAsync(string key)`',
        });
      }
    }
  },
};

export default rule;
