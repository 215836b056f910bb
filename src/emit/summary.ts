/** Human-readable report of a run: what was found, the plan, counts per hop, then per-file outcomes. */
import path from 'node:path';
import type { ProjectPlan } from '../plan/planner';
import type { RunResult } from '../engine/run';
import type { PackageRef } from '../scan/model';

export interface ReportInput {
  root: string;
  target: string;
  plans: ProjectPlan[];
  notes: string[];
  result: RunResult;
}

const rel = (root: string, p: string) => path.relative(root, p).split(path.sep).join('/') || '.';

/** Rewrites absolute paths under `root` inside a message (notes, reasons, errors) as paths relative to it, with `/`. */
export function relativeIn(root: string, text: string): string {
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  if (path.dirname(root) === root) return text; // a filesystem root: every absolute path would match
  return text
    .split(prefix)
    .map((part, i) => (i === 0 ? part : part.replace(/^[^\s:'"()]+/, (p) => p.split(path.sep).join('/'))))
    .join('');
}

export function declaredAt(root: string, p: PackageRef): string {
  const site = p.versionSite ?? p.idSite;
  const via = p.viaProperty ? ` via $(${p.viaProperty})` : p.origin === 'central' ? ' (central)' : p.origin === 'VersionOverride' ? ' (VersionOverride)' : '';
  return `${rel(root, site.file)}:${site.line}${via}`;
}

function packageLine(root: string, p: PackageRef): string {
  const version = p.effective
    ? `${p.effective}${p.effectiveFrom && p.effectiveFrom !== 'spec' ? ` (restored, ${p.effectiveFrom})` : p.spec && p.spec !== p.effective ? ` (from '${p.spec}')` : ''}`
    : `unresolved: ${p.unresolved}`;
  const fw = p.frameworks ? ` [${p.frameworks.join(', ')}]` : '';
  return `${p.id} ${version}${fw}  ${declaredAt(root, p)}`;
}

export function formatDetection(input: ReportInput): string {
  const { root, plans } = input;
  const lines: string[] = [`Target: IdentityServer ${input.target}`, '', 'Projects'];
  for (const plan of plans) {
    const p = plan.project;
    lines.push(`  ${rel(root, p.path)}  [${plan.role}]  ${p.frameworks.join(';') || '(no framework found)'}`);
    for (const pkg of p.packages) lines.push(`    ${packageLine(root, pkg)}`);
    if (plan.hops.length) lines.push(`    plan: ${[plan.hops[0].from.line, ...plan.hops.map((h) => h.to.line)].join(' -> ')}`);
    else if (plan.role !== 'none') lines.push(`    plan: nothing to do${plan.from ? ` (on ${plan.version ?? plan.from.line})` : ''}`);
    for (const n of [...plan.notes, ...p.notes]) lines.push(`    note: ${relativeIn(root, n)}`);
  }
  if (!plans.length) lines.push('  (no .csproj found)');
  for (const n of input.notes) lines.push(`  note: ${relativeIn(root, n)}`);
  lines.push('', 'Hops');
  for (const h of input.result.hops) {
    lines.push(`  ${h.hop.from.line} -> ${h.hop.to.line}  ${h.projects.length} project(s)  ${h.edits} automatic edit(s)  ${h.findings} finding(s)`);
  }
  if (!input.result.hops.length) lines.push('  none');
  return lines.join('\n') + '\n';
}

export function formatOutcome(input: ReportInput): string {
  const { root, result } = input;
  const lines: string[] = [];
  if (result.findings.length) {
    lines.push(`Findings that need a human (${result.findings.length})`);
    for (const f of result.findings) {
      lines.push(`  ${rel(root, path.resolve(root, f.file))}:${f.line}:${f.column}  ${f.severity}  [${f.ruleId}]  ${relativeIn(root, f.message)}${f.suggestion ? `\n      -> ${relativeIn(root, f.suggestion)}` : ''}`);
    }
    lines.push('');
  }
  if (result.review.length) {
    lines.push(`Edits to review (made from a heuristic) (${result.review.length})`);
    for (const r of result.review) lines.push(`  ${rel(root, path.resolve(root, r.file))}:${r.line}  [${r.ruleId}]`);
    lines.push('');
  }
  lines.push('Files');
  const files = [...result.files.values()].sort((a, b) => a.path.localeCompare(b.path));
  for (const f of files) lines.push(`  ${f.status.padEnd(9)} ${rel(root, f.path)}${f.reason ? `  (${relativeIn(root, f.reason)})` : ''}`);
  if (!files.length) lines.push('  none touched');
  const changed = files.filter((f) => f.status === 'changed').length;
  lines.push('', `${changed} file(s) to change, ${result.findings.length} finding(s), ${files.filter((f) => f.status === 'error' || f.status === 'skipped').length} file(s) skipped or in error.`);
  return lines.join('\n') + '\n';
}

export interface FileTiming {
  ms: number;
  rules: string[];
}

/**
 * --verbose: one line per file the run looked at: status, time the rules took (when the engine reported it) and
 * the ids of the rules that edited it or reported a finding in it.
 */
export function formatPerFile(input: ReportInput, timings: Map<string, FileTiming>): string {
  const { root, result } = input;
  const lines = ['Per file (status, time, rules)'];
  const byFile = new Map<string, Set<string>>();
  const note = (file: string, id: string) => byFile.set(file, (byFile.get(file) ?? new Set()).add(id));
  for (const f of result.files.values()) for (const e of f.edits) note(path.resolve(f.path), e.ruleId);
  for (const f of [...result.findings, ...result.review]) note(path.resolve(root, f.file), f.ruleId);
  for (const [file, t] of timings) for (const id of t.rules) note(path.resolve(file), id);
  const status = new Map([...result.files.values()].map((f) => [path.resolve(f.path), f.status as string]));
  const paths = [...new Set([...status.keys(), ...byFile.keys(), ...[...timings.keys()].map((p) => path.resolve(p))])];
  paths.sort((a, b) => rel(root, a).localeCompare(rel(root, b)));
  for (const p of paths) {
    const t = timings.get(p);
    const ids = [...(byFile.get(p) ?? [])].sort();
    lines.push(`  ${rel(root, p)}  ${status.get(p) ?? (ids.length ? 'reported' : 'read')}${t ? `  ${t.ms.toFixed(1)} ms` : ''}  ${ids.length ? ids.join(', ') : '(no rule fired)'}`);
  }
  if (!paths.length) lines.push('  none');
  return lines.join('\n') + '\n';
}

export function colorDiff(diff: string): string {
  return diff
    .split('\n')
    .map((l) => (l.startsWith('+++') || l.startsWith('---') || l.startsWith('diff --git') ? `\x1b[1m${l}\x1b[0m` : l.startsWith('+') ? `\x1b[32m${l}\x1b[0m` : l.startsWith('-') ? `\x1b[31m${l}\x1b[0m` : l.startsWith('@@') ? `\x1b[36m${l}\x1b[0m` : l))
    .join('\n');
}

/** The last line of a run: counts per category and the time it took. */
export function formatFinalSummary(input: ReportInput, elapsedMs: number): string {
  const { result } = input;
  const files = [...result.files.values()];
  const edits = files.reduce((s, f) => s + f.edits.length, 0);
  const changed = files.filter((f) => f.status === 'changed').length;
  const bySeverity = (s: string) => result.findings.filter((f) => f.severity === s).length;
  const hops = result.hops.length;
  const projects = input.plans.filter((p) => p.hops.length).length;
  return (
    `Done in ${(elapsedMs / 1000).toFixed(1)} s: ${projects} project(s) to upgrade, ${hops} hop(s); ` +
    `${edits} automatic edit(s) in ${changed} file(s), ${result.review.length} to review; ` +
    `findings: ${bySeverity('error')} error(s), ${bySeverity('warning')} warning(s), ${bySeverity('info')} info; ` +
    `${files.filter((f) => f.status === 'skipped').length} file(s) skipped, ${files.filter((f) => f.status === 'error').length} in error.\n`
  );
}
