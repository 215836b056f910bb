/**
 * IOperationalStoreNotification gained `DeviceCodesRemovedAsync(IEnumerable<DeviceFlowCodes>)` in 4.0 (catalog §4.1
 * row 21).
 *
 * Matches: a class whose base list names IdentityServer4.EntityFramework.IOperationalStoreNotification and that
 * declares no DeviceCodesRemovedAsync.
 * Rewrites (AUTO): adds `public Task DeviceCodesRemovedAsync(IEnumerable<DeviceFlowCodes> deviceCodes)` returning
 * `Task.CompletedTask` right after its PersistedGrantsRemovedAsync (else after its last member), in the same body
 * style (block or `=>`) and indentation. Type names the file cannot see are written fully qualified.
 */
import type { FileRule } from '../../src/engine/rule';
import { insertMemberAfter, indentUnit } from '../../src/engine/cs/layout';
import { fileSees, membersOf, methodsNamed, named, typesDerivingFrom, type TypeName } from '../../src/engine/cs/syntax';
import { indentAt } from '../../src/util/text';

const NOTIFICATION: TypeName = { ns: 'IdentityServer4.EntityFramework', name: 'IOperationalStoreNotification' };

const rule: FileRule = {
  id: '3.1-4.1/operational-store-notification',
  title: 'IOperationalStoreNotification implementations get DeviceCodesRemovedAsync',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/',
  kind: 'fix',
  catalog: ['4.1#21'],
  reads: ['csharp'],
  triggers: ['IOperationalStoreNotification'],
  run(ctx) {
    const q = (ns: string, name: string) => (fileSees(ctx, ns) ? name : `${ns}.${name}`);
    for (const { decl } of typesDerivingFrom(ctx, [NOTIFICATION])) {
      if (methodsNamed(decl, 'DeviceCodesRemovedAsync').length) continue;
      const task = q('System.Threading.Tasks', 'Task');
      const signature = `public ${task} DeviceCodesRemovedAsync(${q('System.Collections.Generic', 'IEnumerable')}<${q('IdentityServer4.EntityFramework.Entities', 'DeviceFlowCodes')}> deviceCodes)`;
      const sibling = methodsNamed(decl, 'PersistedGrantsRemovedAsync')[0];
      const members = membersOf(decl).filter((m) => m.type !== 'comment');
      const after = sibling ?? members[members.length - 1];
      const arrow = !!sibling && (sibling.childForFieldName('body')?.type === 'arrow_expression_clause' || named(sibling).some((c) => c.type === 'arrow_expression_clause'));
      const body = decl.childForFieldName('body')!;
      if (!after) {
        const indent = indentAt(ctx.text, decl.startIndex);
        const unit = indent.includes('\t') ? '\t' : '    ';
        const lines = [`${signature}`, '{', `${unit}return ${task}.CompletedTask;`, '}'].map((l) => indent + unit + l);
        ctx.edit(body.startIndex + 1, body.endIndex - 1, `${ctx.eol}${lines.join(ctx.eol)}${ctx.eol}${indent}`);
        continue;
      }
      const unit = indentUnit(ctx, after, decl);
      insertMemberAfter(ctx, after, arrow ? [`${signature} => ${task}.CompletedTask;`] : [signature, '{', `${unit}return ${task}.CompletedTask;`, '}']);
    }
  },
};

export default rule;
