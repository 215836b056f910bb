/** IdentityServer4 package ids become Duende.IdentityServer ids; packages without a Duende build are pointed at. */
import { renamePackage } from '../../src/engine/package-edits';
import type { ProjectRule } from '../../src/engine/rule';
import { IS4_TO_DUENDE } from '../../src/plan/catalog';

const rule: ProjectRule = {
  id: '4.1-5.0/identityserver4-packages',
  title: 'Rename IdentityServer4 packages to Duende.IdentityServer; report IdentityServer4 packages with no Duende build',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-to-duende-identityserver-v5/',
  kind: 'fix',
  catalog: ['4.2#1', '1.1'],
  reads: ['project'],
  run(ctx) {
    for (const pkg of ctx.project.packages) {
      const duende = IS4_TO_DUENDE.get(pkg.id);
      if (duende) {
        renamePackage(ctx, pkg, duende);
      } else if (pkg.id.toLowerCase() === 'identityserver4.accesstokenvalidation') {
        ctx.report(pkg.idSite.file, pkg.idSite.start, 'IdentityServer4.AccessTokenValidation has no Duende build: validate JWTs with Microsoft.AspNetCore.Authentication.JwtBearer (AddJwtBearer) and reference tokens with Duende.AspNetCore.Authentication.OAuth2Introspection (AddOAuth2Introspection)', {
          suggestion: 'replace the package and the AddIdentityServerAuthentication call',
        });
      } else if (pkg.id.toLowerCase().startsWith('identityserver4.')) {
        ctx.report(pkg.idSite.file, pkg.idSite.start, `${pkg.id} is a third-party package built against IdentityServer4; it has no Duende build and is left unchanged`, {
          suggestion: 'find a Duende-compatible replacement or remove it',
        });
      }
    }
  },
};

export default rule;
