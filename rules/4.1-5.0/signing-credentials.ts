/**
 * Duende IdentityServer 5.0 manages signing keys itself (catalog §4.2 row 12): automatic key management is on by
 * default (KeyManagementOptions.Enabled = true; a licensed feature) and stores its keys in the new Keys table.
 * In 5.0 and 5.1 its keys sign tokens even when a credential was added; from 5.2 on an added credential is used
 * first. Either way an added key stays published for validation.
 *
 * Matches: calls of AddDeveloperSigningCredential / AddSigningCredential in projects that reference IdentityServer4.
 * Reports: what changed and the key-rollover consideration. Never removes the call: dropping a key that signed tokens
 * still in use makes APIs reject them.
 */
import type { FileRule } from '../../src/engine/rule';
import { invocationsOf } from '../../src/engine/cs/is4-duende';
import { reportOncePerLine } from '../../src/engine/cs/factories';
import { IS4_TO_DUENDE } from '../../src/plan/catalog';

const ROLLOVER =
  'Key rollover: tokens already signed with the current key validate only while that key is still published, so keep it as a validation key (AddValidationKey) for at least the longest token lifetime plus the time APIs cache the discovery keys before dropping it';

const rule: FileRule = {
  id: '4.1-5.0/signing-credentials',
  title: 'AddDeveloperSigningCredential / AddSigningCredential: automatic key management is on by default in Duende IdentityServer',
  docs: 'https://docs.duendesoftware.com/identityserver/fundamentals/key-management/',
  kind: 'finding',
  catalog: ['4.2#12'],
  reads: ['csharp'],
  triggers: ['SigningCredential'],
  actsWithoutLibraryNamespace: true,
  appliesTo: (project) => project.packages.some((p) => IS4_TO_DUENDE.has(p.id)),
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const developer = invocationsOf(root, 'AddDeveloperSigningCredential').filter((i) => i.access);
    const explicit = invocationsOf(root, 'AddSigningCredential').filter((i) => i.access);
    reportOncePerLine(ctx, developer.map((i) => i.name.startIndex), {
      message: `AddDeveloperSigningCredential: Duende IdentityServer manages signing keys automatically (automatic key management, on by default, a feature of the Business and Enterprise licenses; keys are kept in the operational store's new Keys table or on disk), so a developer key is only needed where that is switched off or not licensed. ${ROLLOVER}`,
      suggestion: 'keep AddDeveloperSigningCredential for development only; in production rely on automatic key management, or set options.KeyManagement.Enabled = false in AddIdentityServer(options => …) and add your own key with AddSigningCredential',
    });
    reportOncePerLine(ctx, explicit.map((i) => i.name.startIndex), {
      message: `AddSigningCredential: Duende IdentityServer also turns on automatic key management by default (a licensed feature). In 5.0 and 5.1 its keys sign tokens in preference to this credential; from 5.2 on this credential signs first. This key stays published for validation either way. ${ROLLOVER}`,
      suggestion: 'to keep signing only with this key, set options.KeyManagement.Enabled = false in AddIdentityServer(options => …); to move to automatic keys, replace AddSigningCredential(key) by AddValidationKey(key) and remove it only after the rollover period',
    });
  },
};

export default rule;
