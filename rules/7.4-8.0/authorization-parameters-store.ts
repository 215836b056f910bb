/**
 * 8.0 removed IAuthorizationParametersMessageStore, its implementations (DistributedCacheAuthorizationParametersMessageStore,
 * QueryStringAuthorizationParametersMessageStore) and the AddAuthorizationParametersMessageStore<T>() builder
 * extension, obsolete since 7.0 (catalog §4.15 row 17). Authorization parameters travel in the query string or, with
 * pushed authorization requests (PAR), by request_uri.
 *
 * Reports (no edit: dropping a registration changes where parameters travel, which is a decision):
 * AddAuthorizationParametersMessageStore<T>() calls, custom implementations, other references to these types.
 */
import { walk, type Node } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';
import { isType } from '../../src/engine/cs/duende80';
import { typeReferences } from '../../src/engine/cs/occurrences';
import { simpleIdentifier } from '../../src/engine/cs/syntax';
import { reportOncePerLine } from '../../src/engine/cs/factories';

const DOCS = 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0#iauthorizationparametersmessagestore-removed';
const PAR = 'to keep authorization parameters out of the query string, require pushed authorization requests instead: AddIdentityServer(options => options.PushedAuthorization.Required = true)';

const rule: FileRule = {
  id: '7.4-8.0/authorization-parameters-store',
  title: 'IAuthorizationParametersMessageStore removed: registrations and implementations (use PAR)',
  docs: DOCS,
  kind: 'finding',
  catalog: ['4.15#17'],
  reads: ['csharp'],
  triggers: ['AuthorizationParametersMessageStore'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const calls: Node[] = [];
    walk(root, (n) => {
      if (n.type !== 'invocation_expression') return;
      const f = n.childForFieldName('function');
      const id = f?.type === 'member_access_expression' ? f.childForFieldName('name') : undefined;
      if (id && simpleIdentifier(id) === 'AddAuthorizationParametersMessageStore') calls.push(id);
    });
    reportOncePerLine(ctx, calls.map((n) => n.startIndex), {
      message: 'AddAuthorizationParametersMessageStore<T>() is removed in 8.0 (the store was obsolete since 7.0)',
      suggestion: `Delete the call; ${PAR}`,
    });
    const refs = [
      ...typeReferences(ctx, isType('Stores', 'IAuthorizationParametersMessageStore')),
      ...typeReferences(ctx, isType('Stores.Default', 'DistributedCacheAuthorizationParametersMessageStore')),
      ...typeReferences(ctx, isType('Stores', 'QueryStringAuthorizationParametersMessageStore')),
    ].filter((n) => !calls.some((c) => c.startIndex <= n.startIndex && n.endIndex <= c.endIndex));
    const implemented = refs.filter((n) => n.parent?.type === 'base_list');
    reportOncePerLine(ctx, implemented.map((n) => n.startIndex), {
      message: 'IAuthorizationParametersMessageStore is removed in 8.0: this store is no longer used',
      suggestion: `Remove the class and its registration; ${PAR}`,
    });
    reportOncePerLine(ctx, refs.filter((n) => !implemented.includes(n)).map((n) => n.startIndex), {
      message: 'IAuthorizationParametersMessageStore and its implementations are removed in 8.0',
      suggestion: `Remove the registration or dependency; ${PAR}`,
    });
  },
};

export default rule;
