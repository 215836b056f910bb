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
