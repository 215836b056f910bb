/**
 * 7.4: `AspNetIdentity.SecurityStampValidatorCallback` is a static class and `UpdatePrincipal` takes an extra
 * `ISessionClaimsFilter` (catalog §4.14 row 3). The usual use is the method group
 * `opts.OnRefreshingPrincipal = SecurityStampValidatorCallback.UpdatePrincipal`, which no longer matches the delegate.
 */
import { typeReferences } from '../../src/engine/cs/occurrences';
import type { FileRule } from '../../src/engine/rule';

const CALLBACK = { ns: 'Duende.IdentityServer.AspNetIdentity', name: 'SecurityStampValidatorCallback' };

const rule: FileRule = {
  id: '7.3-7.4/security-stamp-callback',
  title: 'SecurityStampValidatorCallback.UpdatePrincipal takes an ISessionClaimsFilter (7.4)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_3-to-v7_4',
  kind: 'finding',
  catalog: ['4.14#3'],
  reads: ['csharp'],
  triggers: ['SecurityStampValidatorCallback'],
  run(ctx) {
    for (const ref of typeReferences(ctx, CALLBACK)) {
      if (!/^\s*\.\s*UpdatePrincipal\b/.test(ctx.text.slice(ref.endIndex, ref.endIndex + 40))) continue;
      ctx.report(ref, 'SecurityStampValidatorCallback.UpdatePrincipal now takes (SecurityStampRefreshingPrincipalContext, ISessionClaimsFilter); the method group no longer fits OnRefreshingPrincipal', {
        severity: 'error',
        suggestion: 'Let IdentityServer configure it (AddAspNetIdentity registers ConfigureSecurityStampValidatorOptions), or pass a filter: ctx => SecurityStampValidatorCallback.UpdatePrincipal(ctx, ctx.HttpContext.RequestServices.GetRequiredService<ISessionClaimsFilter>())',
      });
    }
  },
};

export default rule;
