/** `CryptoHelper.GetHashAlgorithmForSigningAlgorithm` is obsolete from 7.1 (catalog §4.11 row 6): a warning, no break. */
import { typeReferences } from '../../src/engine/cs/occurrences';
import type { FileRule } from '../../src/engine/rule';

const HELPER = { ns: 'Duende.IdentityServer.Configuration', name: 'CryptoHelper' };

const rule: FileRule = {
  id: '7.0-7.1/crypto-helper-obsolete',
  title: 'CryptoHelper.GetHashAlgorithmForSigningAlgorithm is obsolete: use GetHashFunctionForSigningAlgorithm',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_0-to-v7_1',
  kind: 'finding',
  catalog: ['4.11#6'],
  reads: ['csharp'],
  triggers: ['GetHashAlgorithmForSigningAlgorithm'],
  run(ctx) {
    for (const n of typeReferences(ctx, HELPER)) {
      if (!/^\s*\.\s*GetHashAlgorithmForSigningAlgorithm\b/.test(ctx.text.slice(n.endIndex, n.endIndex + 60))) continue;
      ctx.report(n, 'CryptoHelper.GetHashAlgorithmForSigningAlgorithm is obsolete in 7.1 (a compiler warning, not an error)', {
        severity: 'info',
        suggestion: 'Call CryptoHelper.GetHashFunctionForSigningAlgorithm instead',
      });
    }
  },
};

export default rule;
