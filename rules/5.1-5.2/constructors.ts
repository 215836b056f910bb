/**
 * Constructor changes at 5.1 -> 5.2 of library classes that users derive from (catalog §4.5 rows 1 and 4, §5). The hop
 * lands on the newest 5.2 patch (5.2.4), so the patch-release changes are included. Verified against is/5.1.0,
 * is/5.1.1, is/5.2.0 and is/5.2.4:
 *  - AuthorizeInteractionResponseGenerator gains `IdentityServerOptions options` first (5.2.0);
 *  - PrivateKeyJwtSecretValidator gains `IHttpContextAccessor contextAccessor` first (5.2.x patch; 6.0 replaces it
 *    again, see 5.2-6.0/constructors).
 * CachingIdentityProviderStore<T> (row 4) is new in 5.2, so no 5.1 code derives from it; its 5.2.0 -> 5.2.x change is
 * handled at 5.2 -> 6.0, where a 5.2.0 project goes next.
 *
 * Matches: a class whose base list names the type and its constructors whose `base(...)` forwards the old arguments.
 * Rewrites: adds the parameter (or reuses one of that type), passes it at its position, adds the using.
 */
import { ctorChangeRule } from '../../src/engine/cs/factories';
import { IHttpContextAccessor, IIssuerNameService, IdentityServerOptions, ILogger, ISystemClock, NS, p, t } from '../../src/engine/cs/duende-names';

const IReplayCache = t(NS.services, 'IReplayCache');
const IConsentService = t(NS.services, 'IConsentService');
const IProfileService = t(NS.services, 'IProfileService');

export default ctorChangeRule({
  id: '5.1-5.2/constructors',
  title: 'AuthorizeInteractionResponseGenerator and PrivateKeyJwtSecretValidator subclasses: new constructor parameters',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v5_1-to-v5_2',
  catalog: ['4.5#1', '4.5#4'],
  changes: [
    {
      base: [t(NS.responseHandling, 'AuthorizeInteractionResponseGenerator')],
      before: [p('clock', ISystemClock), p('logger', ILogger), p('consent', IConsentService), p('profile', IProfileService)],
      after: [p('options', IdentityServerOptions), p('clock', ISystemClock), p('logger', ILogger), p('consent', IConsentService), p('profile', IProfileService)],
    },
    {
      base: [t(NS.validation, 'PrivateKeyJwtSecretValidator')],
      before: [p('issuerNameService', IIssuerNameService), p('replayCache', IReplayCache), p('options', IdentityServerOptions), p('logger', ILogger)],
      after: [p('contextAccessor', IHttpContextAccessor), p('issuerNameService', IIssuerNameService), p('replayCache', IReplayCache), p('options', IdentityServerOptions), p('logger', ILogger)],
    },
  ],
});
