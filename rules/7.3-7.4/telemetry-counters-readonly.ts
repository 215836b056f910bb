/** 7.4 made the static counter fields of `Telemetry.Metrics` readonly (catalog §4.14 row 2): assigning one fails. */
import { walk } from '../../src/engine/csharp';
import { fileSees } from '../../src/engine/cs/syntax';
import type { FileRule } from '../../src/engine/rule';

const rule: FileRule = {
  id: '7.3-7.4/telemetry-counters-readonly',
  title: 'Assignments to Telemetry.Metrics counter fields (readonly in 7.4)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_3-to-v7_4',
  kind: 'finding',
  catalog: ['4.14#2'],
  reads: ['csharp'],
  triggers: ['Metrics'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const sees = fileSees(ctx, 'Duende.IdentityServer');
    walk(root, (n) => {
      if (n.type !== 'assignment_expression') return;
      const left = n.childForFieldName('left')?.text.replace(/\s+/g, '') ?? '';
      const m = /^(?:global::)?(Duende\.IdentityServer\.)?Telemetry\.Metrics\.(\w+Counter)$/.exec(left);
      if (!m || (!m[1] && !sees)) return;
      ctx.report(n, `Telemetry.Metrics.${m[2]} is readonly in 7.4 and can no longer be assigned`, {
        severity: 'error',
        suggestion: 'Create your own instrument on your own Meter instead of replacing IdentityServer\'s counter',
      });
    });
  },
};

export default rule;
