/**
 * Types of 7.4 that no longer allow what older code did (catalog §4.14 rows 1, 4, 5):
 * `Models.DiscoveryDocument` was removed; `Models.GrantTypes` is a static class (no `new GrantTypes()`, no deriving).
 * Row 5 (`AddEndpoint` gained an optional parameter, `DefaultConcurrencyLock<T>` is IDisposable) is source-compatible.
 */
import { typeFindingRule } from '../../src/engine/cs/factories';
import { typeReferences } from '../../src/engine/cs/occurrences';
import type { FileRule } from '../../src/engine/rule';

const MODELS = 'Duende.IdentityServer.Models';
const GRANT_TYPES = { ns: MODELS, name: 'GrantTypes' };

const discovery = typeFindingRule({
  id: '7.3-7.4/removed-and-sealed-types',
  title: 'DiscoveryDocument removed; GrantTypes is a static class (7.4)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_3-to-v7_4',
  catalog: ['4.14#1', '4.14#4', '4.14#5'],
  triggers: ['DiscoveryDocument', 'GrantTypes'],
  types: [
    {
      type: { ns: MODELS, name: 'DiscoveryDocument' },
      message: 'Duende.IdentityServer.Models.DiscoveryDocument was removed in 7.4 (IdentityServer never used it)',
      suggestion: 'Declare your own class for the discovery document shape, or read discovery with Duende.IdentityModel\'s GetDiscoveryDocumentAsync',
      severity: 'error',
    },
  ],
});

const rule: FileRule = {
  ...discovery,
  run(ctx) {
    discovery.run(ctx);
    for (const ref of typeReferences(ctx, GRANT_TYPES)) {
      const parent = ref.parent;
      const created = parent?.type === 'object_creation_expression' && parent.childForFieldName('type')?.equals(ref);
      const derived = parent?.type === 'base_list';
      if (!created && !derived) continue;
      ctx.report(ref, `GrantTypes is a static class in 7.4: it can no longer be ${created ? 'instantiated' : 'derived from'}`, {
        severity: 'error',
        suggestion: 'Use its static members directly (GrantTypes.Code, GrantTypes.ClientCredentials, ...) and keep your own grant type lists in your own class',
      });
    }
  },
};

export default rule;
