/**
 * 7.3 moved IdentityServer's metrics from the `Duende.IdentityServer.Experimental` meter to `Duende.IdentityServer`
 * and removed `Telemetry.ServiceNameExperimental` and `Telemetry.Metrics.ExperimentalMeter` (catalog §4.13 row 5).
 * Signals: those two members, and an `AddMeter("Duende.IdentityServer.Experimental")` call, whose meter no longer
 * emits IdentityServer's metrics. Findings: which meters to listen to is the user's call.
 */
import { typeReferences } from '../../src/engine/cs/occurrences';
import { invocationsNamed } from '../../src/engine/cs/factories';
import type { FileRule } from '../../src/engine/rule';

const TELEMETRY = { ns: 'Duende.IdentityServer', name: 'Telemetry' };

const rule: FileRule = {
  id: '7.2-7.3/experimental-meter',
  title: 'The experimental meter is gone: metrics moved to the Duende.IdentityServer meter',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_2-to-v7_3',
  kind: 'finding',
  catalog: ['4.13#5'],
  reads: ['csharp'],
  triggers: ['Experimental'],
  run(ctx) {
    for (const n of typeReferences(ctx, TELEMETRY)) {
      const m = /^\s*\.\s*(ServiceNameExperimental|Metrics\s*\.\s*ExperimentalMeter)\b/.exec(ctx.text.slice(n.endIndex, n.endIndex + 80));
      if (m) {
        ctx.report(n, `Telemetry.${m[1].replace(/\s+/g, '')} was removed in 7.3: IdentityServer's metrics are emitted by the "Duende.IdentityServer" meter now`, {
          severity: 'error',
          suggestion: 'Use Telemetry.ServiceName ("Duende.IdentityServer")',
        });
      }
    }
    for (const { args } of invocationsNamed(ctx, 'AddMeter')) {
      for (const a of args) {
        if (/^\s*(@|\$)?"Duende\.IdentityServer\.Experimental"\s*$/.test(a.text)) {
          ctx.report(a, 'Since 7.3 the "Duende.IdentityServer.Experimental" meter emits nothing: its metrics moved to "Duende.IdentityServer"', {
            severity: 'warning',
            suggestion: 'AddMeter("Duende.IdentityServer") (Telemetry.ServiceName), and update dashboards that filter on the meter name',
          });
        }
      }
    }
  },
};

export default rule;
