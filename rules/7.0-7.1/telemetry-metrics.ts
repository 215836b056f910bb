/**
 * The experimental `Telemetry.Metrics` API changed at 7.1 (catalog §4.11 row 5: failure/success counter fields and
 * several `Counters.*` constants removed, the rest renamed with a `tokenservice.` prefix) and again at 7.3 (row 4.13#5:
 * `ServiceNameExperimental` and `ExperimentalMeter` removed; metrics moved from the `Duende.IdentityServer.Experimental`
 * meter to `Duende.IdentityServer`). Findings on code that touches `Telemetry.Metrics`; dashboards need a human too.
 */
import { typeReferences } from '../../src/engine/cs/occurrences';
import { reportOncePerLine } from '../../src/engine/cs/factories';
import type { FileRule } from '../../src/engine/rule';

const rule: FileRule = {
  id: '7.0-7.1/telemetry-metrics',
  title: 'Code using the experimental Telemetry.Metrics counters (renamed and partly removed in 7.1)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_0-to-v7_1',
  kind: 'finding',
  catalog: ['4.11#5'],
  reads: ['csharp'],
  triggers: ['Telemetry'],
  run(ctx) {
    const uses = typeReferences(ctx, { ns: 'Duende.IdentityServer', name: 'Telemetry' }).filter((n) => /^\s*\.\s*Metrics\b/.test(ctx.text.slice(n.endIndex, n.endIndex + 40)));
    reportOncePerLine(ctx, uses.map((n) => n.startIndex), {
      message: 'Telemetry.Metrics changed in 7.1: the *FailureCounter/SuccessCounter fields and the Counters failure/success constants were removed, and the remaining counter names gained a "tokenservice." prefix (e.g. "token_issued" → "tokenservice.token_issued")',
      suggestion: 'Use the remaining counters or your own meter; update dashboards and alerts to the new instrument names',
    });
  },
};

export default rule;
