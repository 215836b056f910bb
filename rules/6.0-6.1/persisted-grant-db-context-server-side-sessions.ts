/**
 * 6.1 added `DbSet<ServerSideSession> ServerSideSessions { get; set; }` (entity
 * Duende.IdentityServer.EntityFramework.Entities.ServerSideSession, new table ServerSideSessions) to
 * IPersistedGrantDbContext (catalog §4.7 row 4; verified at is/6.1.0).
 *
 * Reports (REPORT, impl signal): a class whose base list names IPersistedGrantDbContext, that does not derive from the
 * library's PersistedGrantDbContext and declares no ServerSideSessions member. The fix is the property plus a
 * migration (6.1 also moves the PersistedGrants primary key to a new Id column).
 */
import { implementersLacking } from '../../src/engine/cs/missing-members';
import { NS, t } from '../../src/engine/cs/duende-names';
import type { FileRule } from '../../src/engine/rule';

const rule: FileRule = {
  id: '6.0-6.1/persisted-grant-db-context-server-side-sessions',
  title: 'Custom IPersistedGrantDbContext implementations: add the ServerSideSessions DbSet',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_0-to-v6_1',
  kind: 'finding',
  catalog: ['4.7#4'],
  reads: ['csharp'],
  triggers: ['IPersistedGrantDbContext'],
  run(ctx) {
    for (const i of implementersLacking(ctx, t(NS.efInterfaces, 'IPersistedGrantDbContext'), 'ServerSideSessions', [t(NS.efDbContexts, 'PersistedGrantDbContext')])) {
      ctx.report(i.base, `${i.decl.childForFieldName('name')?.text}: IPersistedGrantDbContext gained ServerSideSessions in 6.1 (server-side sessions)`, {
        severity: 'warning',
        suggestion: 'Add `public DbSet<ServerSideSession> ServerSideSessions { get; set; }` (Duende.IdentityServer.EntityFramework.Entities) and a migration for the ServerSideSessions table and the new PersistedGrants.Id key',
      });
    }
  },
};

export default rule;
