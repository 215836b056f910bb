/**
 * The audit as Markdown, for a pull request, a ticket or a wiki page. Sized for a pull-request body or comment
 * (65,536 characters) even on a solution of dozens of projects: a short "what to do" list first, long lists folded
 * in `<details>`, projects named once (the hop plan counts them, the matrix shows which), findings with the same
 * message listed once with their places, one line per item. File-level detail (every automatic edit, where each
 * package is declared and why a role was inferred) is in the JSON and HTML reports.
 */
import type { AuditReport, AuditSeverity, ChecklistStatus } from '../../audit/model';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;');
const code = (s: string) => `\`${s.replace(/`/g, "'").replace(/\r?\n/g, ' ')}\``;
const STATUS: Record<ChecklistStatus, string> = { action: '**to do**', check: 'to check', ok: 'ok' };
const NEED: Record<string, string> = { none: '—', nothing: 'no change', automatic: 'automatic', review: 'review', manual: '**manual**' };
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** Lists longer than this are folded. */
const FOLD = 6;

/**
 * How much detail a rendering keeps: the longest text of an item, the items of a list, the files named per item.
 * The first level is used when the result fits MARKDOWN_BUDGET, else the next (a large solution's report is cut
 * down to fit a pull request; the JSON, SARIF and HTML reports keep everything).
 */
interface Detail {
  text: number;
  items: number;
  places: number;
}
const LEVELS: Detail[] = [
  { text: 700, items: Infinity, places: 4 },
  { text: 300, items: 12, places: 2 },
  { text: 160, items: 5, places: 1 },
];
/** Characters: a pull-request body or comment takes 65,536; some room is left for what a user adds. */
export const MARKDOWN_BUDGET = 60_000;
let detail: Detail = LEVELS[0]; // the level being rendered (auditMarkdown is synchronous)

/** Text from the solution or a rule, one item: clipped, and `<` escaped so names carrying markup stay text. */
const clip = (s: string, max = detail.text) => (s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s).replace(/</g, '&lt;');

export function severities(f: Record<AuditSeverity, number>): string {
  return `${f.mandatory} mandatory, ${f.recommended} recommended, ${f.informational} informational`;
}

export function hopLabel(h: { from: string; to: string; toVersion: string; fixup: boolean }): string {
  return h.fixup ? `${h.to} fix-ups` : h.from === h.to ? `${h.from} → ${h.toVersion}` : `${h.from} → ${h.to}`;
}

/** A list, folded under `summary` when long (blank lines around so GitHub renders the Markdown inside). */
function fold(summary: string, all: string[], limit = FOLD): string[] {
  const lines = all.length > detail.items ? [...all.slice(0, detail.items), `- … and ${all.length - detail.items} more (see the JSON or HTML report)`] : all;
  if (lines.length <= limit) return ['', `${summary}:`, '', ...lines];
  return ['', `<details><summary>${summary}</summary>`, '', ...lines, '', '</details>'];
}

const oneLine = (s: string) => s.replace(/\s*\r?\n\s*/g, ' ');

/**
 * Items with the same text listed once: the text, then its files with their line numbers. Places beyond a few are
 * counted, not listed (every place is in the JSON, SARIF and HTML reports).
 */
function grouped<T>(items: T[], head: (x: T) => string, body: (x: T) => string, file: (x: T) => string, line: (x: T) => number): string[] {
  const byText = new Map<string, { head: string; body: string; files: Map<string, number[]> }>();
  for (const x of items) {
    const key = `${head(x)}\u0000${body(x)}`;
    const g = byText.get(key) ?? { head: head(x), body: body(x), files: new Map<string, number[]>() };
    g.files.set(file(x), [...(g.files.get(file(x)) ?? []), line(x)]);
    byText.set(key, g);
  }
  return [...byText.values()].map((g) => {
    const places = [...g.files].map(([f, lines]) => (lines.length === 1 ? code(`${f}:${lines[0]}`) : `${code(f)} lines ${lines.slice(0, 8).join(', ')}${lines.length > 8 ? ` and ${lines.length - 8} more` : ''}`));
    const n = detail.places;
    const where = `${places.slice(0, n).join(', ')}${places.length > n ? ` and ${plural(places.length - n, 'other file')}` : ''}`;
    return `- ${g.head ? `${g.head} at ` : ''}${where}: ${clip(g.body)}`;
  });
}

