/**
 * The HTML audit in a real headless Chromium (Debian's chromium, another Chromium/Chrome on PATH, or CHROMIUM_PATH):
 * at 1400 px and 800 px wide, every table's last column can be scrolled into view inside the window and the page
 * itself never scrolls sideways; the chart of work per hop renders; and hostile names from the solution
 * (`<script>`, quotes, `"><img onerror=…>`) run no script. Skipped, visibly, when no Chromium is installed
 * (.ci/run installs it).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { cli } from './support/cli';
import type { AuditReport } from '../src/audit/model';

const solutions = path.join(__dirname, '..', 'fixtures', 'solutions');

function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'].filter((c): c is string => Boolean(c));
  return candidates.find((c) => spawnSync(c, ['--version'], { encoding: 'utf8', timeout: 30_000 }).status === 0);
}
const chromium = findChromium();
const browserIt = (name: string, fn: () => void, timeout: number) => (chromium ? it(name, fn, timeout) : it.skip(`${name} (SKIPPED: no chromium found; .ci/run installs it)`, fn));

function auditOf(source: string, args: string[] = []): { html: string; report: AuditReport } {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'idsrv-audit-browser-'));
  const r = cli(['audit', source, ...args, '--report', path.join(out, 'a.html'), '--report', path.join(out, 'a.json')], process.cwd());
  expect(r.code).toBe(0);
  return { html: fs.readFileSync(path.join(out, 'a.html'), 'utf8'), report: JSON.parse(fs.readFileSync(path.join(out, 'a.json'), 'utf8')) };
}

/** Loads `html` (plus a probe script, test-only) at the given window width; returns the DOM after scripts ran. */
function render(html: string, width: number, probe = ''): ReturnType<typeof parse> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'idsrv-audit-page-')), 'page.html');
  fs.writeFileSync(file, probe ? html.replace('</body>', `<script>${probe}</script>\n</body>`) : html);
  const r = spawnSync(chromium!, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', `--window-size=${width},900`, '--virtual-time-budget=2000', '--dump-dom', `file://${file}`], { encoding: 'utf8', timeout: 120_000 });
  expect(r.status).toBe(0);
  return parse(r.stdout);
}

/** For every table: scroll its last header cell into view and measure it against the window. */
const LAYOUT_PROBE = `
(function(){
  document.querySelectorAll('details').forEach(function(d){d.open=true;});
  var out=[];var root=document.documentElement;
  document.querySelectorAll('table').forEach(function(t,i){
    var cells=t.querySelectorAll('thead tr:first-child th');var last=cells[cells.length-1];if(!last)return;
    var box=t.parentElement;var cs=getComputedStyle(box);
    last.scrollIntoView({block:'center',inline:'end'});
    var r=last.getBoundingClientRect();
    out.push({table:(t.className||'table')+'#'+i,left:r.left,right:r.right,width:r.width,view:root.clientWidth,
      boxScroll:box.scrollWidth,boxClient:box.clientWidth,boxOverflow:cs.overflowX,tableWidth:t.getBoundingClientRect().width});
  });
  root.setAttribute('data-layout',JSON.stringify({innerWidth:window.innerWidth,pageScroll:root.scrollWidth,pageClient:root.clientWidth,tables:out}));
})();`;

interface Layout {
  innerWidth: number;
  pageScroll: number;
  pageClient: number;
  tables: { table: string; left: number; right: number; width: number; view: number; boxScroll: number; boxClient: number; boxOverflow: string; tableWidth: number }[];
}

describe('HTML audit in headless Chromium', () => {
  let sample: { html: string; report: AuditReport };
  beforeAll(() => {
    // 4.1 → 8.0: ten hop columns.
    if (chromium) sample = auditOf(path.join(solutions, 'is4-quickstart-ef'));
  });

  for (const width of [1400, 800]) {
    browserIt(
      `at ${width} px every table's last column scrolls into view and the page never scrolls sideways`,
      () => {
        expect(sample.report.hops.length).toBeGreaterThanOrEqual(10);
        const dom = render(sample.html, width, LAYOUT_PROBE);
        const layout: Layout = JSON.parse(dom.querySelector('html')!.getAttribute('data-layout')!);
        expect(layout.innerWidth).toBe(width);
        expect(layout.pageScroll).toBeLessThanOrEqual(layout.pageClient);
        const names = layout.tables.map((t) => t.table);
        expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/^matrix#/), expect.stringMatching(/^contexts#/), expect.stringMatching(/^chart#/)]));
        for (const t of layout.tables) {
          expect({ table: t.table, inside: t.left >= -0.5 && t.right <= t.view + 0.5 && t.width > 0 }).toEqual({ table: t.table, inside: true });
          // A table wider than its box scrolls in that box.
          if (t.tableWidth > t.boxClient + 0.5) expect({ table: t.table, overflow: t.boxOverflow, scrolls: t.boxScroll > t.boxClient }).toEqual({ table: t.table, overflow: 'auto', scrolls: true });
        }
        const matrix = layout.tables.find((t) => t.table.startsWith('matrix#'))!;
        if (width === 800) expect(matrix.boxScroll).toBeGreaterThan(matrix.boxClient); // ten hops do not fit: the scroll path is exercised
      },
      180_000,
    );
  }

  browserIt(
    'draws the chart of effort and automatic / review / manual work per hop, with how the effort is computed',
    () => {
      const dom = render(sample.html, 1400);
      const rows = dom.querySelectorAll('table.chart tbody tr');
      expect(rows.map((r) => r.getAttribute('data-hop'))).toEqual(sample.report.hops.map((h) => h.id));
      for (const [i, row] of rows.entries()) {
        const h = sample.report.hops[i];
        expect(row.querySelector('.effort')).not.toBeNull();
        expect(row.querySelectorAll('td.n')[0].text).toBe(`${h.effort.hours} h`);
      }
      expect(rows[0].querySelectorAll('.bar span').length).toBeGreaterThan(1);
      expect(dom.querySelector('#effort')!.text).toMatch(/mandatory 30, recommended 15, informational 5/);
      expect(dom.querySelectorAll('script[src], link[rel=stylesheet], img, iframe')).toHaveLength(0);
    },
    180_000,
  );
});

