/** 7.4 changed behaviour, not API (catalog §4.14 row 7): one note where the host adds IdentityServer. */
import { behaviourNoteRule } from '../../src/engine/cs/factories';

export default behaviourNoteRule({
  id: '7.3-7.4/behaviour-notes',
  title: 'Behaviour changes of 7.4 to review where IdentityServer is configured',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_3-to-v7_4',
  catalog: ['4.14#7'],
  message:
    '7.4 behaviour changes: an OAuth 2.0 Authorization Server Metadata endpoint is served; back-channel logout is triggered earlier in the logout flow; UI locales go through a service; the error message on redirects is customisable; DCR accepts public clients; dynamic providers can set PathMatchingCallback',
  suggestion: 'Check logout flows that relied on the old back-channel timing and reverse-proxy rules for /.well-known/oauth-authorization-server',
});
