/**
 * Extension methods changed in 4.0 (catalog §4.1 row 28; §2.2 #4).
 *
 * - `AsNameValueCollection()` moved from namespace Microsoft.AspNetCore.Http to IdentityServer4.Extensions: a file
 *   that calls it without seeing IdentityServer4.Extensions gets `using IdentityServer4.Extensions;` (AUTO).
 * - `resources.FindApiResourceByScope(name)` (ResourceExtensions, IdentityServer4.Models) was removed: finding.
 * - `api.FindApiScope(name)` on a name declared as an ApiResource was removed (the overload on Resources now returns
 *   an ApiScope): finding.
 * - `token.CreateJwtPayload(clock, logger)` (TokenExtensions) takes the IdentityServerOptions as third parameter:
 *   finding with the new argument list.
 */
import { walk } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';
import { addUsings } from '../../src/engine/namespace-rename';
import { reportOncePerLine } from '../../src/engine/cs/factories';
import { receiverIdentifier, typedNames } from '../../src/engine/cs/typed-names';
import { argsOf, fileSees, type TypeName } from '../../src/engine/cs/syntax';

const EXTENSIONS = 'IdentityServer4.Extensions';
const API_RESOURCE: TypeName = { ns: 'IdentityServer4.Models', name: 'ApiResource' };

const rule: FileRule = {
  id: '3.1-4.1/resource-extensions',
  title: 'Extension methods: AsNameValueCollection moved namespace; FindApiResourceByScope, ApiResource.FindApiScope removed; CreateJwtPayload takes options',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/',
  kind: 'fix',
  catalog: ['4.1#28', '2.2#4'],
  reads: ['csharp'],
  triggers: ['AsNameValueCollection', 'FindApiResourceByScope', 'FindApiScope', 'CreateJwtPayload'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const seesModels = fileSees(ctx, 'IdentityServer4.Models');
    const seesExtensions = fileSees(ctx, EXTENSIONS);
    const apiResources = typedNames(ctx, [API_RESOURCE]);
    let usesNameValue = false;
    const byScope: number[] = [];
    const apiScope: number[] = [];
    const payload: { at: number; args: string[] }[] = [];
    walk(root, (n) => {
      if (n.type !== 'invocation_expression') return;
      const fn = n.childForFieldName('function');
      if (fn?.type !== 'member_access_expression') return;
      const name = fn.childForFieldName('name');
      const recv = fn.childForFieldName('expression');
      const args = argsOf(n.childForFieldName('arguments'));
      switch (name?.text) {
        case 'AsNameValueCollection':
          if (args.length === 0) usesNameValue = true;
          break;
        case 'FindApiResourceByScope':
          if (seesModels && args.length === 1) byScope.push(name.startIndex);
          break;
        case 'FindApiScope': {
          const id = recv && receiverIdentifier(recv);
          if (id && apiResources.typeOf(id) === API_RESOURCE) apiScope.push(name.startIndex);
          break;
        }
        case 'CreateJwtPayload':
          if (seesExtensions && args.length === 2) payload.push({ at: name.startIndex, args: args.map((a) => a.text) });
          break;
      }
    });
    if (usesNameValue && !seesExtensions) addUsings(ctx, [EXTENSIONS]);
    reportOncePerLine(ctx, byScope, {
      message: 'ResourceExtensions.FindApiResourceByScope was removed in 4.0 (API resources no longer own their scopes)',
      suggestion: 'resources.ApiResources.Where(a => a.Scopes.Contains(scopeName))',
    });
    reportOncePerLine(ctx, apiScope, {
      message: 'ApiResource.FindApiScope was removed in 4.0: scopes are top-level ApiScope objects',
      suggestion: 'Look the scope up in Resources.ApiScopes (resources.FindApiScope(name) returns an ApiScope)',
    });
    for (const p of payload) {
      ctx.report(p.at, 'TokenExtensions.CreateJwtPayload takes the IdentityServerOptions as third parameter since 4.0', {
        severity: 'warning',
        suggestion: `CreateJwtPayload(${p.args[0]}, <IdentityServerOptions>, ${p.args[1]})`,
      });
    }
  },
};

export default rule;
