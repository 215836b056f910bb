/**
 * 8.0 removed PreviewFeatureOptions and IdentityServerOptions.Preview; its options moved (catalog §4.15 row 20):
 *   options.Preview.EnableDiscoveryDocumentCache            -> options.Discovery.EnableDiscoveryDocumentCache
 *   options.Preview.DiscoveryDocumentCacheDuration          -> options.Discovery.DiscoveryDocumentCacheDuration
 *   options.Preview.StrictClientAssertionAudienceValidation -> options.StrictClientAssertionAudienceValidation
 * The defaults did not change (false, 1 minute, false in 7.2-7.4 and 8.0; the guide's claim that the preview default
 * of StrictClientAssertionAudienceValidation was true does not match the source, catalog §8 item 15).
 *
 * Rewrites (AUTO): those three chains where the receiver is the options lambda parameter of AddIdentityServer(...) or
 * Configure<IdentityServerOptions>(...), or a name declared in the file as IdentityServerOptions.
 * Reports: any other use of `.Preview` on such a receiver, and references to the PreviewFeatureOptions type.
 */
import type { Node } from '../../src/engine/csharp';
import { walk } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';
import { isType } from '../../src/engine/cs/duende80';
import { typeReferences } from '../../src/engine/cs/occurrences';
import { isOptionsReceiver } from '../../src/engine/cs/options-receivers';
import { reportOncePerLine } from '../../src/engine/cs/factories';

const OPTIONS = isType('Configuration', 'IdentityServerOptions');
const MOVES: Record<string, string> = {
  EnableDiscoveryDocumentCache: 'Discovery',
  DiscoveryDocumentCacheDuration: 'Discovery',
  StrictClientAssertionAudienceValidation: '',
};
const DOCS = 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0#previewfeatureoptions-removed-options-relocated';

const rule: FileRule = {
  id: '7.4-8.0/preview-options',
  title: 'IdentityServerOptions.Preview removed: its options move to Discovery / IdentityServerOptions',
  docs: DOCS,
  kind: 'fix',
  catalog: ['4.15#20'],
  reads: ['csharp'],
  triggers: ['Preview'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const others: number[] = [];
    walk(root, (n) => {
      if (n.type !== 'member_access_expression' || n.childForFieldName('name')?.text !== 'Preview') return;
      const receiver = n.childForFieldName('expression');
      if (!receiver || !isOptionsReceiver(ctx, receiver, OPTIONS, ['AddIdentityServer'])) return;
      const outer: Node | null = n.parent;
      const member = outer?.type === 'member_access_expression' && outer.childForFieldName('expression')?.equals(n) ? outer.childForFieldName('name')?.text : undefined;
      const previewName = n.childForFieldName('name')!;
      if (member !== undefined && member in MOVES) {
        const to = MOVES[member];
        if (to) ctx.edit(previewName.startIndex, previewName.endIndex, to);
        else ctx.edit(receiver.endIndex, previewName.endIndex, '');
      } else others.push(previewName.startIndex);
    });
    reportOncePerLine(ctx, others, {
      message: 'IdentityServerOptions.Preview is removed in 8.0',
      suggestion: 'Use options.Discovery.EnableDiscoveryDocumentCache, options.Discovery.DiscoveryDocumentCacheDuration and options.StrictClientAssertionAudienceValidation',
    });
    reportOncePerLine(ctx, typeReferences(ctx, isType('Configuration', 'PreviewFeatureOptions')).map((n) => n.startIndex), {
      message: 'PreviewFeatureOptions is removed in 8.0',
      suggestion: 'Its options moved to IdentityServerOptions.Discovery (EnableDiscoveryDocumentCache, DiscoveryDocumentCacheDuration) and IdentityServerOptions (StrictClientAssertionAudienceValidation)',
    });
  },
};

export default rule;
