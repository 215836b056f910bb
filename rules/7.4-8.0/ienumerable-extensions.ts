/**
 * 8.0 made Duende.IdentityServer.Extensions.IEnumerableExtensions internal (catalog §4.15 row 21; not in the guide):
 * `x.IsNullOrEmpty()` and `x.HasDuplicates(selector)` no longer compile in application code. (With that namespace
 * imported, IsNullOrEmpty() applied to strings too, as IEnumerable<char>.)
 *
 * Reports: calls `x.IsNullOrEmpty()` / `x.HasDuplicates(…)` in files that import Duende.IdentityServer.Extensions
 * (the only way the extensions were in scope), and references to the IEnumerableExtensions class. The suggestion
 * depends on x's declared type when the file declares it: string.IsNullOrEmpty(x) for strings,
 * (x == null || !x.Any()) otherwise. No edit: an extension method of the application with the same name may be the
 * one in scope.
 */
import { walk } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';
import { isType } from '../../src/engine/cs/duende80';
import { typeReferences } from '../../src/engine/cs/occurrences';
import { receiverName, scopedDeclaration } from '../../src/engine/cs/receivers';
import { argsOf, fileSees, simpleIdentifier } from '../../src/engine/cs/syntax';

const NS = 'Duende.IdentityServer.Extensions';

const rule: FileRule = {
  id: '7.4-8.0/ienumerable-extensions',
  title: 'IEnumerableExtensions (IsNullOrEmpty, HasDuplicates) no longer public',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0',
  kind: 'finding',
  catalog: ['4.15#21'],
  reads: ['csharp'],
  triggers: ['IsNullOrEmpty', 'HasDuplicates'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    for (const ref of typeReferences(ctx, isType('Extensions', 'IEnumerableExtensions'))) {
      ctx.report(ref, 'Duende.IdentityServer.Extensions.IEnumerableExtensions is internal in 8.0', { suggestion: 'Use (x == null || !x.Any()) for IsNullOrEmpty, or a helper of your own' });
    }
    if (!fileSees(ctx, NS)) return;
    walk(root, (n) => {
      if (n.type !== 'invocation_expression') return;
      const f = n.childForFieldName('function');
      if (f?.type !== 'member_access_expression') return;
      const name = simpleIdentifier(f.childForFieldName('name') ?? f);
      const receiver = f.childForFieldName('expression');
      const args = argsOf(n.childForFieldName('arguments'));
      if (!receiver || !((name === 'IsNullOrEmpty' && args.length === 0) || (name === 'HasDuplicates' && args.length === 1))) return;
      if (receiver.text === 'string' || receiver.text === 'String') return;
      const recv = receiverName(receiver);
      const declared = recv ? scopedDeclaration(n, recv) : undefined;
      const isString = declared?.text.replace(/\?$/, '') === 'string';
      const x = receiver.text;
      ctx.report(f.childForFieldName('name')!, `${name}() came from Duende.IdentityServer.Extensions.IEnumerableExtensions, which is internal in 8.0`, {
        suggestion: name === 'HasDuplicates' ? `Write the check inline, e.g. ${x}.GroupBy(selector).Any(g => g.Count() > 1)` : isString ? `string.IsNullOrEmpty(${x})` : `(${x} == null || !${x}.Any())`,
      });
    });
  },
};

export default rule;
