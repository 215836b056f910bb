/**
 * 7.4.x: `ServerSideSessionCleanupHost` derives from BackgroundService (primary constructor
 * `(IServiceProvider, IdentityServerOptions, ILogger<ServerSideSessionCleanupHost>)`); `StopAsync` was removed,
 * `StartAsync` is an override and `ExecuteAsync` was added (catalog §4.14 row 6). Subclasses need a look.
 */
import { typesDerivingFrom } from '../../src/engine/cs/syntax';
import type { FileRule } from '../../src/engine/rule';

const HOST = { ns: 'Microsoft.Extensions.DependencyInjection', name: 'ServerSideSessionCleanupHost' };

const rule: FileRule = {
  id: '7.3-7.4/session-cleanup-host-subclass',
  title: 'Subclasses of ServerSideSessionCleanupHost (a BackgroundService since 7.4)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_3-to-v7_4',
  kind: 'finding',
  catalog: ['4.14#6'],
  reads: ['csharp'],
  triggers: ['ServerSideSessionCleanupHost'],
  run(ctx) {
    for (const { base } of typesDerivingFrom(ctx, [HOST])) {
      ctx.report(base, 'ServerSideSessionCleanupHost derives from BackgroundService in 7.4: StopAsync was removed, StartAsync is an override, ExecuteAsync does the work, and its constructor is (IServiceProvider, IdentityServerOptions, ILogger<ServerSideSessionCleanupHost>)', {
        severity: 'warning',
        suggestion: 'Override ExecuteAsync (or StartAsync) instead of the removed members, and pass the three constructor arguments to the base',
      });
    }
  },
};

export default rule;
