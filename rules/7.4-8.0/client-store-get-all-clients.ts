/**
 * 8.0 adds a member without a default to IClientStore (catalog §4.15 row 6):
 *   IAsyncEnumerable<Client> GetAllClientsAsync(CancellationToken ct)
 * IdentityServer calls it for the conformance report and to enumerate connected applications.
 *
 * Rewrites: a class whose base list names Duende.IdentityServer.Stores.IClientStore (and no base class before it) and
 * declares no GetAllClientsAsync gets a stub that throws NotImplementedException("added by idsrv-codemod: ..."), so
 * the project compiles and the gap is loud; usings are added where the file does not see the namespaces.
 * Reports: every such class (implement the stub), and classes where no stub was added (a base class or another
 * partial part may have the member).
 */
import type { FileRule } from '../../src/engine/rule';
import { isType } from '../../src/engine/cs/duende80';
import { addInterfaceStubs } from '../../src/engine/cs/insert-members';

const rule: FileRule = {
  id: '7.4-8.0/client-store-get-all-clients',
  title: 'IClientStore implementations: GetAllClientsAsync stub',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0#iclientstoregetallclientsasync-now-required',
  kind: 'fix',
  catalog: ['4.15#6'],
  reads: ['csharp'],
  triggers: ['IClientStore'],
  run(ctx) {
    addInterfaceStubs(ctx, {
      iface: isType('Stores', 'IClientStore'),
      members: [
        {
          name: 'GetAllClientsAsync',
          lines: [
            'public IAsyncEnumerable<Client> GetAllClientsAsync(CancellationToken ct) =>',
            '    throw new NotImplementedException("added by idsrv-codemod: IClientStore.GetAllClientsAsync is required since Duende IdentityServer 8.0; return every client of this store");',
          ],
        },
      ],
      usings: ['System', 'System.Collections.Generic', 'System.Threading', 'Duende.IdentityServer.Models'],
      added: (name) => `${name} implements IClientStore, which gains GetAllClientsAsync in 8.0: a stub that throws NotImplementedException was added`,
      suggestion:
        'Implement it to yield every client of the store, e.g. public async IAsyncEnumerable<Client> GetAllClientsAsync([EnumeratorCancellation] CancellationToken ct) { foreach (var c in await LoadAllAsync(ct)) yield return c; }',
    });
  },
};

export default rule;