function whatToDo(r: AuditReport): string[] {
  const s = r.summary;
  const hops = r.hops.filter((h) => !h.fixup);
  if (!hops.length) return ['Nothing to upgrade: every project is on the target already or uses no IdentityServer package.'];
  const out: string[] = [];
  const route = [hops[0].from, ...hops.map((h) => (h.from === h.to ? h.toVersion : h.to))].join(' → ');
  out.push(`Upgrade ${plural(s.projectsToUpgrade, 'project')} ${route}: idsrv-codemod makes ${plural(s.automaticEdits, 'automatic edit')} in ${plural(s.filesChanged, 'file')}; build and run the tests after each hop.`);
  if (s.reviewEdits) out.push(`Review ${plural(s.reviewEdits, 'edit')} the codemod made from a heuristic (listed per hop below).`);
  const hopsWith = (sev: AuditSeverity) => hops.filter((h) => h.findings[sev]).map(hopLabel).join(', ');
  if (s.findings.mandatory) out.push(`Fix ${plural(s.findings.mandatory, 'mandatory finding')} by hand (${hopsWith('mandatory')}).`);
  if (s.findings.recommended) out.push(`Decide on ${plural(s.findings.recommended, 'recommended finding')} (${hopsWith('recommended')}).`);
  const db = r.database;
  if (db.migrations.length) {
    const contexts = new Set(db.migrations.map((m) => m.context)).size;
    const projects = new Set(db.migrations.map((m) => m.project)).size;
    const risky = [...new Set(db.migrations.filter((m) => m.warnings.length || m.handEdit).map((m) => m.hop.replace('-', ' → ')))];
    out.push(`Generate ${plural(db.migrations.length, 'EF migration')} for ${plural(contexts, 'DbContext')} in ${plural(projects, 'migrations project')} ([Database](#database))${risky.length ? `; read the data-loss warnings and hand edits of ${risky.join(', ')} first` : ''}.`);
  }
  const todo = r.checklist.filter((i) => i.status === 'action').map((i) => i.title);
  const check = r.checklist.filter((i) => i.status === 'check').map((i) => i.title);
  if (todo.length) out.push(`Do: ${todo.join('; ')} ([Checklist](#checklist)).`);
  if (check.length) out.push(`Check: ${check.join('; ')}.`);
  out.push(`Effort (estimate): ${s.effort.hours} h, size ${s.effort.size}.`);
  return out.map((line, i) => `${i + 1}. ${line}`);
}

export function auditMarkdown(r: AuditReport): string {
  let md = '';
  for (const level of LEVELS) {
    detail = level;
    md = render(r, level !== LEVELS[0]);
    if (md.length <= MARKDOWN_BUDGET) break;
  }
  detail = LEVELS[0];
  return md;
}

