/**
 * 8.0 adds three SAML 2.0 session members without defaults to IUserSession (catalog §4.15 row 7):
 *   Task AddSamlSessionAsync(SamlSpSessionData session, CancellationToken ct)
 *   Task<IReadOnlyCollection<SamlSpSessionData>> GetSamlSessionListAsync(CancellationToken ct)
 *   Task RemoveSamlSessionAsync(string entityId, CancellationToken ct)
 *
 * Rewrites: a class whose base list names Duende.IdentityServer.Services.IUserSession (and no base class before it)
 * gets the members it lacks as no-op implementations, marked as added by idsrv-codemod. Not throwing stubs: 8.0 calls
 * GetSamlSessionListAsync on every logout (end-session and logout-context code), SAML or not, and the upgrade guide
 * states that no-ops are enough without SAML. `using Duende.IdentityServer.Saml.Models;` and others are added.
 * Reports: every such class (the no-ops must become real code if the host enables SAML 2.0), and classes where nothing
 * was added (a base class, e.g. DefaultUserSession, or another partial part may declare them).
 */
import type { FileRule } from '../../src/engine/rule';
import { isType } from '../../src/engine/cs/duende80';
import { addInterfaceStubs } from '../../src/engine/cs/insert-members';

const rule: FileRule = {
  id: '7.4-8.0/user-session-saml-members',
  title: 'IUserSession implementations: SAML session members (no-ops)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0#iusersession-new-saml-session-methods-breaking-for-custom-implementations',
  kind: 'fix',
  catalog: ['4.15#7'],
  reads: ['csharp'],
  triggers: ['IUserSession'],
  run(ctx) {
    addInterfaceStubs(ctx, {
      iface: isType('Services', 'IUserSession'),
      members: [
        {
          name: 'AddSamlSessionAsync',
          lines: [
            '// added by idsrv-codemod: IUserSession members required since Duende IdentityServer 8.0 (SAML 2.0 sessions); no-ops are enough without SAML',
            'public Task AddSamlSessionAsync(SamlSpSessionData session, CancellationToken ct) => Task.CompletedTask;',
          ],
        },
        {
          name: 'GetSamlSessionListAsync',
          lines: [
            'public Task<IReadOnlyCollection<SamlSpSessionData>> GetSamlSessionListAsync(CancellationToken ct) =>',
            '    Task.FromResult<IReadOnlyCollection<SamlSpSessionData>>(Array.Empty<SamlSpSessionData>());',
          ],
        },
        { name: 'RemoveSamlSessionAsync', lines: ['public Task RemoveSamlSessionAsync(string entityId, CancellationToken ct) => Task.CompletedTask;'] },
      ],
      usings: ['System', 'System.Collections.Generic', 'System.Threading', 'System.Threading.Tasks', 'Duende.IdentityServer.Saml.Models'],
      added: (name, names) => `${name} implements IUserSession, which gains ${names.join(', ')} in 8.0: no-op implementations were added`,
      suggestion: 'Keep the no-ops if the host does not use SAML 2.0; otherwise store the SAML service-provider sessions with the rest of the session (see DefaultUserSession)',
    });
  },
};

export default rule;
