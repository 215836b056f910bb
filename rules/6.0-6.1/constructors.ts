/**
 * Constructor change of CachingResourceStore<T> (catalog §4.7 row 2, §5): `ICache<CachingResourceStore<T>.ApiResourceNames>
 * apiResourceNames` appended. Verified at the tags: it arrived in 6.0.3 (is/6.0.0-6.0.2 lack it, is/6.0.3-6.1.8 have
 * it), so a project on 6.0.0-6.0.2 meets it here and one coming from 5.2 already got it at 5.2 -> 6.0.
 *
 * Matches: a class whose base list names CachingResourceStore<…> and its constructors forwarding the six 6.0 arguments.
 * Rewrites: adds the parameter (typed with the base as the class wrote it, e.g.
 * `ICache<CachingResourceStore<ResourceStore>.ApiResourceNames>`) and passes it last.
 */
import { ctorChangeRule } from '../../src/engine/cs/factories';
import { ICache, IdentityServerOptions, NS, p, t, typeArgument } from '../../src/engine/cs/duende-names';

const cache = (name: string, text: string) => p(name, ICache, text);
const before = [
  p('options', IdentityServerOptions), typeArgument('inner'),
  cache('identityCache', 'ICache<IdentityResource>'), cache('apisCache', 'ICache<ApiResource>'), cache('scopeCache', 'ICache<ApiScope>'), cache('allCache', 'ICache<Resources>'),
];

export default ctorChangeRule({
  id: '6.0-6.1/constructors',
  title: 'CachingResourceStore subclasses: constructor takes the ApiResourceNames cache',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_0-to-v6_1',
  catalog: ['4.7#2'],
  changes: [
    {
      base: [t(NS.stores, 'CachingResourceStore')],
      before,
      after: [...before, p('apiResourceNames', ICache, (base) => `ICache<${base.text}.ApiResourceNames>`)],
    },
  ],
});
