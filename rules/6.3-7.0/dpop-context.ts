/**
 * DPoPProofValidatonContext at 7.0 (catalog §4.10 row 7, verified against is/6.3.0 and is/7.0.0): the `Client`
 * property is gone; the two client settings the validator read from it are properties of their own
 * (`ExpirationValidationMode` = Client.DPoPValidationMode, `ClientClockSkew` = Client.DPoPClockSkew), and the context
 * gained `Url` and `Method` (the request the proof must match), `ValidateAccessToken` and `AccessToken`.
 *
 * HEUR rewrites (listed for review), on receivers declared DPoPProofValidatonContext in the file (e.g. the `context`
 * parameter of an override in a DefaultDPoPProofValidator subclass):
 *  - `context.Client.DPoPValidationMode` -> `context.ExpirationValidationMode`, `context.Client.DPoPClockSkew` -> `context.ClientClockSkew`;
 *  - `new DPoPProofValidatonContext { Client = c, ... }` -> `{ ExpirationValidationMode = c.DPoPValidationMode,
 *    ClientClockSkew = c.DPoPClockSkew, ... }` when c is a plain name or member chain.
 * Reports: any other use of `context.Client`, and a `new DPoPProofValidatonContext { ... }` that sets neither Url nor
 * Method (7.0 compares the proof's htu/htm claims with them).
 */
import type { Node } from '../../src/engine/csharp';
import { walk } from '../../src/engine/csharp';
import { memberUsesOn } from '../../src/engine/cs/receivers';
import { named, typeMatcher, type TypeName } from '../../src/engine/cs/syntax';
import type { FileRule } from '../../src/engine/rule';

const CONTEXT: TypeName = { ns: 'Duende.IdentityServer.Validation', name: 'DPoPProofValidatonContext' };
const MOVED: Record<string, string> = { DPoPValidationMode: 'ExpirationValidationMode', DPoPClockSkew: 'ClientClockSkew' };

const rule: FileRule = {
  id: '6.3-7.0/dpop-context',
  title: 'DPoPProofValidatonContext.Client removed at 7.0: ExpirationValidationMode, ClientClockSkew, Url and Method',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_3-to-v7_0',
  kind: 'fix',
  review: true,
  catalog: ['4.10#7'],
  reads: ['csharp'],
  triggers: ['DPoPProofValidatonContext'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    for (const use of memberUsesOn(ctx, [CONTEXT], 'Client')) {
      const outer = use.access.parent;
      const setting = outer?.type === 'member_access_expression' && outer.childForFieldName('expression')?.equals(use.access) ? outer.childForFieldName('name')?.text : undefined;
      if (setting && MOVED[setting]) {
        ctx.edit(use.name.startIndex, outer!.endIndex, MOVED[setting]);
        continue;
      }
      ctx.report(use.access, 'DPoPProofValidatonContext.Client was removed in IdentityServer 7.0', {
        severity: 'warning',
        suggestion: 'use context.ExpirationValidationMode (was Client.DPoPValidationMode) and context.ClientClockSkew (was Client.DPoPClockSkew); for other client data, look the client up (IClientStore) by its id',
      });
    }
    const matches = typeMatcher(ctx);
    walk(root, (n) => {
      if (n.type !== 'object_creation_expression' || !matches(n.childForFieldName('type'), CONTEXT)) return;
      const init = named(n).find((c) => c.type === 'initializer_expression');
      const members = init ? named(init).filter((c) => c.type === 'assignment_expression') : [];
      const name = (a: Node) => a.childForFieldName('left')?.text;
      for (const a of members.filter((m) => name(m) === 'Client')) {
        const value = a.childForFieldName('right');
        if (value && /^(identifier|member_access_expression)$/.test(value.type) && !members.some((m) => name(m) === 'ExpirationValidationMode' || name(m) === 'ClientClockSkew')) {
          ctx.edit(a.startIndex, a.endIndex, `ExpirationValidationMode = ${value.text}.DPoPValidationMode, ClientClockSkew = ${value.text}.DPoPClockSkew`);
        } else {
          ctx.report(a, 'DPoPProofValidatonContext.Client was removed in IdentityServer 7.0', {
            severity: 'warning',
            suggestion: 'set ExpirationValidationMode = client.DPoPValidationMode and ClientClockSkew = client.DPoPClockSkew instead',
          });
        }
      }
      if (!members.some((m) => name(m) === 'Url' || name(m) === 'Method')) {
        ctx.report(n, 'DPoPProofValidatonContext needs Url and Method since IdentityServer 7.0: the proof\'s htu and htm claims are checked against them', {
          severity: 'warning',
          suggestion: 'set Url (the absolute request URL the proof was made for) and Method (the HTTP method) in the initializer',
        });
      }
    });
  },
};

export default rule;
