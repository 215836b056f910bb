/**
 * 7.3: the ServerSideTicketStore constructor gained `IHttpContextAccessor httpContextAccessor` before the logger
 * (catalog §4.13 row 3; §5). Row 4 (DefaultSessionCoordinationService's new optional last parameter) is
 * source-compatible: nothing to do, listed here so the row is accounted for.
 */
import { ctorChangeRule } from '../../src/engine/cs/factories';

const t = (ns: string, name: string) => ({ ns, name });
const options = { name: 'options', type: t('Duende.IdentityServer.Configuration', 'IdentityServerOptions') };
const issuer = { name: 'issuerNameService', type: t('Duende.IdentityServer.Services', 'IIssuerNameService') };
const store = { name: 'store', type: t('Duende.IdentityServer.Stores', 'IServerSideSessionStore') };
const protection = { name: 'dataProtectionProvider', type: t('Microsoft.AspNetCore.DataProtection', 'IDataProtectionProvider') };
const accessor = { name: 'httpContextAccessor', type: t('Microsoft.AspNetCore.Http', 'IHttpContextAccessor') };
const logger = { name: 'logger', type: t('Microsoft.Extensions.Logging', 'ILogger') };

export default ctorChangeRule({
  id: '7.2-7.3/server-side-ticket-store-ctor',
  title: 'ServerSideTicketStore subclasses: constructor takes IHttpContextAccessor (before the logger)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_2-to-v7_3',
  catalog: ['4.13#3', '4.13#4'],
  changes: [
    {
      base: [t('Duende.IdentityServer.Stores', 'ServerSideTicketStore')],
      before: [options, issuer, store, protection, logger],
      after: [options, issuer, store, protection, accessor, logger],
    },
  ],
});
