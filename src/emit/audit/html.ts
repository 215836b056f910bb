/**
 * The audit as one self-contained HTML page (inline CSS and a few lines of script, nothing fetched): a summary, a
 * chart of effort and work per hop (CSS bars), a projects × hops matrix coloured by what each cell needs, the
 * findings grouped by hop (collapsible), the database plan and the checklist. Every table sits in its own
 * horizontal scroll area, so the page never scrolls sideways. Everything from the solution goes through esc().
 * Readable without the script; the script only makes matrix cells jump to their hop and records that the matrix
 * rendered (`data-matrix-rendered` on <html>, read by the browser tests).
 */
import type { AuditReport } from '../../audit/model';
import { MINUTES } from '../../audit/effort';
import { hopLabel, severities } from './markdown';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const link = (href: string, text: string) => (/^https:\/\//.test(href) ? `<a href="${esc(href)}" rel="noreferrer">${esc(text)}</a>` : esc(text));
const anchor = (hop: string) => `hop-${hop.replace(/[^A-Za-z0-9]+/g, '-')}`;

const NEED_TEXT = { none: '—', nothing: 'no change', automatic: 'automatic', review: 'review', manual: 'manual' } as const;

const CSS = `
:root{--ok:#e8f5e9;--auto:#c8e6c9;--review:#ffe0b2;--manual:#ffcdd2;--none:#f4f4f4;--ink:#1d2430;--muted:#5f6b7a;--line:#d9dee5}
*{box-sizing:border-box}body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:0 auto;max-width:1200px;padding:24px}
h1{font-size:1.6em;margin:0 0 4px}h2{margin-top:32px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{margin:18px 0 6px}
.muted{color:var(--muted)}code{font:0.9em ui-monospace,SFMono-Regular,Menlo,monospace;background:#f1f3f6;padding:1px 4px;border-radius:4px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:10px;margin:16px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 12px}.card b{display:block;font-size:1.4em}
table{border-collapse:collapse;width:100%;margin:0}th,td{border:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}th{background:#f7f8fa}
td code,th code,li code{overflow-wrap:anywhere}div.scroll td:first-child{min-width:12em}
div.scroll{overflow-x:auto;max-width:100%;margin:8px 0;border-right:1px solid var(--line)}div.scroll:focus{outline:2px solid #90caf9}
table.matrix{width:auto;min-width:100%}table.matrix td.cell{text-align:center;white-space:nowrap;cursor:pointer;min-width:90px}table.matrix thead th{white-space:nowrap}
table.matrix th[scope=row]{position:sticky;left:0;z-index:1;background:#f7f8fa;min-width:10em;max-width:20em;overflow-wrap:anywhere}
.chart td{vertical-align:middle}.bar{display:flex;height:18px;min-width:2px;border-radius:3px;overflow:hidden}.bar span{display:block;height:100%;min-width:3px}
.effort{background:#5c6bc0}.w-automatic{background:#66bb6a}.w-review{background:#ffa726}.w-manual{background:#e53935}.chart th{white-space:nowrap}
.chart td.n{white-space:nowrap;text-align:right;width:1%}.chart td.barcell{width:45%}.key span{display:inline-block;width:12px;height:12px;margin:0 4px 0 10px;vertical-align:-1px;border-radius:2px}
.need-none{background:var(--none);color:#999}.need-nothing{background:var(--ok)}.need-automatic{background:var(--auto)}.need-review{background:var(--review)}.need-manual{background:var(--manual);font-weight:600}
.legend span{display:inline-block;padding:2px 8px;margin-right:6px;border-radius:4px;border:1px solid var(--line)}
details{border:1px solid var(--line);border-radius:8px;margin:10px 0;padding:6px 12px}summary{cursor:pointer;font-weight:600}
.sev{display:inline-block;min-width:96px;font-size:.8em;font-weight:700;text-transform:uppercase}.sev-mandatory{color:#b71c1c}.sev-recommended{color:#e65100}.sev-informational{color:#1565c0}
ul.findings{list-style:none;padding-left:0}ul.findings li{padding:4px 0;border-bottom:1px dotted var(--line)}
pre{background:#0f1720;color:#e6edf3;padding:10px;border-radius:6px;overflow-x:auto}
.warn{border-left:4px solid #e65100;background:#fff3e0;padding:6px 10px;margin:6px 0}
.status-action{color:#b71c1c;font-weight:700}.status-check{color:#e65100;font-weight:600}.status-ok{color:#2e7d32}
`;

const SCRIPT = `
(function(){
  var cells=document.querySelectorAll('table.matrix td.cell');var shown=0;
  cells.forEach(function(c){var r=c.getBoundingClientRect();if(r.width>0&&r.height>0&&getComputedStyle(c).backgroundColor!=='rgba(0, 0, 0, 0)')shown++;
    c.addEventListener('click',function(){var d=document.getElementById(c.getAttribute('data-target'));if(d){d.open=true;d.scrollIntoView({behavior:'smooth'});}});});
  document.documentElement.setAttribute('data-matrix-rendered',String(shown));
})();
`;

export function auditHtml(r: AuditReport): string {
  const o: string[] = [];
  o.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">');
  o.push(`<title>IdentityServer upgrade audit: ${esc(r.target.line)}</title>`, `<style>${CSS}</style>`, '</head>', '<body>');
  o.push('<h1>IdentityServer upgrade audit</h1>');
  o.push(`<p class="muted">Target <b>${esc(r.target.line)} (${esc(r.target.version)})</b>${r.solutions.length ? ` · ${r.solutions.map((s) => `<code>${esc(s)}</code>`).join(', ')}` : ''} · idsrv-codemod ${esc(r.tool.version)}</p>`);
  const s = r.summary;
  const card = (label: string, value: string, sub = '') => `<div class="card"><span class="muted">${esc(label)}</span><b>${esc(value)}</b>${sub ? `<span class="muted">${esc(sub)}</span>` : ''}</div>`;
  o.push('<div class="cards" id="summary">');
  o.push(card('Projects to upgrade', `${s.projectsToUpgrade} / ${s.projects}`), card('Hops', String(s.hops)), card('Automatic edits', String(s.automaticEdits), `in ${s.filesChanged} file(s)`));
  o.push(card('Findings', String(s.findings.mandatory + s.findings.recommended + s.findings.informational), severities(s.findings)), card('Edits to review', String(s.reviewEdits)));
  o.push(card('Migrations', String(s.migrations)), card('Checklist', `${s.checklist.action} to do`, `${s.checklist.check} to check`), card('Effort (estimate)', `${s.effort.hours} h`, `size ${s.effort.size}`));
  o.push('</div>');

  o.push(...chart(r));

  o.push('<h2 id="matrix">Projects × hops</h2>');
  if (!r.matrix.projects.length || !r.matrix.hops.length) o.push('<p>Nothing to upgrade.</p>');
  else {
    o.push('<p class="legend">' + (['nothing', 'automatic', 'review', 'manual', 'none'] as const).map((n) => `<span class="need-${n}">${n === 'none' ? 'not in this hop' : n === 'nothing' ? 'no change' : n === 'automatic' ? 'automatic only' : n === 'review' ? 'review / migration' : 'manual work'}</span>`).join('') + '</p>');
    const names = new Map(r.projects.map((p) => [p.path, p.name]));
    o.push('<div class="scroll" role="region" tabindex="0" aria-label="Projects × hops"><table class="matrix"><thead><tr><th scope="col">Project</th>' + r.hops.map((h) => `<th scope="col">${link(h.docs, hopLabel(h))}</th>`).join('') + '</tr></thead><tbody>');
    for (const p of r.matrix.projects) {
      // The name, breakable after each dot (long dotted names wrap instead of pushing the hops away); the path in the title.
      o.push(`<tr><th scope="row" title="${esc(p)}"><code>${esc(names.get(p) ?? p).replace(/\./g, '.<wbr>')}</code></th>`);
      for (const c of r.matrix.cells.filter((x) => x.project === p)) {
        const parts = [c.edits ? `${c.edits} edit(s)` : '', c.review ? `${c.review} to review` : '', c.findings.mandatory + c.findings.recommended + c.findings.informational ? `${c.findings.mandatory + c.findings.recommended + c.findings.informational} finding(s)` : '', c.migrations ? `${c.migrations} migration(s)` : ''].filter(Boolean);
        o.push(`<td class="cell need-${c.need}" data-need="${c.need}" data-hop="${esc(c.hop)}" data-target="${anchor(c.hop)}" title="${esc(parts.join(', ') || NEED_TEXT[c.need])}">${esc(NEED_TEXT[c.need])}${parts.length ? `<br><small>${esc(parts.join(' · '))}</small>` : ''}</td>`);
      }
      o.push('</tr>');
    }
    o.push('</tbody></table></div>');
  }

  o.push('<h2 id="projects">Projects</h2><div class="scroll" role="region" tabindex="0" aria-label="Projects"><table><thead><tr><th>Project</th><th>Roles</th><th>Frameworks</th><th>Version</th><th>Packages</th></tr></thead><tbody>');
  for (const p of r.projects) {
    const pkgs = p.packages.map((k) => `${esc(k.id)} ${esc(k.version ?? `unresolved (${k.unresolved})`)} <span class="muted">${esc(`${k.declared.file}:${k.declared.line}`)}</span>`).join('<br>');
    o.push(`<tr><td><code>${esc(p.path)}</code></td><td>${esc(p.roles.join(', '))}</td><td>${esc(p.frameworks.join(';'))}</td><td>${esc(p.version ?? '—')}</td><td>${pkgs || '—'}</td></tr>`);
  }
  o.push('</tbody></table></div>');

  o.push('<h2 id="hops">Findings by hop</h2>');
  if (!r.hops.length) o.push('<p>Nothing to upgrade.</p>');
  for (const h of r.hops) {
    const findings = h.fixup ? [] : r.findings.filter((f) => f.hop === h.id);
    const review = h.fixup ? [] : r.review.filter((x) => x.hop === h.id);
    o.push(`<details id="${anchor(h.id)}"${findings.some((f) => f.severity === 'mandatory') ? ' open' : ''}><summary>${esc(hopLabel(h))} — ${h.automaticEdits.count} automatic edit(s), ${review.length} to review, ${esc(severities(h.findings))}, ${h.effort.hours} h</summary>`);
    o.push(`<p>${link(h.docs, 'Upgrade guide')} · projects: ${esc(h.projects.join(', ') || 'none')}${h.schema.length ? ` · schema: ${esc(h.schema.join(', '))}` : ''}</p>`);
    if (h.automaticEdits.files.length) o.push(`<p>Automatic edits: ${h.automaticEdits.files.map((f) => `<code>${esc(f.path)}</code> (${f.edits})`).join(', ')}</p>`);
    if (findings.length) {
      o.push('<ul class="findings">');
      for (const f of findings) o.push(`<li><span class="sev sev-${f.severity}">${f.severity}</span> <code>${esc(`${f.file}:${f.line}`)}</code> ${link(f.docs, f.ruleId)}: ${esc(f.message)}${f.suggestion ? ` <span class="muted">— ${esc(f.suggestion)}</span>` : ''}</li>`);
      o.push('</ul>');
    }
    if (review.length) o.push('<p>Edits to review:</p><ul>' + review.map((x) => `<li><code>${esc(`${x.file}:${x.line}`)}</code> ${link(x.docs, x.ruleId)}</li>`).join('') + '</ul>');
    if (!findings.length && !review.length && !h.automaticEdits.files.length) o.push('<p class="muted">Nothing changes and nothing needs a human in this hop.</p>');
    o.push('</details>');
  }

  o.push('<h2 id="database">Database</h2>');
  for (const n of r.database.notes) o.push(`<p>${esc(n)}</p>`);
  if (r.database.contexts.length) {
    o.push('<div class="scroll" role="region" tabindex="0" aria-label="DbContexts"><table class="contexts"><thead><tr><th>Context</th><th>Kind</th><th>Migrations project</th><th>Startup project</th><th>Folder</th><th>Existing migrations</th></tr></thead><tbody>');
    for (const c of r.database.contexts) o.push(`<tr><td>${esc(c.name)}</td><td>${c.kind}</td><td><code>${esc(c.migrationsProject ?? '—')}</code></td><td><code>${esc(c.startupProject ?? '—')}</code></td><td><code>${esc(c.folder)}</code></td><td>${c.existingMigrations}${c.latestMigration ? ` (latest ${esc(c.latestMigration)})` : ''}</td></tr>`);
    o.push('</tbody></table></div>');
  }
  for (const m of r.database.migrations) {
    o.push(`<h3>${esc(m.hop.replace('-', ' → '))}: ${esc(m.context)}</h3><ul>${m.changes.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>`);
    for (const w of m.warnings) o.push(`<p class="warn"><b>Data loss warning:</b> ${esc(w)}</p>`);
    if (m.handEdit) o.push(`<p class="warn"><b>Hand edit:</b> ${esc(m.handEdit)}</p>`);
    o.push(`<pre>${esc(m.command)}</pre>`);
  }

  o.push('<h2 id="checklist">Checklist</h2><div class="scroll" role="region" tabindex="0" aria-label="Checklist"><table><thead><tr><th>Item</th><th>Status</th><th>Details</th></tr></thead><tbody>');
  for (const i of r.checklist) {
    const details = i.details.map((d) => `<li>${d.project ? `${esc(d.project)}: ` : ''}${d.file ? `<code>${esc(`${d.file}:${d.line}`)}</code>: ` : ''}${esc(d.message)}</li>`).join('');
    o.push(`<tr id="check-${i.id}"><td>${link(i.docs, i.title)}</td><td class="status-${i.status}">${i.status === 'action' ? 'to do' : i.status === 'check' ? 'to check' : 'ok'}</td><td><ul>${details}</ul></td></tr>`);
  }
  o.push('</tbody></table></div>');
  o.push(`<p class="muted">${r.files.changed.length} file(s) would change${r.files.skipped.length ? `, ${r.files.skipped.length} skipped` : ''}${r.files.errors.length ? `, ${r.files.errors.length} in error` : ''}. Effort is a heuristic (see the README).</p>`);
  o.push(`<script>${SCRIPT}</script>`, '</body>', '</html>');
  return o.join('\n') + '\n';
}

/** Per hop: the work a human does, by kind. Automatic: edits the codemod makes; review: edits to review, recommended and informational findings, migrations to generate; manual: mandatory findings, data-loss warnings and hand edits. */
export function workOf(r: AuditReport, hop: string): { automatic: number; review: number; manual: number } {
  const h = r.hops.find((x) => x.id === hop)!;
  const migrations = h.fixup ? [] : r.database.migrations.filter((m) => m.hop === hop);
  const risky = migrations.reduce((n, m) => n + m.warnings.length + (m.handEdit ? 1 : 0), 0);
  return {
    automatic: h.automaticEdits.count,
    review: h.reviewEdits + h.findings.recommended + h.findings.informational + migrations.length,
    manual: h.findings.mandatory + risky,
  };
}

/** Effort and work per hop as CSS bars (no script, no external resource), then how the estimate is made. */
function chart(r: AuditReport): string[] {
  const hops = r.hops;
  if (!hops.length) return [];
  const o: string[] = ['<h2 id="chart">Work per hop</h2>'];
  const maxHours = Math.max(...hops.map((h) => h.effort.hours), 0.5);
  const works = hops.map((h) => workOf(r, h.id));
  const maxWork = Math.max(...works.map((w) => w.automatic + w.review + w.manual), 1);
  o.push('<p class="key muted">Effort in hours, and items per hop:<span class="w-automatic"></span>automatic edits<span class="w-review"></span>to review<span class="w-manual"></span>manual work</p>');
  o.push('<div class="scroll" role="region" tabindex="0" aria-label="Work per hop"><table class="chart"><thead><tr><th scope="col">Hop</th><th scope="col" colspan="2">Effort (estimate)</th><th scope="col" colspan="2">Automatic / review / manual</th></tr></thead><tbody>');
  for (const [i, h] of hops.entries()) {
    const w = works[i];
    const pct = (n: number, max: number) => `${((100 * n) / max).toFixed(1)}%`;
    const seg = (kind: keyof typeof w, label: string) => (w[kind] ? `<span class="w-${kind}" style="width:${pct(w[kind], w.automatic + w.review + w.manual)}" title="${w[kind]} ${label}"></span>` : '');
    const total = w.automatic + w.review + w.manual;
    o.push(
      `<tr data-hop="${esc(h.id)}"><th scope="row">${esc(hopLabel(h))}</th>` +
        `<td class="barcell"><div class="bar" style="width:${pct(h.effort.hours, maxHours)}" title="${h.effort.hours} h"><span class="effort" style="width:100%"></span></div></td><td class="n">${h.effort.hours} h</td>` +
        `<td class="barcell">${total ? `<div class="bar" style="width:${pct(total, maxWork)}">${seg('automatic', 'automatic edit(s)')}${seg('review', 'to review')}${seg('manual', 'manual')}</div>` : ''}</td>` +
        `<td class="n">${w.automatic} / ${w.review} / ${w.manual}</td></tr>`,
    );
  }
  o.push('</tbody></table></div>');
  const m = MINUTES;
  o.push(
    '<details id="effort"><summary>How the effort is estimated</summary><p>A deliberately simple heuristic, to size the upgrade rather than plan it to the hour. Minutes per hop:</p><ul>' +
      `<li>each finding: mandatory ${m.finding.mandatory}, recommended ${m.finding.recommended}, informational ${m.finding.informational} (a rule may set its own);</li>` +
      `<li>each edit to review: ${m.review}; each file changed automatically: ${m.changedFile} (reading its diff);</li>` +
      `<li>each project taking the hop: ${m.projectPerHop} (build, run the tests, try a login);</li>` +
      `<li>each EF migration (hop × DbContext × migrations project): ${m.migration}, plus ${m.migrationWarning} per data-loss warning or hand edit.</li>` +
      `</ul><p>The total adds the checklist: ${m.checklist.action} per item to do, ${m.checklist.check} per item to check. Totals are rounded up to the half hour; size S under 4 h, M under 16 h, L under 40 h, XL beyond.</p></details>`,
  );
  return o;
}
