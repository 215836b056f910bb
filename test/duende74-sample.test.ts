/**
 * The 7.4 -> 8.0 rules on the sample solution fixtures/solutions/duende74-custom-stores: each finding and each edit
 * listed for review lands at the file and line of the construct it is about. Lines are those of the 7.4 sources (the
 * hop is the sample's first). Only the rules listed here are checked, so other rules of the hop may add their own.
 */
import path from 'node:path';
import { cli, copyTree } from './support/cli';
import { loadRules } from '../src/load-rules';

const SAMPLE = path.join(__dirname, '..', 'fixtures', 'solutions', 'duende74-custom-stores');
const MINE = [
  'behaviour-changes', 'client-store-get-all-clients', 'clock-members', 'deny-authentication', 'profile-context-application',
  'readonly-collection-properties', 'readonly-collection-returns', 'user-session-saml-members', 'time-provider-ctors',
  'token-provider-ctors', 'token-provider-removed', 'type-renames', 'identity-provider-record', 'preview-options',
].map((r) => `7.4-8.0/${r}`);
const P = 'src/TenantIdentity/';

it('reports the 8.0 findings of the sample at their file:line, and lists heuristic edits at theirs', () => {
  const dir = copyTree(SAMPLE);
  const run = cli([dir, '--dry-run', '--json'], dir);
  expect(run.code).toBe(0);
  const out = JSON.parse(run.stdout) as {
    findings: { ruleId: string; file: string; line: number; message: string; severity: string }[];
    review: { ruleId: string; file: string; line: number }[];
  };
  const findings = out.findings.filter((f) => MINE.includes(f.ruleId)).map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.severity}`);
  expect(findings.sort()).toEqual(
    [
      // builder.Services.AddIdentityServer(options => …), options.LicenseKey = …, .AddServerSideSessions()
      `${P}Program.cs:12 7.4-8.0/behaviour-changes info`,
      `${P}Program.cs:14 7.4-8.0/behaviour-changes info`,
      `${P}Program.cs:23 7.4-8.0/behaviour-changes info`,
      // class CookieUserSession : IUserSession (stubs added), and the GetClientListAsync return it cannot judge
      `${P}Services/CookieUserSession.cs:8 7.4-8.0/user-session-saml-members warning`,
      `${P}Services/CookieUserSession.cs:49 7.4-8.0/readonly-collection-returns warning`,
      // class TenantClientStore : IClientStore (stub added)
      `${P}Stores/TenantClientStore.cs:6 7.4-8.0/client-store-get-all-clients warning`,
    ].sort(),
  );
  const messages = out.findings.filter((f) => MINE.includes(f.ruleId)).map((f) => f.message).join('\n');
  expect(messages).toContain('303 See Other');
  expect(messages).toContain('GetAllClientsAsync in 8.0: a stub that throws NotImplementedException was added');

  const review = [...new Set(out.review.filter((r) => MINE.includes(r.ruleId)).map((r) => `${r.file}:${r.line} ${r.ruleId}`))];
  expect(review.sort()).toEqual(
    [
      `${P}Pages/Account/Login/Index.cshtml.cs:23 7.4-8.0/deny-authentication`,
      `${P}Services/AuditingTokenService.cs:27 7.4-8.0/clock-members`,
      // SessionExpiry's own IClock field and parameter become TimeProvider, _clock.UtcNow -> _clock.GetUtcNow()
      `${P}Services/SessionExpiry.cs:8 7.4-8.0/clock-members`,
      `${P}Services/SessionExpiry.cs:10 7.4-8.0/clock-members`,
      `${P}Services/SessionExpiry.cs:12 7.4-8.0/clock-members`,
      `${P}Services/TenantProfileService.cs:13 7.4-8.0/profile-context-application`,
      `${P}Stores/TenantGrantStore.cs:46 7.4-8.0/readonly-collection-properties`,
      `${P}Stores/TenantGrantStore.cs:50 7.4-8.0/readonly-collection-properties`,
      `${P}Stores/TenantResourceStore.cs:15 7.4-8.0/readonly-collection-returns`,
      `${P}Stores/TenantResourceStore.cs:21 7.4-8.0/readonly-collection-returns`,
      `${P}Stores/TenantResourceStore.cs:27 7.4-8.0/readonly-collection-returns`,
      `${P}Stores/TenantResourceStore.cs:32 7.4-8.0/readonly-collection-returns`,
    ].sort(),
  );
});

it('names every catalog row of §4.15 other than the CancellationToken-only ones (1, 13, 16), and R1, R2, R4-R6, in a 7.4-8.0 rule', () => {
  const named = new Set(loadRules().filter((r) => r.id.startsWith('7.4-8.0/')).flatMap((r) => r.catalog ?? []));
  const wanted = [...Array.from({ length: 29 }, (_, i) => `4.15#${i + 1}`).filter((r) => !['4.15#1', '4.15#13', '4.15#16'].includes(r)), 'R1', 'R2', 'R4', 'R5', 'R6'];
  expect(wanted.filter((r) => !named.has(r))).toEqual([]);
});
