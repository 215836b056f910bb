/**
 * 7.3 behaviour checks on configuration code (catalog §4.13 row 6):
 * - a client allowed the client_credentials grant must require a client secret: `new Client { AllowedGrantTypes = …
 *   ClientCredentials …, RequireClientSecret = false }` is rejected now;
 * - the default SupportedClientAssertionSigningAlgorithms and SupportedRequestObjectSigningAlgorithms are asymmetric
 *   only: code that sets them to include HS256/HS384/HS512 keeps symmetric keys working only explicitly, and clients
 *   that relied on the old default need it set.
 */
import { walk } from '../../src/engine/csharp';
import { initializerMembers } from '../../src/engine/cs/occurrences';
import type { FileRule } from '../../src/engine/rule';

const CLIENT = { ns: 'Duende.IdentityServer.Models', name: 'Client' };

const rule: FileRule = {
  id: '7.2-7.3/client-credentials-and-algorithms',
  title: 'Client credentials clients without a secret, and symmetric client assertion / request object algorithms (7.3)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_2-to-v7_3',
  kind: 'finding',
  catalog: ['4.13#6'],
  reads: ['csharp'],
  triggers: ['RequireClientSecret', 'SigningAlgorithms'],
  run(ctx) {
    for (const init of initializerMembers(ctx, [CLIENT], ['RequireClientSecret'])) {
      if (init.value.text.trim() !== 'false') continue;
      const grants = initializerMembers(ctx, [CLIENT], ['AllowedGrantTypes']).find((g) => g.creation.equals(init.creation));
      if (!grants || !/ClientCredentials|"client_credentials"/.test(grants.value.text)) continue;
      ctx.report(init.assignment, 'Since 7.3 a client allowed the client_credentials grant must require a client secret; this client would be rejected', {
        severity: 'error',
        suggestion: 'Remove RequireClientSecret = false and give the client a secret (or a private_key_jwt / mTLS credential)',
      });
    }
    const root = ctx.tree?.rootNode;
    if (!root) return;
    walk(root, (n) => {
      if (n.type !== 'assignment_expression') return;
      const left = n.childForFieldName('left');
      const name = left?.type === 'member_access_expression' ? left.childForFieldName('name')?.text : left?.text;
      if (name !== 'SupportedClientAssertionSigningAlgorithms' && name !== 'SupportedRequestObjectSigningAlgorithms') return;
      if (!/\bHS(256|384|512)\b/.test(n.childForFieldName('right')?.text ?? '')) return;
      ctx.report(n, `${name} lists a symmetric (HS*) algorithm; 7.3 defaults to asymmetric algorithms only, so keep this setting deliberately`, {
        severity: 'info',
        suggestion: 'Prefer asymmetric keys (private_key_jwt with RS/PS/ES algorithms); keep HS* only for clients that still need shared-secret JWTs',
      });
    });
  },
};

export default rule;
