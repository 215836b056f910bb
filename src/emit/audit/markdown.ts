/** The audit as Markdown, for a pull request, a ticket or a wiki page. */
import type { AuditReport, AuditSeverity, ChecklistStatus } from '../../audit/model';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const STATUS: Record<ChecklistStatus, string> = { action: '**to do**', check: 'to check', ok: 'ok' };
const NEED: Record<string, string> = { none: '—', nothing: 'no change', automatic: 'automatic', review: 'review', manual: '**manual**' };
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function severities(f: Record<AuditSeverity, number>): string {
  return `${f.mandatory} mandatory, ${f.recommended} recommended, ${f.informational} informational`;
}

export function hopLabel(h: { from: string; to: string; toVersion: string; fixup: boolean }): string {
  return h.fixup ? `${h.to} fix-ups` : h.from === h.to ? `${h.from} → ${h.toVersion}` : `${h.from} → ${h.to}`;
}

export function auditMarkdown(r: AuditReport): string {
  const out: string[] = ['# IdentityServer upgrade audit', ''];
  out.push(`Target: **${r.target.line} (${r.target.version})**. Solutions: ${r.solutions.length ? r.solutions.map(code).join(', ') : 'none (projects found directly)'}.`);
  out.push('', '## Summary', '', '| | |', '|---|---|');
  out.push(`| Projects | ${r.summary.projects} found, ${r.summary.projectsToUpgrade} to upgrade |`);
  out.push(`| Hops | ${r.hops.filter((h) => !h.fixup).map(hopLabel).join(', ') || 'none'} |`);
  out.push(`| Automatic edits | ${r.summary.automaticEdits} in ${plural(r.summary.filesChanged, 'file')} |`);
  out.push(`| Edits to review | ${r.summary.reviewEdits} |`);
  out.push(`| Findings | ${severities(r.summary.findings)} |`);
  out.push(`| Database migrations | ${r.summary.migrations} |`);
  out.push(`| Checklist | ${r.summary.checklist.action} to do, ${r.summary.checklist.check} to check |`);
  out.push(`| Effort (estimate) | ${r.summary.effort.hours} h (${r.summary.effort.size}) |`);

  out.push('', '## Projects', '', '| Project | Roles | Frameworks | Version | Plan |', '|---|---|---|---|---|');
  for (const p of r.projects) {
    const plan = p.hops.length ? [p.from, ...p.hops.map((h) => h.slice(h.indexOf('-') + 1))].join(' → ') : 'nothing to do';
    out.push(`| ${code(p.path)} | ${p.roles.join(', ')} | ${cell(p.frameworks.join(';') || '—')} | ${p.version ?? '—'} | ${plan} |`);
  }
  for (const p of r.projects.filter((x) => x.packages.length || x.notes.length || x.evidence.some((e) => e.file))) {
    out.push('', `### ${p.name}`, '');
    const evidence = p.evidence.filter((e) => e.file);
    if (evidence.length) out.push(`Roles from: ${evidence.map((e) => `${e.role} (${code(e.signal)} at ${code(`${e.file}:${e.line}`)})`).join('; ')}.`, '');
    if (p.packages.length) {
      out.push('| Package | Kind | Version | Declared at |', '|---|---|---|---|');
      for (const k of p.packages) {
        const version = k.version ? `${k.version}${k.versionFrom && k.versionFrom !== 'spec' ? ` (${k.versionFrom})` : ''}` : `unresolved: ${k.unresolved}`;
        out.push(`| ${k.id}${k.frameworks ? ` [${k.frameworks.join(', ')}]` : ''} | ${k.category} | ${cell(version)} | ${code(`${k.declared.file}:${k.declared.line}`)}${k.declared.via ? ` ${cell(k.declared.via)}` : ''} |`);
      }
    }
    for (const n of p.notes) out.push(`- Note: ${n}`);
  }

  out.push('', '## Hop plan', '');
  if (!r.hops.length) out.push('Nothing to upgrade.');
  else {
    out.push('| Hop | Projects | Package edits | Framework edits | Automatic edits | To review | Findings (mandatory/recommended/informational) | Schema | Effort |', '|---|---|---|---|---|---|---|---|---|');
    for (const h of r.hops) {
      out.push(`| [${hopLabel(h)}](${h.docs}) | ${cell(h.projects.join(', '))} | ${h.packageEdits} | ${h.frameworkEdits} | ${h.automaticEdits.count} in ${plural(h.automaticEdits.files.length, 'file')} | ${h.reviewEdits} | ${h.findings.mandatory}/${h.findings.recommended}/${h.findings.informational} | ${h.schema.join(', ') || '—'} | ${h.effort.hours} h |`);
    }
    if (r.matrix.projects.length && r.matrix.hops.length) {
      out.push('', '| Project | ' + r.hops.map(hopLabel).join(' | ') + ' |', '|---|' + r.hops.map(() => '---|').join(''));
      for (const p of r.matrix.projects) out.push(`| ${code(p)} | ${r.matrix.cells.filter((c) => c.project === p).map((c) => NEED[c.need]).join(' | ')} |`);
    }
  }
  for (const h of r.hops) {
    out.push('', `### ${hopLabel(h)}`, '', `Guide: ${h.docs}. Projects: ${h.projects.join(', ') || 'none'}.`);
    if (h.automaticEdits.files.length) out.push('', `Automatic edits (${h.automaticEdits.count}): ${h.automaticEdits.files.map((f) => `${code(f.path)} (${f.edits})`).join(', ')}.`);
    const review = h.fixup ? [] : r.review.filter((x) => x.hop === h.id);
    if (review.length) out.push('', 'Edits to review:', '', ...review.map((x) => `- ${code(`${x.file}:${x.line}`)} [${x.ruleId}](${x.docs})`));
    const findings = h.fixup ? [] : r.findings.filter((f) => f.hop === h.id);
    if (findings.length) {
      out.push('', 'Findings:', '');
      for (const f of findings) out.push(`- **${f.severity}** ${code(`${f.file}:${f.line}`)} [${f.ruleId}](${f.docs}): ${f.message}${f.suggestion ? ` — ${f.suggestion}` : ''}`);
    }
    const migrations = h.fixup ? [] : r.database.migrations.filter((m) => m.hop === h.id);
    if (migrations.length) out.push('', `Database: ${migrations.map((m) => m.context).join(', ')} (see [Database](#database)).`);
    if (!h.automaticEdits.files.length && !review.length && !findings.length && !migrations.length) out.push('', 'Nothing changes and nothing needs a human in this hop.');
  }

  out.push('', '## Database', '');
  const db = r.database;
  for (const n of db.notes) out.push(`- ${n}`);
  if (db.contexts.length) {
    out.push(...(db.notes.length ? [''] : []), '| Context | Kind | Migrations project | Startup project | Folder | Existing migrations | Found from |', '|---|---|---|---|---|---|---|');
    for (const c of db.contexts) {
      out.push(`| ${c.name} | ${c.kind} | ${c.migrationsProject ? code(c.migrationsProject) : '—'} | ${c.startupProject ? code(c.startupProject) : '—'} | ${code(c.folder)}${c.folderFrom === 'default' ? ' (default)' : ''} | ${c.existingMigrations}${c.latestMigration ? ` (latest ${c.latestMigration})` : ''} | ${cell(c.how)} |`);
    }
  }
  for (const m of db.migrations) {
    out.push('', `### ${m.hop.replace('-', ' → ')}: ${m.context}`, '');
    for (const c of m.changes) out.push(`- ${c}`);
    for (const w of m.warnings) out.push('', `> **Data loss warning:** ${w}`);
    if (m.handEdit) out.push('', `> **Hand edit:** ${m.handEdit}`);
    out.push('', '```sh', m.command, '```');
  }
  if (db.allAtOnce.length && db.migrations.length > db.allAtOnce.length) {
    out.push('', 'Upgrading in one step instead: one migration per context covers every hop above (the warnings still apply):', '', '```sh', ...db.allAtOnce.map((a) => a.command), '```');
  }

  out.push('', '## Checklist', '', '| Item | Status |', '|---|---|');
  for (const i of r.checklist) out.push(`| [${i.title}](#${i.id}) | ${STATUS[i.status]} |`);
  for (const i of r.checklist) {
    out.push('', `### ${i.title}`, '', `<a id="${i.id}"></a>Status: ${STATUS[i.status]}. See ${i.docs}.`, '');
    for (const d of i.details) out.push(`- ${d.project ? `${d.project}: ` : ''}${d.file ? `${code(`${d.file}:${d.line}`)}: ` : ''}${d.message}`);
  }

  out.push('', '## Files', '', `${plural(r.files.changed.length, 'file')} would change.`);
  for (const f of r.files.skipped) out.push(`- skipped: ${code(f.path)} — ${f.reason}`);
  for (const f of r.files.errors) out.push(`- error: ${code(f.path)} — ${f.reason}`);
  for (const n of r.notes) out.push(`- Note: ${n}`);
  out.push('', `Effort is a heuristic (minutes per finding, review edit, changed file, project and hop, migration, checklist item); see the README.`);
  return out.join('\n') + '\n';
}
