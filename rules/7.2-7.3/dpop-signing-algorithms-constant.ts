/**
 * 7.3 removed the static `IdentityServerConstants.SupportedDPoPSigningAlgorithms` (catalog §4.13 row 2); the list is now
 * an option, `IdentityServerOptions.DPoP.SupportedDPoPSigningAlgorithms`. Which options instance is in scope is a
 * semantic question, so this is a finding with the replacement.
 */
import { typeReferences } from '../../src/engine/cs/occurrences';
import type { FileRule } from '../../src/engine/rule';

const CONSTANTS = { ns: 'Duende.IdentityServer', name: 'IdentityServerConstants' };

const rule: FileRule = {
  id: '7.2-7.3/dpop-signing-algorithms-constant',
  title: 'IdentityServerConstants.SupportedDPoPSigningAlgorithms removed: use IdentityServerOptions.DPoP.SupportedDPoPSigningAlgorithms',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_2-to-v7_3',
  kind: 'finding',
  catalog: ['4.13#2'],
  reads: ['csharp'],
  triggers: ['SupportedDPoPSigningAlgorithms'],
  run(ctx) {
    for (const n of typeReferences(ctx, CONSTANTS)) {
      if (!/^\s*\.\s*SupportedDPoPSigningAlgorithms\b/.test(ctx.text.slice(n.endIndex, n.endIndex + 60))) continue;
      ctx.report(n, 'IdentityServerConstants.SupportedDPoPSigningAlgorithms was removed in 7.3; the list is configurable now', {
        severity: 'error',
        suggestion: 'Read it from the options: options.DPoP.SupportedDPoPSigningAlgorithms (IdentityServerOptions, e.g. injected as IdentityServerOptions or IOptions<IdentityServerOptions>)',
      });
    }
  },
};

export default rule;