function render(r: AuditReport, shortened: boolean): string {
  const out: string[] = ['# IdentityServer upgrade audit', ''];
  out.push(`Target: **${r.target.line} (${r.target.version})**. Solutions: ${r.solutions.length ? r.solutions.map(code).join(', ') : 'none (projects found directly)'}.`);
  if (shortened) out.push('', '_Shortened to fit a pull request: long texts are clipped and long lists cut; the JSON, SARIF and HTML reports list every place._');
  out.push('', '## What to do', '', ...whatToDo(r));

  out.push('', '## Summary', '', '| | |', '|---|---|');
  out.push(`| Projects | ${r.summary.projects} found, ${r.summary.projectsToUpgrade} to upgrade |`);
  out.push(`| Hops | ${r.hops.filter((h) => !h.fixup).map(hopLabel).join(', ') || 'none'} |`);
  out.push(`| Automatic edits | ${r.summary.automaticEdits} in ${plural(r.summary.filesChanged, 'file')} |`);
  out.push(`| Edits to review | ${r.summary.reviewEdits} |`);
  out.push(`| Findings | ${severities(r.summary.findings)} |`);
  out.push(`| Database migrations | ${r.summary.migrations} |`);
  out.push(`| Checklist | ${r.summary.checklist.action} to do, ${r.summary.checklist.check} to check |`);
  out.push(`| Effort (estimate) | ${r.summary.effort.hours} h (${r.summary.effort.size}) |`);

  out.push('', '## Projects', '');
  const rows = r.projects.map((p) => {
    const plan = p.hops.length ? `${p.from} → ${p.hops[p.hops.length - 1].slice(p.hops[p.hops.length - 1].indexOf('-') + 1)}${p.hops.length > 1 ? ` (${p.hops.length} hops)` : ''}` : 'nothing to do';
    const pkgs = p.packages.filter((k) => k.category === 'identityserver' || k.category === 'identitymodel').map((k) => `${k.id} ${k.version ?? '?'}`);
    return `| ${code(p.path)} | ${p.roles.join(', ')} | ${cell(p.frameworks.join(';') || '—')} | ${p.version ?? '—'} | ${plan} | ${cell(pkgs.join(', ') || '—')} |`;
  });
  const table = ['| Project | Roles | Frameworks | Version | Plan | IdentityServer packages |', '|---|---|---|---|---|---|', ...rows];
  if (rows.length > 12) out.push(`<details><summary>${plural(rows.length, 'project')}</summary>`, '', ...table, '', '</details>');
  else out.push(...table);
  const notes = r.projects.flatMap((p) => p.notes.map((n) => `- ${p.name}: ${clip(oneLine(n))}`));
  if (notes.length) out.push(...fold('Notes', notes));

  out.push('', '## Hop plan', '');
  if (!r.hops.length) out.push('Nothing to upgrade.');
  else {
    out.push('| Hop | Projects | Package edits | Framework edits | Automatic edits | To review | Findings (mandatory/recommended/informational) | Schema | Effort |', '|---|---|---|---|---|---|---|---|---|');
    for (const h of r.hops) {
      out.push(`| [${hopLabel(h)}](${h.docs}) | ${h.projects.length} | ${h.packageEdits} | ${h.frameworkEdits} | ${h.automaticEdits.count} in ${plural(h.automaticEdits.files.length, 'file')} | ${h.reviewEdits} | ${h.findings.mandatory}/${h.findings.recommended}/${h.findings.informational} | ${h.schema.join(', ') || '—'} | ${h.effort.hours} h |`);
    }
    if (r.matrix.projects.length && r.matrix.hops.length) {
      const matrix = ['| Project | ' + r.hops.map(hopLabel).join(' | ') + ' |', '|---|' + r.hops.map(() => '---|').join('')];
      const names = new Map(r.projects.map((p) => [p.path, p.name]));
      for (const p of r.matrix.projects) matrix.push(`| ${code(names.get(p) ?? p)} | ${r.matrix.cells.filter((c) => c.project === p).map((c) => NEED[c.need]).join(' | ')} |`);
      out.push('', '<details><summary>Projects × hops: what each project needs in each hop</summary>', '', ...matrix, '', '</details>');
    }
  }
  const projectOf = new Map(r.projects.map((p) => [p.path, p.name]));
  for (const h of r.hops) {
    out.push('', `### ${hopLabel(h)}`, '', `Guide: ${h.docs}. ${plural(h.projects.length, 'project')}.`);
    if (h.automaticEdits.files.length) {
      const byFolder = new Map<string, { files: number; edits: number }>();
      for (const f of h.automaticEdits.files) {
        const owner = [...projectOf.keys()].filter((p) => f.path.startsWith(p.slice(0, p.lastIndexOf('/') + 1))).sort((a, b) => b.length - a.length)[0] ?? f.path;
        const e = byFolder.get(owner) ?? { files: 0, edits: 0 };
        byFolder.set(owner, { files: e.files + 1, edits: e.edits + f.edits });
      }
      const lines = [...byFolder].map(([p, e]) => `- ${code(projectOf.get(p) ?? p)}: ${plural(e.edits, 'edit')} in ${plural(e.files, 'file')}`);
      out.push(...fold(`Automatic edits: ${h.automaticEdits.count} in ${plural(h.automaticEdits.files.length, 'file')}`, lines));
    }
    const review = h.fixup ? [] : r.review.filter((x) => x.hop === h.id);
    if (review.length) out.push(...fold(`Edits to review (${review.length})`, grouped(review, () => '', (x) => `[${x.ruleId}](${x.docs})`, (x) => x.file, (x) => x.line)));
    const findings = h.fixup ? [] : r.findings.filter((f) => f.hop === h.id);
    if (findings.length) out.push(...fold(`Findings (${severities(h.findings)})`, grouped(findings, (f) => `**${f.severity}** [${f.ruleId}](${f.docs})`, (f) => `${oneLine(f.message)}${f.suggestion ? ` — ${oneLine(f.suggestion)}` : ''}`, (f) => f.file, (f) => f.line), 12));
    const migrations = h.fixup ? [] : r.database.migrations.filter((m) => m.hop === h.id);
    if (migrations.length) out.push('', `Database: ${[...new Set(migrations.map((m) => m.context))].join(', ')} (see [Database](#database)).`);
    if (!h.automaticEdits.files.length && !review.length && !findings.length && !migrations.length) out.push('', 'Nothing changes and nothing needs a human in this hop.');
  }

  out.push('', '## Database', '');
  const db = r.database;
  for (const n of db.notes) out.push(`- ${clip(oneLine(n))}`);
  if (db.contexts.length) {
    out.push(...(db.notes.length ? [''] : []), '| Context | Kind | Migrations project | Startup project | Folder | Existing migrations | Found from |', '|---|---|---|---|---|---|---|');
    for (const c of db.contexts) {
      out.push(`| ${c.name} | ${c.kind} | ${c.migrationsProject ? code(c.migrationsProject) : '—'} | ${c.startupProject ? code(c.startupProject) : '—'} | ${code(c.folder)}${c.folderFrom === 'default' ? ' (default)' : ''} | ${c.existingMigrations}${c.latestMigration ? ` (latest ${cell(c.latestMigration)})` : ''} | ${cell(c.how)} |`);
    }
  }
  // One section per hop and context: the changes and warnings once, then one command per migrations project.
  const sections = new Map<string, typeof db.migrations>();
  for (const m of db.migrations) sections.set(`${m.hop}\u0000${m.context}`, [...(sections.get(`${m.hop}\u0000${m.context}`) ?? []), m]);
  for (const list of sections.values()) {
    const m = list[0];
    out.push('', `### ${m.hop.replace('-', ' → ')}: ${m.context}`, '');
    for (const c of m.changes) out.push(`- ${oneLine(c)}`);
    for (const w of m.warnings) out.push('', `> **Data loss warning:** ${oneLine(w)}`);
    if (m.handEdit) out.push('', `> **Hand edit:** ${oneLine(m.handEdit)}`);
    out.push('', '```sh', ...list.map((x) => x.command), '```');
  }
  if (db.allAtOnce.length && db.migrations.length > db.allAtOnce.length) {
    out.push('', 'Upgrading in one step instead: one migration per context covers every hop above (the warnings still apply):', '', '```sh', ...db.allAtOnce.map((a) => a.command), '```');
  }

  out.push('', '## Checklist', '', '| Item | Status |', '|---|---|');
  for (const i of r.checklist) out.push(`| [${i.title}](#${i.id}) | ${STATUS[i.status]} |`);
  for (const i of r.checklist) {
    out.push('', `### ${i.title}`, '', `<a id="${i.id}"></a>Status: ${STATUS[i.status]}. See ${i.docs}.`);
      const noFile = new Map<string, string[]>();
    for (const d of i.details.filter((x) => !x.file)) noFile.set(oneLine(d.message), [...(noFile.get(oneLine(d.message)) ?? []), ...(d.project ? [d.project] : [])]);
    const details = [
      ...grouped(i.details.filter((d) => d.file), () => '', (d) => oneLine(d.message), (d) => d.file!, (d) => d.line ?? 0),
      ...[...noFile].map(([m, ps]) => `- ${clip(m)}${ps.length ? ` (${clip(ps.slice(0, detail.places).join(', '))}${ps.length > detail.places ? ` and ${ps.length - detail.places} more` : ''})` : ''}`),
    ];
    if (details.length > FOLD) out.push(...fold(`Details (${details.length})`, details));
    else if (details.length) out.push('', ...details);
  }

  out.push('', '## Files', '', `${plural(r.files.changed.length, 'file')} would change.`);
  const problems = [...r.files.skipped.map((f) => `- skipped: ${code(f.path)} — ${clip(oneLine(f.reason))}`), ...r.files.errors.map((f) => `- error: ${code(f.path)} — ${clip(oneLine(f.reason))}`)];
  if (problems.length) out.push(...fold(`Skipped or in error (${problems.length})`, problems));
  const runNotes = r.notes.map((n) => `- Note: ${clip(oneLine(n))}`);
  if (runNotes.length) out.push(...fold('Notes', runNotes));
  out.push('', `Effort is a heuristic (minutes per finding, review edit, changed file, project and hop, migration, checklist item); see the README.`);
  return out.join('\n') + '\n';
}
