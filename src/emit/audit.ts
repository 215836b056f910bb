/** `audit`: the plan and everything that needs a human, as Markdown for a pull request or a ticket. */
import path from 'node:path';
import type { PipelineResult } from '../pipeline';
import type { Rule } from '../engine/rule';
import { declaredAt } from './summary';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function formatAudit(run: PipelineResult, rules: Rule[]): string {
  const rel = (p: string) => path.relative(run.root, p).split(path.sep).join('/');
  const docs = new Map(rules.map((r) => [r.id, r.docs]));
  const out: string[] = [`# IdentityServer upgrade audit`, '', `Target: **${run.target}**. Scanned: \`${run.root}\`.`, '', '## Projects', ''];
  out.push('| Project | Role | Frameworks | Packages (effective version, declared at) | Plan |', '|---|---|---|---|---|');
  for (const p of run.plans) {
    const pkgs = p.project.packages.map((k) => `${k.id} ${k.effective ?? `unresolved (${k.unresolved})`} (${declaredAt(run.root, k)})`).join('<br>') || '—';
    const plan = p.hops.length ? [p.hops[0].from.line, ...p.hops.map((h) => h.to.line)].join(' → ') : 'nothing to do';
    out.push(`| ${cell(rel(p.project.path))} | ${p.role} | ${cell(p.project.frameworks.join(';'))} | ${cell(pkgs)} | ${plan} |`);
  }
  const notes = [...run.notes, ...run.plans.flatMap((p) => [...p.notes, ...p.project.notes].map((n) => `${p.project.name}: ${n}`))];
  if (notes.length) out.push('', '### Notes', '', ...notes.map((n) => `- ${n}`));
  out.push('', '## Hops', '', '| Hop | Projects | Automatic edits | Findings |', '|---|---|---|---|');
  for (const h of run.result.hops) out.push(`| ${h.hop.from.line} → ${h.hop.to.line} | ${cell(h.projects.join(', '))} | ${h.edits} | ${h.findings} |`);
  if (!run.result.hops.length) out.push('| — | — | 0 | 0 |');
  out.push('', '## Findings that need a human', '');
  if (!run.result.findings.length) out.push('None.');
  for (const f of run.result.findings) {
    out.push(`- **${f.severity}** \`${f.file}:${f.line}\` (${f.hop}, [${f.ruleId}](${docs.get(f.ruleId) ?? ''})): ${f.message}${f.suggestion ? ` — ${f.suggestion}` : ''}`);
  }
  out.push('', '## Edits to review', '');
  if (!run.result.review.length) out.push('None: every automatic edit rests on an unambiguous signal.');
  for (const r of run.result.review) out.push(`- \`${r.file}:${r.line}\` (${r.hop}, ${r.ruleId})`);
  const changed = [...run.result.files.values()].filter((f) => f.status === 'changed');
  const problems = [...run.result.files.values()].filter((f) => f.status === 'skipped' || f.status === 'error');
  out.push('', '## Files', '', `${changed.length} file(s) would change.`);
  for (const f of problems) out.push(`- ${f.status}: \`${rel(f.path)}\` — ${f.reason}`);
  return out.join('\n') + '\n';
}
