/**
 * Audit content on a solution shaped like a real IdentityServer4 admin solution (fixtures/audit/inputs/
 * is4-generic-providers): the stores are registered from generic helpers (`AddConfigurationStore<TConfigurationDbContext>`),
 * the contexts are the solution's own subclasses, and one migrations project per database provider holds their
 * model snapshots.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli } from './support/cli';
import type { AuditReport } from '../src/audit/model';
import { schemaOf, SCHEMA_CHANGES } from '../src/audit/schema-changes';

const inputs = path.join(__dirname, '..', 'fixtures', 'audit', 'inputs');

function auditJson(source: string, args: string[] = []): AuditReport {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'idsrv-audit-content-')), 'a.json');
  const r = cli(['audit', source, ...args, '--report', out], process.cwd());
  expect(r.stderr).toMatch(/Audit done/);
  expect(r.code).toBe(0);
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

describe('audit of a solution with generic store helpers and one migrations project per provider', () => {
  let report: AuditReport;
  beforeAll(() => {
    report = auditJson(path.join(inputs, 'is4-generic-providers'));
  });

  it('lists only concrete classes as DbContexts, never the type parameters of a generic helper', () => {
    const names = [...new Set(report.database.contexts.map((c) => c.name))].sort();
    expect(names).toEqual(['StoreConfigurationDbContext', 'StoreGrantsDbContext']);
    for (const m of report.database.migrations) expect(m.command).not.toMatch(/-c T[A-Z]/);
  });

  it('gives every migrations project (one per provider) its own commands, with the host as startup project', () => {
    const providers = ['src/Auth.Data.MySql/Auth.Data.MySql.csproj', 'src/Auth.Data.PostgreSQL/Auth.Data.PostgreSQL.csproj', 'src/Auth.Data.SqlServer/Auth.Data.SqlServer.csproj'];
    for (const name of ['StoreConfigurationDbContext', 'StoreGrantsDbContext']) {
      expect(report.database.contexts.filter((c) => c.name === name).map((c) => c.migrationsProject)).toEqual(providers);
      for (const hop of ['4.1-6.0', '6.3-7.0']) {
        const ms = report.database.migrations.filter((m) => m.context === name && m.hop === hop);
        expect(ms.map((m) => m.project)).toEqual(providers);
        for (const m of ms) expect(m.command).toContain(`--project ${m.project} --startup-project src/Auth.Host/Auth.Host.csproj`);
      }
    }
    expect(report.database.allAtOnce.map((a) => `${a.context} ${a.project}`)).toHaveLength(6);
    // A migration counts in its own provider's matrix cell only.
    const cell = report.matrix.cells.find((c) => c.project === providers[0] && c.hop === '6.3-7.0')!;
    expect(cell.migrations).toBe(2);
  });

  it('shows the schema changes of the steps a direct hop stands for (4.1 → 6.0 adds the Keys table)', () => {
    const hop = report.hops.find((h) => h.id === '4.1-6.0')!;
    expect(hop.schema).toEqual(['configuration', 'operational']);
    const grants = report.database.migrations.find((m) => m.hop === '4.1-6.0' && m.kind === 'operational')!;
    expect(grants.changes.join('\n')).toMatch(/^4\.1 → 5\.0: new table Keys/m);
    const config = report.database.migrations.find((m) => m.hop === '4.1-6.0' && m.kind === 'configuration')!;
    expect(config.warnings.join(' ')).toMatch(/2000 to 400/);
    expect(config.changes.some((c) => c.startsWith('5.1 → 5.2: new table IdentityProviders'))).toBe(true);
  });

  it('suggests only context names the solution has', () => {
    const names = new Set(report.database.contexts.map((c) => c.name));
    const suggested = report.findings.flatMap((f) => [...`${f.message} ${f.suggestion ?? ''}`.matchAll(/(?:-c|--context) (\w+)/g)].map((m) => m[1]));
    expect(suggested.length).toBeGreaterThan(0);
    for (const s of suggested) expect(names).toContain(s);
  });
});

describe('schemaOf', () => {
  it('composes the steps of a direct hop, each line prefixed with its step', () => {
    const direct = schemaOf('4.1-6.0');
    const steps = ['4.1-5.0', '5.0-5.1', '5.1-5.2', '5.2-6.0'];
    expect(direct.configuration!.changes).toHaveLength(steps.reduce((n, s) => n + (SCHEMA_CHANGES[s].configuration?.changes.length ?? 0), 0));
    expect(direct.operational!.changes).toEqual(['4.1 → 5.0: ' + SCHEMA_CHANGES['4.1-5.0'].operational!.changes[0], '5.0 → 5.1: ' + SCHEMA_CHANGES['5.0-5.1'].operational!.changes[0]]);
    expect(schemaOf('6.1-6.2')).toEqual({});
    expect(schemaOf('6.3-7.0')).toBe(SCHEMA_CHANGES['6.3-7.0']);
  });
});

describe('Markdown audit of a large solution', () => {
  it('stays under 65,536 characters with no line over 1,000 (30 projects copied from a sample)', () => {
    const sample = path.join(__dirname, '..', 'fixtures', 'solutions', 'is4-quickstart-ef', 'src', 'IdentityServerHost');
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'idsrv-audit-large-'));
    for (let i = 1; i <= 30; i++) {
      const name = `Company.Identity.Module${String(i).padStart(2, '0')}.Host`;
      const dir = path.join(root, 'src', 'modules', `Module${i}`, name);
      fs.cpSync(sample, dir, { recursive: true });
      fs.renameSync(path.join(dir, 'IdentityServerHost.csproj'), path.join(dir, `${name}.csproj`));
    }
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'idsrv-audit-large-out-')), 'a.md');
    const r = cli(['audit', root, '--report', out], process.cwd());
    expect(r.stderr).toMatch(/30\/30 project\(s\) to upgrade/);
    const md = fs.readFileSync(out, 'utf8');
    expect(md.length).toBeLessThan(65_536);
    const longest = Math.max(...md.split('\n').map((l) => l.length));
    expect(longest).toBeLessThanOrEqual(1_000);
    // Still says what to do, and names each project once (in the projects table), not once per hop.
    expect(md).toMatch(/## What to do\n\n1\. Upgrade 30 projects 4\.1 → /);
    expect(md.split('Company.Identity.Module07.Host.csproj').length - 1).toBe(1);
  }, 300_000);
});
