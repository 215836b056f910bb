/**
 * 6.1 obsoleted the extension `IUserSessionExtensions.GetLogoutNotificationContext(this IUserSession)` (namespace
 * Duende.IdentityServer.Services): "Unused and will be removed in a future version. Use the APIs on the IUserSession
 * directly instead." (catalog §4.7 row 5; read at is/6.1.0). It still compiles, with a warning.
 *
 * Reports (info): calls of GetLogoutNotificationContext in a file that imports Duende.IdentityServer.Services (needed
 * for the extension call) or through `IUserSessionExtensions.GetLogoutNotificationContext(session)`.
 */
import { callsNamed } from '../../src/engine/cs/calls';
import { NS } from '../../src/engine/cs/duende-names';
import { fileSees } from '../../src/engine/cs/syntax';
import type { FileRule } from '../../src/engine/rule';

const rule: FileRule = {
  id: '6.0-6.1/logout-notification-context',
  title: 'IUserSession.GetLogoutNotificationContext() is obsolete since 6.1',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_0-to-v6_1',
  kind: 'finding',
  catalog: ['4.7#5'],
  reads: ['csharp'],
  triggers: ['GetLogoutNotificationContext'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const imported = fileSees(ctx, NS.services);
    for (const c of callsNamed(root, 'GetLogoutNotificationContext')) {
      const staticForm = /^(Duende\.IdentityServer\.Services\.)?IUserSessionExtensions$/.test(c.receiver?.text.replace(/\s+/g, '') ?? '');
      if (!staticForm && !(imported && c.receiver)) continue;
      ctx.report(c.name, 'GetLogoutNotificationContext is obsolete since 6.1', {
        severity: 'info',
        suggestion: 'Build the LogoutNotificationContext from IUserSession directly: SubjectId = (await session.GetUserAsync()).GetSubjectId(), SessionId = await session.GetSessionIdAsync(), ClientIds = await session.GetClientListAsync()',
      });
    }
  },
};

export default rule;
