/**
 * 6.0 dropped the store-options parameter of the EF DbContexts (catalog §4.6 row 1, §5), verified against is/5.2.0,
 * is/5.2.4 and is/6.0.5:
 *   ConfigurationDbContext(DbContextOptions<ConfigurationDbContext> options, ConfigurationStoreOptions storeOptions)
 *   ConfigurationDbContext<TContext>(DbContextOptions<TContext> options, ConfigurationStoreOptions storeOptions)
 *   PersistedGrantDbContext(DbContextOptions<PersistedGrantDbContext> options, OperationalStoreOptions storeOptions)
 *   PersistedGrantDbContext<TContext>(DbContextOptions options, OperationalStoreOptions storeOptions)
 * all become `(options)`: the store options are resolved from DI in OnModelCreating (DbContext pooling); 6.1 adds a
 * settable `StoreOptions` property. `PersistedGrantDbContext<TContext>.SaveChangesAsync()` is no longer overridable.
 *
 * Rewrites (AUTO, base-ctor): in `class X : ConfigurationDbContext<X>` (or the other three), a constructor forwarding
 * `(options, storeOptions)` to `base(...)` forwards `(options)`; the `storeOptions` parameter goes too when nothing
 * else uses it (when something does, it stays: DI still provides it).
 * Reports:
 *  - `new ConfigurationDbContext(options, storeOptions)` / `new PersistedGrantDbContext(...)` with two arguments
 *    (design-time factories, tests): outside DI, 6.0 finds no store options unless the context's service provider
 *    has them; the fix depends on how the context is built;
 *  - an `override … SaveChangesAsync()` without parameters in a PersistedGrantDbContext subclass: the base no longer
 *    declares it; override `SaveChangesAsync(CancellationToken)` instead.
 */
import { applyCtorChanges, type CtorChange } from '../../src/engine/cs/ctor-change';
import { creationsOf } from '../../src/engine/cs/calls';
import { NS, p, t } from '../../src/engine/cs/duende-names';
import { derivedMethods } from '../../src/engine/cs/occurrences';
import { paramsOf } from '../../src/engine/cs/syntax';
import type { FileRule } from '../../src/engine/rule';

const ConfigurationDbContext = t(NS.efDbContexts, 'ConfigurationDbContext');
const PersistedGrantDbContext = t(NS.efDbContexts, 'PersistedGrantDbContext');
const DbContextOptions = t('Microsoft.EntityFrameworkCore', 'DbContextOptions');

const changes: CtorChange[] = [
  { base: [ConfigurationDbContext], before: [p('options', DbContextOptions), p('storeOptions', t(NS.efOptions, 'ConfigurationStoreOptions'))], after: [p('options', DbContextOptions)] },
  { base: [PersistedGrantDbContext], before: [p('options', DbContextOptions), p('storeOptions', t(NS.efOptions, 'OperationalStoreOptions'))], after: [p('options', DbContextOptions)] },
];

const rule: FileRule = {
  id: '5.2-6.0/db-context-store-options',
  title: 'ConfigurationDbContext / PersistedGrantDbContext: constructor without store options',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v5_2-to-v6_0',
  kind: 'fix',
  catalog: ['4.6#1'],
  reads: ['csharp'],
  triggers: ['ConfigurationDbContext', 'PersistedGrantDbContext'],
  run(ctx) {
    applyCtorChanges(ctx, changes);
    for (const c of creationsOf(ctx, [ConfigurationDbContext, PersistedGrantDbContext])) {
      if (c.args.length !== 2) continue;
      ctx.report(c.node, `new ${c.type.name}(options, storeOptions): since 6.0 the constructor takes only the DbContextOptions and resolves the store options from the context's service provider`, {
        severity: 'warning',
        suggestion: `Pass only ${c.args[0].text}; outside DI register the store options in the context's service provider (6.1+: set the StoreOptions property instead)`,
      });
    }
    for (const m of derivedMethods(ctx, [PersistedGrantDbContext], 'SaveChangesAsync', true)) {
      if (paramsOf(m.member.childForFieldName('parameters')).length) continue;
      ctx.report(m.name, `${m.name.text}() no longer exists on PersistedGrantDbContext in 6.0 (IPersistedGrantDbContext.SaveChangesAsync() became a default method over SaveChangesAsync(CancellationToken))`, {
        severity: 'warning',
        suggestion: 'Override SaveChangesAsync(CancellationToken cancellationToken = default) instead',
      });
    }
  },
};

export default rule;
