/**
 * IIdentityProviderStore gained `Task<IEnumerable<IdentityProviderName>> GetAllSchemeNamesAsync()` in 5.2.x (not 5.2.0; the hop lands on 5.2.4)
 * (catalog 4.5#3; verified at is/5.2.0, is/5.2.4 and is/6.0.0). The caching decorator and the login UI list the
 * dynamic providers with it.
 *
 * Reports (impl signal): a class whose base list names IIdentityProviderStore (not deriving from the EF
 * IdentityProviderStore) and declares no GetAllSchemeNamesAsync. No stub is inserted: a stub that throws would
 * compile and then fail at runtime when the login page lists providers; the compiler error is the better prompt,
 * and the suggestion gives the member to write.
 */
import { implementersLacking } from '../../src/engine/cs/missing-members';
import { NS, t } from '../../src/engine/cs/duende-names';
import type { FileRule } from '../../src/engine/rule';

const rule: FileRule = {
  id: '5.1-5.2/identity-provider-store-scheme-names',
  title: 'Custom IIdentityProviderStore implementations: implement GetAllSchemeNamesAsync',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v5_1-to-v5_2',
  kind: 'finding',
  catalog: ['4.5#3'],
  reads: ['csharp'],
  triggers: ['IIdentityProviderStore'],
  run(ctx) {
    for (const i of implementersLacking(ctx, t(NS.stores, 'IIdentityProviderStore'), 'GetAllSchemeNamesAsync', [t(NS.efStores, 'IdentityProviderStore')])) {
      ctx.report(i.base, `${i.decl.childForFieldName('name')?.text}: IIdentityProviderStore gained GetAllSchemeNamesAsync()`, {
        severity: 'warning',
        suggestion: 'Implement `public Task<IEnumerable<IdentityProviderName>> GetAllSchemeNamesAsync()` returning Scheme, DisplayName and Enabled of every stored provider',
      });
    }
  },
};

export default rule;
