/**
 * Documented behaviour changes of 8.0 that compile unchanged but may matter (catalog §4.15 row 28), each reported where
 * the host's code opts into the behaviour:
 *  - at each AddIdentityServer(...) call, in one finding (the run keeps one finding per spot and rule): unconditional
 *    303 redirects from POST endpoints (FAPI 2.0); response_mode validated before grant-type and PKCE checks (those
 *    errors now use the requested response_mode); "not found" logs of the secret validators downgraded from Error to
 *    Debug; the license key when the call sets none (see below);
 *  - license key: where options.LicenseKey is set (else at AddIdentityServer): existing keys keep working, SAML and
 *    User Management need a new key, whose format earlier versions cannot read; 8.0 also reads the key from
 *    configuration (Duende:IdentityServer:LicenseKey, then Duende:LicenseKey) when LicenseKey is not set in code;
 *  - at AddServerSideSessions(): a session cookie reused by another user now revokes the previous session's grants;
 *  - at EnableTokenCleanup = true: cleanup deletes with ExecuteDeleteAsync when no IOperationalStoreNotification is
 *    registered;
 *  - at IDeviceFlowInteractionService.HandleRequestAsync calls: device-flow consent is never remembered
 *    (ConsentResponse.RememberConsent is treated as false).
 * Info findings; nothing is edited.
 */
import { walk, type Node } from '../../src/engine/csharp';
import type { FileContext, FileRule } from '../../src/engine/rule';
import { isType } from '../../src/engine/cs/duende80';
import { memberUsesOn } from '../../src/engine/cs/receivers';
import { isOptionsReceiver } from '../../src/engine/cs/options-receivers';
import { simpleIdentifier } from '../../src/engine/cs/syntax';

const GUIDE = 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0';
const OPTIONS = isType('Configuration', 'IdentityServerOptions');
const LICENSE =
  'Existing license keys keep working in 8.0; the SAML 2.0 and User Management add-ons need a new key, whose format earlier IdentityServer versions cannot read. When options.LicenseKey is not set in code, 8.0 reads Duende:IdentityServer:LicenseKey, then Duende:LicenseKey from IConfiguration';

const rule: FileRule = {
  id: '7.4-8.0/behaviour-changes',
  title: 'Behaviour changes of 8.0 (303 redirects, response_mode, logs, license key, sessions, token cleanup, device flow)',
  docs: GUIDE,
  kind: 'finding',
  catalog: ['4.15#28'],
  reads: ['csharp'],
  triggers: ['AddIdentityServer', 'AddServerSideSessions', 'EnableTokenCleanup', 'HandleRequestAsync', 'LicenseKey'],
  // The DI extensions and the options lambdas they take need no using; LicenseKey elsewhere needs IdentityServerOptions.
  actsWithoutLibraryNamespace: ['AddIdentityServer', 'AddServerSideSessions', 'AddOperationalStore', 'EnableTokenCleanup'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const info = (at: Node, message: string, suggestion: string) => ctx.report(at, message, { severity: 'info', suggestion });
    const licenseKeys = licenseKeyAssignments(ctx, root);
    for (const name of invocations(root, 'AddIdentityServer')) {
      // One finding per call: the run keeps one finding per spot and rule.
      const notes = [
        'POST endpoints always answer with 303 See Other redirects (FAPI 2.0)',
        'response_mode is validated before the grant-type and PKCE checks, so their errors reach the client with the requested response_mode (fragment, form_post)',
        'the secret validators log "not found" outcomes at Debug instead of Error; failed client authentication is a Warning at the endpoints',
        ...(licenseKeys.length ? [] : ['no LicenseKey is set in this call: ' + LICENSE]),
      ];
      info(name, `Behaviour changes in 8.0: ${notes.map((n, i) => `(${i + 1}) ${n}`).join('; ')}`, 'Check clients, proxies and tests that expect 302 redirects or parse authorize-endpoint errors; move alerts on the validators\' Error entries to the endpoint Warning entries' + (licenseKeys.length ? '' : '; make sure the production license key is configured'));
    }
    for (const at of licenseKeys) info(at, 'License key in 8.0: set here', LICENSE);
    for (const name of invocations(root, 'AddServerSideSessions')) {
      info(name, 'With server-side sessions, 8.0 revokes the refresh tokens, reference tokens, authorization codes and backchannel requests of a session whose cookie is reused by another user', 'No action unless the host relied on those grants surviving');
    }
    walk(root, (n) => {
      if (n.type !== 'assignment_expression') return;
      const left = n.childForFieldName('left');
      const leftName = left?.type === 'member_access_expression' ? left.childForFieldName('name') : left;
      if (leftName?.text === 'EnableTokenCleanup' && n.childForFieldName('right')?.text === 'true') {
        info(leftName, '8.0 token cleanup deletes expired grants with one ExecuteDeleteAsync when no IOperationalStoreNotification is registered', 'No action needed; expect fewer database round trips');
      }
    });
    for (const use of memberUsesOn(ctx, [isType('Services', 'IDeviceFlowInteractionService')], 'HandleRequestAsync')) {
      info(use.name, '8.0 never remembers device-flow consent: ConsentResponse.RememberConsent is treated as false (RFC 8628 guidance)', 'Remove the "remember my decision" option from the device-flow consent page');
    }
  },
};

export default rule;

/** Names of invocations `x.Name(...)` / `Name(...)` (generic or not). */
function invocations(root: Node, name: string): Node[] {
  const out: Node[] = [];
  walk(root, (n) => {
    if (n.type !== 'invocation_expression') return;
    const f = n.childForFieldName('function');
    const id = f?.type === 'member_access_expression' ? f.childForFieldName('name') : f;
    if (id && simpleIdentifier(id) === name) out.push(id);
  });
  return out;
}

/** `options.LicenseKey = …` on an IdentityServerOptions receiver, or `LicenseKey = …` in `new IdentityServerOptions { … }`. */
function licenseKeyAssignments(ctx: FileContext, root: Node): Node[] {
  const out: Node[] = [];
  walk(root, (n) => {
    if (n.type !== 'assignment_expression') return;
    const left = n.childForFieldName('left');
    if (left?.type === 'member_access_expression' && left.childForFieldName('name')?.text === 'LicenseKey') {
      const receiver = left.childForFieldName('expression');
      if (receiver && isOptionsReceiver(ctx, receiver, OPTIONS, ['AddIdentityServer'])) out.push(left.childForFieldName('name')!);
    } else if (left?.type === 'identifier' && left.text === 'LicenseKey' && n.parent?.type === 'initializer_expression') {
      const creation = n.parent.parent;
      const type = creation?.type === 'object_creation_expression' ? creation.childForFieldName('type') : undefined;
      if (type && simpleIdentifier(type) === 'IdentityServerOptions') out.push(left);
    }
  });
  return out.filter((x, i, all) => all.findIndex((y) => y.startIndex === x.startIndex) === i);
}
