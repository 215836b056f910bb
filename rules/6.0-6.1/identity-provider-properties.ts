/**
 * 6.1 made `IdentityProvider.Properties` get-only (Duende.IdentityServer.Models; settable again in 7.0). Catalog §4.7
 * row 3; verified at is/6.0.5 and is/6.1.0.
 *
 * Reports (REPORT): `Properties = …` in an object initializer of IdentityProvider or OidcProvider, and `x.Properties =
 * …` on a receiver declared with one of them. Replacing the dictionary no longer compiles; the entries must be added to
 * the existing one. No edit: in an initializer, assigning the dictionary after `Authority = …` used to drop those
 * values, while adding entries keeps them, so the rewrite is not behaviour-neutral.
 */
import { NS, t } from '../../src/engine/cs/duende-names';
import { initializerMembers } from '../../src/engine/cs/occurrences';
import { memberUsesOn } from '../../src/engine/cs/receivers';
import type { Node } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';

const TYPES = [t(NS.models, 'IdentityProvider'), t(NS.models, 'OidcProvider')];

const rule: FileRule = {
  id: '6.0-6.1/identity-provider-properties',
  title: 'IdentityProvider.Properties is get-only in 6.1-6.3',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_0-to-v6_1',
  kind: 'finding',
  catalog: ['4.7#3'],
  reads: ['csharp'],
  triggers: ['Properties'],
  run(ctx) {
    const at: Node[] = initializerMembers(ctx, TYPES, ['Properties'])
      .filter((i) => i.value.type !== 'initializer_expression') // `Properties = { ["k"] = "v" }` adds to the dictionary: fine
      .map((i) => i.name);
    for (const u of memberUsesOn(ctx, TYPES, 'Properties')) {
      const parent = u.access.parent;
      if (parent?.type === 'assignment_expression' && parent.childForFieldName('left')?.equals(u.access)) at.push(u.name);
    }
    for (const n of at.sort((a, b) => a.startIndex - b.startIndex)) {
      ctx.report(n, 'IdentityProvider.Properties has no setter in 6.1-6.3: the dictionary cannot be replaced', {
        severity: 'warning',
        suggestion: 'Add the entries to the existing dictionary instead: `Properties = { ["key"] = "value" }` in an initializer, or provider.Properties["key"] = value',
      });
    }
  },
};

export default rule;
