/**
 * A project that references IdentityModel 4.x without IdentityServer (a client or an API) never takes the 4.1 → 5.0
 * hop, where IdentityModel 5's changes are handled (4.1-5.0/identitymodel5-client): its plan starts at 7.0 and the
 * package jumps straight from 4.x to Duende.IdentityModel. This rule applies those changes at that jump: response
 * `Json` is a JsonElement (was a Newtonsoft JObject), `Parameters` replaces `IDictionary<string, string>` and
 * anonymous objects (`extra:`, `RequestUrl.Create`, TokenClient's `parameters`). Only when the project's IdentityModel
 * package is still below 5.0 at this hop; a project that went through 4.1 → 5.0 had it raised there.
 */
import type { FileRule } from '../../src/engine/rule';
import { compareVersions } from '../../src/scan/nuget-version';
import { upgradeIdentityModel4Client } from '../4.1-5.0/identitymodel5-client';

const rule: FileRule = {
  id: '7.0-7.1/identitymodel-legacy-client',
  title: 'IdentityModel 4.x client code moving straight to Duende.IdentityModel: JsonElement responses, Parameters',
  docs: 'https://docs.duendesoftware.com/identitymodel/',
  kind: 'fix',
  catalog: ['4.2#3', '4.11#1'],
  reads: ['csharp'],
  triggers: ['IdentityModel'],
  appliesTo: (project) => project.packages.some((p) => p.id.toLowerCase() === 'identitymodel' && !!p.effective && compareVersions(p.effective, '5.0.0') < 0),
  run: upgradeIdentityModel4Client,
};

export default rule;
