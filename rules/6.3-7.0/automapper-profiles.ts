/**
 * AutoMapper left Duende.IdentityServer.EntityFramework.Storage at 7.0, and with it the six AutoMapper profiles of
 * Duende.IdentityServer.EntityFramework.Mappers (catalog §4.10 row 22, §1.3; verified against is/6.3.0 and is/7.0.0).
 * The static ToModel()/ToEntity() extension methods of that namespace remain. Each reference to a profile is reported.
 * (A project that still uses AutoMapper itself gets the package from `automapper-package`.)
 */
import { typeFindingRule } from '../../src/engine/cs/factories';

const MAPPERS = 'Duende.IdentityServer.EntityFramework.Mappers';
const PROFILES = ['ApiResourceMapperProfile', 'ClientMapperProfile', 'IdentityProviderMapperProfile', 'IdentityResourceMapperProfile', 'PersistedGrantMapperProfile', 'ScopeMapperProfile'];

export default typeFindingRule({
  id: '6.3-7.0/automapper-profiles',
  title: 'The AutoMapper profiles of Duende.IdentityServer.EntityFramework.Mappers were removed at 7.0',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_3-to-v7_0',
  catalog: ['4.10#22', '1.3'],
  types: PROFILES.map((name) => ({
    type: { ns: MAPPERS, name },
    message: `${name} was removed in IdentityServer 7.0: the EntityFramework storage no longer uses AutoMapper`,
    suggestion: `delete the ${name} registration (e.g. cfg.AddProfile<${name}>()) and map with the ToModel() / ToEntity() extension methods of ${MAPPERS} (entity.ToModel(), model.ToEntity())`,
  })),
});
