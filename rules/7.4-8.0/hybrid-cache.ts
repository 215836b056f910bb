/**
 * 8.0 removed ICache<T> and DefaultCache<T>: the configuration-store caches are a keyed Microsoft HybridCache
 * (key ServiceProviderKeys.ConfigurationStoreCache), which uses any registered IDistributedCache as its second level
 * (catalog R5, §4.15 row 4). AddInMemoryCaching() and Add*StoreCache<T>() are unchanged.
 *
 * Reports (no edit; how to replace a custom cache is a design decision):
 *  - custom ICache<T> implementations, their registrations and other uses of ICache<T> / DefaultCache<T>;
 *  - classes deriving from CachingClientStore<T>, CachingResourceStore<T>, CachingCorsPolicyService<T> or
 *    CachingIdentityProviderStore<T>, whose constructors now take a HybridCache (with the 8.0 signature);
 *  - CachingOptions.CacheLockTimeout (obsolete in 8.0: a warning only; HybridCache has its own stampede protection).
 */
import { walk, type Node } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';
import { isType } from '../../src/engine/cs/duende80';
import { typeReferences } from '../../src/engine/cs/occurrences';
import { isOptionsReceiver } from '../../src/engine/cs/options-receivers';
import { declName, typesDerivingFrom } from '../../src/engine/cs/syntax';
import { reportOncePerLine } from '../../src/engine/cs/factories';

const DOCS = 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0#icachet--defaultcachet-replaced-by-hybridcache';
const KEYED = 'the keyed HybridCache registered under ServiceProviderKeys.ConfigurationStoreCache';

const CACHING_STORES: [string, string, string][] = [
  ['Stores', 'CachingClientStore', '(IdentityServerOptions options, T inner, HybridCache cache)'],
  ['Stores', 'CachingResourceStore', '(IdentityServerOptions options, T inner, HybridCache cache)'],
  ['Stores', 'CachingCorsPolicyService', '(IdentityServerOptions options, T inner, HybridCache cache)'],
  ['Hosting.DynamicProviders', 'CachingIdentityProviderStore', '(T inner, HybridCache cache, IdentityServerOptions options, IdentityProviderOptionsMonitorCache optionsMonitorCache, ILogger<CachingIdentityProviderStore<T>> logger)'],
];

const rule: FileRule = {
  id: '7.4-8.0/hybrid-cache',
  title: 'ICache<T> / DefaultCache<T> removed: configuration-store caching uses HybridCache',
  docs: DOCS,
  kind: 'finding',
  catalog: ['R5', '4.15#4'],
  reads: ['csharp'],
  triggers: ['ICache', 'DefaultCache', 'CachingClientStore', 'CachingResourceStore', 'CachingCorsPolicyService', 'CachingIdentityProviderStore', 'CacheLockTimeout'],
  run(ctx) {
    const refs = [...typeReferences(ctx, isType('Services', 'ICache')), ...typeReferences(ctx, isType('Services', 'DefaultCache'))].sort((a, b) => a.startIndex - b.startIndex);
    const implemented = refs.filter((n) => n.parent?.type === 'base_list');
    reportOncePerLine(ctx, implemented.map((n) => n.startIndex), {
      message: 'ICache<T> is removed in 8.0: IdentityServer no longer uses a custom cache implementation',
      suggestion: `Remove it and its registration; to change where cached configuration lives, configure ${KEYED} (e.g. register an IDistributedCache such as AddStackExchangeRedisCache as its second level)`,
    });
    reportOncePerLine(ctx, refs.filter((n) => !implemented.includes(n)).map((n) => n.startIndex), {
      message: 'ICache<T> and DefaultCache<T> are removed in 8.0',
      suggestion: `Remove the registration; code that read the cache can inject ${KEYED} ([FromKeyedServices(ServiceProviderKeys.ConfigurationStoreCache)] HybridCache cache)`,
    });
    for (const [sub, name, ctor] of CACHING_STORES) {
      for (const { decl, base } of typesDerivingFrom(ctx, [isType(sub, name)])) {
        ctx.report(base, `${declName(decl)} derives from ${name}<T>, whose constructor takes a HybridCache in 8.0: ${name}${ctor}`, {
          suggestion: `Pass ${KEYED} to the base constructor, and replace what used the ICache<…> parameters`,
        });
      }
    }
    const root = ctx.tree?.rootNode;
    if (!root) return;
    walk(root, (n) => {
      if (n.type !== 'member_access_expression' || n.childForFieldName('name')?.text !== 'CacheLockTimeout') return;
      const caching = n.childForFieldName('expression');
      const options = caching?.type === 'member_access_expression' && caching.childForFieldName('name')?.text === 'Caching' ? caching.childForFieldName('expression') : undefined;
      const viaOptions = options && isOptionsReceiver(ctx, options, isType('Configuration', 'IdentityServerOptions'), ['AddIdentityServer']);
      const direct = caching && isOptionsReceiver(ctx, caching, isType('Configuration', 'CachingOptions'), []);
      if (viaOptions || direct) {
        ctx.report(n.childForFieldName('name') as Node, 'CachingOptions.CacheLockTimeout is obsolete in 8.0: the configuration-store caches (HybridCache) no longer use it; only key management does', {
          severity: 'info',
          suggestion: 'Keep it only for the key-management lock; otherwise remove the assignment',
        });
      }
    });
  },
};

export default rule;
