/**
 * 6.3 routes the authorization code, device code and CIBA token responses through
 * TokenResponseGenerator.ProcessTokenRequestAsync too (5.x-6.2: only client credentials, password and extension
 * grants), so an override of it now runs for every grant type but refresh tokens (catalog §4.9 row 10, documented;
 * verified in the source of is/6.2.5 and is/6.3.0, namespace Duende.IdentityServer.ResponseHandling).
 *
 * Reports (override signal): `override … ProcessTokenRequestAsync(…)` in a class deriving from TokenResponseGenerator.
 */
import { NS, t } from '../../src/engine/cs/duende-names';
import { derivedMethods } from '../../src/engine/cs/occurrences';
import type { FileRule } from '../../src/engine/rule';

const rule: FileRule = {
  id: '6.2-6.3/token-response-generator',
  title: 'TokenResponseGenerator.ProcessTokenRequestAsync runs for all grant types but refresh tokens since 6.3',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_2-to-v6_3',
  kind: 'finding',
  catalog: ['4.9#10'],
  reads: ['csharp'],
  triggers: ['ProcessTokenRequestAsync'],
  run(ctx) {
    for (const m of derivedMethods(ctx, [t(NS.responseHandling, 'TokenResponseGenerator')], 'ProcessTokenRequestAsync', true)) {
      ctx.report(m.name, 'ProcessTokenRequestAsync is also called for authorization code, device code and CIBA requests since 6.3 (before: client credentials, password and extension grants only)', {
        severity: 'warning',
        suggestion: 'Check that this override is right for every grant type; branch on validationResult.ValidatedRequest.GrantType where it should not apply',
      });
    }
  },
};

export default rule;
