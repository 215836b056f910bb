/** 7.2 changed behaviour, not API (catalog §4.12 row 1): one note where the host adds IdentityServer. */
import { behaviourNoteRule } from '../../src/engine/cs/factories';

export default behaviourNoteRule({
  id: '7.1-7.2/behaviour-notes',
  title: 'Behaviour changes of 7.2 to review where IdentityServer is configured',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_1-to-v7_2',
  catalog: ['4.12#1'],
  message:
    '7.2 behaviour changes: no TokenIssuedFailureEvent is raised for use_dpop_nonce responses; background services run in an AsyncServiceScope; error redirects use a query-safe URL fragment; new preview flags (IdentityServerOptions.Preview: EnableDiscoveryDocumentCache, StrictClientAssertionAudienceValidation)',
  suggestion: 'Check event sinks that counted DPoP nonce failures and custom services resolved by background jobs; opt into the preview flags deliberately',
});
