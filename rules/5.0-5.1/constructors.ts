/**
 * Constructor changes at 5.0 -> 5.1 of library classes that users derive from (catalog §4.4 row 3, §5), verified
 * against is/5.0.0 .. is/5.1.1:
 *  - PrivateKeyJwtSecretValidator(IIssuerNameService, IReplayCache, ILogger<…>) gains `IdentityServerOptions options`
 *    third, before the logger (already in 5.0.5, so a class written against 5.0.5 is left as it is).
 *
 * Matches: a class whose base list names the type (the file sees Duende.IdentityServer.Validation, or the name is
 * qualified) and its constructors (or primary constructor) whose `base(...)` forwards the old argument list.
 * Rewrites: adds the parameter (or reuses one of that type) and passes it at its position; adds the using.
 * Reports: a base call that does not map onto the old signature.
 */
import { ctorChangeRule } from '../../src/engine/cs/factories';
import { IIssuerNameService, IdentityServerOptions, ILogger, NS, p, t } from '../../src/engine/cs/duende-names';

const validator = t(NS.validation, 'PrivateKeyJwtSecretValidator');
const IReplayCache = t(NS.services, 'IReplayCache');

export default ctorChangeRule({
  id: '5.0-5.1/constructors',
  title: 'PrivateKeyJwtSecretValidator subclasses: constructor takes IdentityServerOptions',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v5_0-to-v5_1',
  catalog: ['4.4#3'],
  changes: [
    {
      base: [validator],
      before: [p('issuerNameService', IIssuerNameService), p('replayCache', IReplayCache), p('logger', ILogger)],
      after: [p('issuerNameService', IIssuerNameService), p('replayCache', IReplayCache), p('options', IdentityServerOptions), p('logger', ILogger)],
    },
  ],
});
