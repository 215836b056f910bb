/**
 * `idsrv-codemod audit` on every sample solution: Markdown and JSON equal the checked-in fixtures/audit/<name>.md
 * and .json (UPDATE_EXPECTED=1 rewrites them: review their diff), the JSON validates against
 * schemas/audit.schema.json, the SARIF against the SARIF 2.1.0 schema, the HTML holds the projects × hops matrix,
 * and a headless Chromium (when installed) renders it. The audit never writes into the solution.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse } from 'node-html-parser';
import { cli, copyTree, snapshot } from './support/cli';
import { loadRules } from '../src/load-rules';
import type { AuditReport } from '../src/audit/model';
import { SCHEMA_CHANGES } from '../src/audit/schema-changes';

const solutions = path.join(__dirname, '..', 'fixtures', 'solutions');
const expectedDir = path.join(__dirname, '..', 'fixtures', 'audit');
const samples = fs.readdirSync(solutions, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const rules = loadRules();

const auditSchema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'schemas', 'audit.schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateAudit = ajv.compile(auditSchema);
// The schema's language pattern is not valid in unicode mode (`]?`): compile its patterns without the u flag.
const sarifAjv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(sarifAjv);
const validateSarif = sarifAjv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));

interface Audited {
  root: string;
  md: string;
  json: string;
  sarif: string;
  html: string;
  htmlFile: string;
  code: number | null;
  stderr: string;
}

function audit(source: string, args: string[] = []): Audited {
  const root = copyTree(source);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'idsrv-audit-out-'));
  const files = ['a.md', 'a.json', 'a.sarif', 'a.html'].map((f) => path.join(out, f));
  const before = snapshot(root);
  const r = cli(['audit', root, ...args, ...files.flatMap((f) => ['--report', f])], root);
  expect(snapshot(root)).toEqual(before); // read-only
  const read = (i: number) => (fs.existsSync(files[i]) ? fs.readFileSync(files[i], 'utf8') : '');
  return { root, md: read(0), json: read(1), sarif: read(2), html: read(3), htmlFile: files[3], code: r.code, stderr: r.stderr };
}

describe.each(samples)('audit of %s', (name) => {
  let a: Audited;
  beforeAll(() => {
    a = audit(path.join(solutions, name));
  });

  it('matches the expected Markdown and JSON (UPDATE_EXPECTED=1 rewrites them)', () => {
    expect(a.code).toBe(0);
    expect(a.stderr).toMatch(/Audit done in \d+\.\d s: .*written: /);
    const md = path.join(expectedDir, `${name}.md`);
    const json = path.join(expectedDir, `${name}.json`);
    if (process.env.UPDATE_EXPECTED) {
      fs.mkdirSync(expectedDir, { recursive: true });
      fs.writeFileSync(md, a.md);
      fs.writeFileSync(json, a.json);
    }
    expect(a.md).toBe(fs.readFileSync(md, 'utf8'));
    expect(a.json).toBe(fs.readFileSync(json, 'utf8'));
  });

  it('holds no absolute path and no timestamp', () => {
    for (const text of [a.md, a.json, a.sarif, a.html]) {
      expect(text).not.toContain(a.root);
      expect(text).not.toContain(os.tmpdir());
      expect(text).not.toMatch(/\b20\d\d-\d\d-\d\dT\d\d:\d\d/);
    }
  });

  it('JSON validates against schemas/audit.schema.json', () => {
    const report = JSON.parse(a.json);
    const ok = validateAudit(report);
    expect(validateAudit.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('SARIF validates against the SARIF 2.1.0 schema: one rule per codemod rule, one result per finding and review edit', () => {
    const sarif = JSON.parse(a.sarif);
    const ok = validateSarif(sarif);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const report: AuditReport = JSON.parse(a.json);
    const driver = sarif.runs[0].tool.driver;
    expect(driver.rules.map((r: { id: string }) => r.id).sort()).toEqual(rules.map((r) => r.id).sort());
    for (const r of driver.rules) expect(r.helpUri).toMatch(/^https:\/\//);
    expect(sarif.runs[0].results).toHaveLength(report.findings.length + report.review.length);
    expect(driver.informationUri).toBe('https://github.com/idsrv-codemod/idsrv-codemod');
    expect(sarif.runs[0].originalUriBaseIds.SRCROOT).toBeDefined();
    for (const res of sarif.runs[0].results) {
      // SARIF 2.1.0 §3.27.10: kind other than "fail" means level "none" (or no level).
      if (res.kind && res.kind !== 'fail') expect([undefined, 'none']).toContain(res.level);
      for (const loc of res.locations) expect(loc.physicalLocation.artifactLocation.uriBaseId).toBe('SRCROOT');
    }
  });

  it('HTML is one self-contained page with the projects × hops matrix and the findings by hop', () => {
    const report: AuditReport = JSON.parse(a.json);
    const doc = parse(a.html);
    expect(doc.querySelectorAll('script[src], link[rel=stylesheet], img, iframe')).toHaveLength(0);
    const matrix = doc.querySelector('table.matrix');
    if (!report.matrix.projects.length || !report.matrix.hops.length) {
      expect(matrix).toBeNull();
      return;
    }
    expect(matrix).not.toBeNull();
    const rows = matrix!.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(report.matrix.projects.length);
    for (const row of rows) {
      const cells = row.querySelectorAll('td.cell');
      expect(cells).toHaveLength(report.matrix.hops.length);
      for (const c of cells) expect(c.getAttribute('class')).toMatch(/need-(none|nothing|automatic|review|manual)/);
    }
    expect(doc.querySelectorAll('details[id^=hop-]')).toHaveLength(report.hops.length);
  });
});

it('audit has the sample solution whose migrations live in a separate project', () => {
  expect(samples).toContain('duende63-separate-migrations');
});

describe('EF migration commands', () => {
  const sample = path.join(solutions, 'duende63-separate-migrations');

  it('use the migrations project and folder of the model snapshots, and the host as startup project', () => {
    const report: AuditReport = JSON.parse(audit(sample, ['--to', '7.0']).json);
    expect(report.database.contexts.map((c) => [c.name, c.kind, c.migrationsProject, c.startupProject, c.folder])).toEqual([
      ['ConfigurationDbContext', 'configuration', 'src/Identity.Data/Identity.Data.csproj', 'src/Identity.Host/Identity.Host.csproj', 'Persistence/Migrations/Configuration'],
      ['AppPersistedGrantDbContext', 'operational', 'src/Identity.Data/Identity.Data.csproj', 'src/Identity.Host/Identity.Host.csproj', 'Persistence/Migrations/Grants'],
    ]);
    expect(report.database.migrations.map((m) => m.command)).toEqual([
      'dotnet ef migrations add IdentityServerV7_0_ConfigurationDb -c ConfigurationDbContext -o Persistence/Migrations/Configuration --project src/Identity.Data/Identity.Data.csproj --startup-project src/Identity.Host/Identity.Host.csproj',
      'dotnet ef migrations add IdentityServerV7_0_AppPersistedGrantDb -c AppPersistedGrantDbContext -o Persistence/Migrations/Grants --project src/Identity.Data/Identity.Data.csproj --startup-project src/Identity.Host/Identity.Host.csproj',
    ]);
    const grants = report.database.migrations[1];
    expect(grants.handEdit).toMatch(/PK_ServerSideSessions/);
    expect(report.database.contexts[1].latestMigration).toBe('20230914081700_InitialGrants');
  });

  it('without snapshots, follow MigrationsAssembly(typeof(X)...) to the project declaring X', () => {
    const copy = copyTree(sample);
    const migrations = path.join(copy, 'src', 'Identity.Data', 'Persistence');
    fs.rmSync(migrations, { recursive: true });
    const report: AuditReport = JSON.parse(audit(copy, ['--to', '7.0']).json);
    const grants = report.database.contexts.find((c) => c.kind === 'operational')!;
    expect(grants).toMatchObject({ name: 'AppPersistedGrantDbContext', migrationsProject: 'src/Identity.Data/Identity.Data.csproj', folder: 'Migrations/PersistedGrantDb', folderFrom: 'default' });
    expect(grants.how).toMatch(/^MigrationsAssembly\(\.\.\.\) at src\/Identity\.Host\/Program\.cs:\d+/);
  });

  it('warn about data loss for 5.2 → 6.0 and custom SQL for IdentityServer4 3.1 → 4.1', () => {
    expect(SCHEMA_CHANGES['5.2-6.0'].configuration!.warnings!.join(' ')).toMatch(/2000 to 400.*duplicate/s);
    expect(SCHEMA_CHANGES['3.1-4.1'].configuration!.warnings!.join(' ')).toMatch(/custom SQL/);
    expect(SCHEMA_CHANGES['6.3-7.0'].operational!.handEdit).toMatch(/server-side-sessions-pk-migration/);
  });
});

describe('audit command line', () => {
  it('prints Markdown on stdout without --report and refuses an unknown report format', () => {
    const sample = path.join(solutions, 'duende70-props-client');
    const r = cli(['audit', sample, '--to', '7.4'], process.cwd());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# IdentityServer upgrade audit/);
    expect(r.stderr).not.toContain('\r'); // no progress line into a pipe
    const bad = cli(['audit', sample, '--report', 'x.pdf'], process.cwd());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown format/);
  });
});

/** Debian's chromium, or another Chromium/Chrome on PATH; CHROMIUM_PATH wins. */
function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'].filter((c): c is string => Boolean(c));
  return candidates.find((c) => spawnSync(c, ['--version'], { encoding: 'utf8', timeout: 30_000 }).status === 0);
}

const chromium = findChromium();
(chromium ? it : it.skip)(chromium ? 'headless Chromium renders the HTML matrix' : 'headless Chromium renders the HTML matrix (SKIPPED: no chromium found; .ci/run installs it)', () => {
  const a = audit(path.join(solutions, 'duende63-separate-migrations'));
  const report: AuditReport = JSON.parse(a.json);
  const r = spawnSync(chromium!, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--virtual-time-budget=2000', '--dump-dom', `file://${a.htmlFile}`], { encoding: 'utf8', timeout: 120_000 });
  expect(r.status).toBe(0);
  const dom = parse(r.stdout);
  const cells = report.matrix.projects.length * report.matrix.hops.length;
  expect(cells).toBeGreaterThan(0);
  expect(dom.querySelector('html')!.getAttribute('data-matrix-rendered')).toBe(String(cells));
  expect(dom.querySelectorAll('table.matrix td.cell')).toHaveLength(cells);
}, 180_000);