/**
 * A solution whose names carry markup: the project folder and file, a C# file named like an attribute break-out
 * (the lost-dependencies finding quotes its path) and a C# string (a migration id, shown as the latest migration).
 * Made at test time: such names cannot be checked out on every file system.
 */
function hostileSolution(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'idsrv-audit-hostile-'));
  const name = `Id"'&<svg onload=document.title=1>`;
  const dir = path.join(root, 'src', `Host#"><img src=x onerror=document.title=2>`);
  fs.cpSync(path.join(solutions, 'is4-quickstart-ef', 'src', 'IdentityServerHost'), dir, { recursive: true });
  fs.renameSync(path.join(dir, 'IdentityServerHost.csproj'), path.join(dir, `${name}.csproj`));
  fs.mkdirSync(path.join(dir, 'Helpers'));
  fs.writeFileSync(
    path.join(dir, 'Helpers', `Json#"><img src=x onerror=document.title=3>.cs`),
    'using Newtonsoft.Json;\n\nnamespace Host.Helpers\n{\n    public static class JsonHelper\n    {\n        public static string Write(object o) => JsonConvert.SerializeObject(o);\n    }\n}\n',
  );
  fs.mkdirSync(path.join(dir, 'Migrations'));
  fs.writeFileSync(
    path.join(dir, 'Migrations', 'Initial.cs'),
    'using IdentityServer4.EntityFramework.DbContexts;\nusing Microsoft.EntityFrameworkCore.Infrastructure;\nusing Microsoft.EntityFrameworkCore.Migrations;\n\nnamespace Host.Migrations\n{\n    [DbContext(typeof(ConfigurationDbContext))]\n    [Migration("20200101000000_<script>document.title=4</script>\\"><img src=x onerror=document.title=5>")]\n    public partial class Initial : Migration\n    {\n    }\n}\n',
  );
  return root;
}

describe('names from the solution that carry markup', () => {
  let root: string;
  let out: string;
  let r: ReturnType<typeof cli>;
  beforeAll(() => {
    root = hostileSolution();
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'idsrv-audit-hostile-out-'));
    r = cli(['audit', root, ...['a.html', 'a.json', 'a.sarif', 'a.md'].flatMap((f) => ['--report', path.join(out, f)])], process.cwd());
  });
  const read = (f: string) => fs.readFileSync(path.join(out, f), 'utf8');

  it('reach the reports (the fixture exercises what it should)', () => {
    expect(r.code).toBe(0);
    const report: AuditReport = JSON.parse(read('a.json'));
    expect(report.projects.map((p) => p.name)).toEqual([`Id"'&<svg onload=document.title=1>`]);
    expect(report.findings.map((f) => f.message).join('\n')).toContain('#"><img src=x onerror=document.title=3>.cs uses it');
    expect(report.database.contexts.find((c) => c.name === 'ConfigurationDbContext')!.latestMigration).toContain('<script>document.title=4</script>');
  });

  it('are escaped in the HTML: no injected element or attribute', () => {
    const doc = parse(read('a.html'));
    expect(doc.querySelectorAll('img, svg, iframe, object, embed')).toHaveLength(0);
    const scripts = doc.querySelectorAll('script');
    expect(scripts).toHaveLength(1);
    expect(scripts[0].attributes).toEqual({});
    const handlers = doc.querySelectorAll('*').flatMap((e) => Object.keys(e.attributes).filter((a) => /^on/i.test(a)));
    expect(handlers).toEqual([]);
    expect(read('a.html')).toContain('&lt;svg onload=document.title=1&gt;');
  });

  it('stay text in the Markdown (inside code spans or with < escaped)', () => {
    const md = read('a.md');
    expect(md).toContain('&lt;img src=x onerror=document.title=3>.cs uses it');
    const prose = md.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '');
    expect(prose).not.toMatch(/<(img|svg|script)\b/i);
  });

  it('leave the JSON and SARIF valid', () => {
    const Ajv = require('ajv').default;
    const AjvDraft04 = require('ajv-draft-04').default;
    const addFormats = require('ajv-formats').default;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'schemas', 'audit.schema.json'), 'utf8')));
    expect(validate(JSON.parse(read('a.json')))).toBe(true);
    const sarifAjv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(sarifAjv);
    const validateSarif = sarifAjv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));
    const sarif = JSON.parse(read('a.sarif'));
    expect(validateSarif(sarif) ? [] : validateSarif.errors).toEqual([]);
    const uris: string[] = sarif.runs[0].results.flatMap((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations.map((l) => l.physicalLocation.artifactLocation.uri));
    expect(uris.some((u) => u.startsWith('src/Host%23%22%3E%3Cimg%20src=x%20onerror=document.title=2%3E/'))).toBe(true);
    for (const u of uris) expect(u).not.toMatch(/[<>"\s]/);
  });

  browserIt(
    'run no script in Chromium',
    () => {
      const dom = render(read('a.html'), 1400);
      expect(dom.querySelector('title')!.text).toMatch(/^IdentityServer upgrade audit/);
      expect(dom.querySelectorAll('img, svg')).toHaveLength(0);
      expect(dom.querySelector('html')!.getAttribute('data-matrix-rendered')).toBe('10'); // our own script did run
    },
    180_000,
  );
});
