/**
 * Endpoint results at 7.0 (catalog §4.10 row 17, verified against is/6.3.0 and is/7.0.0): AuthorizeInteractionPageResult
 * (and so LoginPageResult, ConsentPageResult, CustomRedirectResult), DiscoveryDocumentResult, EndSessionResult,
 * IntrospectionResult, JsonWebKeysResult, StatusCodeResult and TokenRevocationErrorResult derive from
 * EndpointResult<T>, whose ExecuteAsync(HttpContext) is not virtual: it hands the result to the
 * IHttpResponseWriter<T> registered for it. An `override ExecuteAsync` in a subclass no longer compiles.
 * Reported at the override, with the replacement design.
 */
import { derivedMethods } from '../../src/engine/cs/occurrences';
import type { TypeName } from '../../src/engine/cs/syntax';
import type { FileRule } from '../../src/engine/rule';

const Results = 'Duende.IdentityServer.Endpoints.Results';
const RESULTS: TypeName[] = [
  'AuthorizeInteractionPageResult', 'LoginPageResult', 'ConsentPageResult', 'CustomRedirectResult', 'DiscoveryDocumentResult',
  'EndSessionResult', 'IntrospectionResult', 'JsonWebKeysResult', 'StatusCodeResult', 'TokenRevocationErrorResult',
].map((name) => ({ ns: Results, name }));

const rule: FileRule = {
  id: '6.3-7.0/endpoint-results',
  title: 'Endpoint results write through IHttpResponseWriter<T> at 7.0: ExecuteAsync overrides no longer compile',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_3-to-v7_0',
  kind: 'finding',
  catalog: ['4.10#17'],
  reads: ['csharp'],
  triggers: RESULTS.map((r) => r.name),
  run(ctx) {
    for (const d of derivedMethods(ctx, RESULTS, 'ExecuteAsync', true)) {
      ctx.report(d.name, `${d.base.name} derives from EndpointResult<T> since IdentityServer 7.0; ExecuteAsync can no longer be overridden`, {
        severity: 'warning',
        suggestion: `move the writing code into a class implementing IHttpResponseWriter<${d.base.name}> (Duende.IdentityServer.Hosting) and register it with builder.AddHttpWriter<${d.base.name}, YourWriter>()`,
      });
    }
  },
};

export default rule;
