/**
 * 8.0 replaced the license classes (catalog §4.15 rows 18-19):
 *  - Duende.IdentityServer.IdentityServerLicense, its abstract base Duende.License (with License.LicenseEdition) and
 *    Duende.IdentityServer.Configuration.ConfigurationLicense are removed. Inject the sealed
 *    Duende.IdentityServer.Licensing.LicenseInformation singleton instead (CompanyName, ContactInfo, SerialNumber,
 *    IssuedAt, Expiration, IsConfigured, EntitledSkus): never null, so `license != null` becomes `license.IsConfigured`;
 *  - Licensing.LicenseUsageSummary: the string LicenseEdition became EntitledSkus (IReadOnlyCollection<string>).
 * Reports (no edit: the feature flags and the edition have no one-to-one replacement): references to the removed
 * types, and `.LicenseEdition` on a receiver declared as LicenseUsageSummary.
 */
import type { FileRule } from '../../src/engine/rule';
import { isType } from '../../src/engine/cs/duende80';
import { typeReferences } from '../../src/engine/cs/occurrences';
import { memberUsesOn } from '../../src/engine/cs/receivers';
import { reportOncePerLine } from '../../src/engine/cs/factories';

const DOCS = 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0#identityserverlicense-class-removed';
const INSTEAD = 'Inject Duende.IdentityServer.Licensing.LicenseInformation (registered as a singleton, never null): a null check becomes license.IsConfigured; the edition is now the EntitledSkus collection';

const rule: FileRule = {
  id: '7.4-8.0/license-types',
  title: 'IdentityServerLicense / License removed (LicenseInformation); LicenseUsageSummary.LicenseEdition -> EntitledSkus',
  docs: DOCS,
  kind: 'finding',
  catalog: ['4.15#18', '4.15#19'],
  reads: ['csharp'],
  triggers: ['IdentityServerLicense', 'License', 'LicenseEdition'],
  run(ctx) {
    for (const [type, name] of [
      [isType('', 'IdentityServerLicense'), 'IdentityServerLicense'],
      [{ ns: 'Duende', name: 'License' }, 'Duende.License'],
      [isType('Configuration', 'ConfigurationLicense'), 'ConfigurationLicense'],
    ] as const) {
      reportOncePerLine(ctx, typeReferences(ctx, type).map((n) => n.startIndex), { message: `${name} is removed in 8.0`, suggestion: INSTEAD });
    }
    reportOncePerLine(ctx, memberUsesOn(ctx, [isType('Licensing', 'LicenseUsageSummary')], 'LicenseEdition').map((u) => u.name.startIndex), {
      message: 'LicenseUsageSummary.LicenseEdition is removed in 8.0: it is EntitledSkus, an IReadOnlyCollection<string> of the SKUs the license covers',
      suggestion: 'Use summary.EntitledSkus (e.g. string.Join(", ", summary.EntitledSkus) where a string was shown)',
    });
  },
};

export default rule;
