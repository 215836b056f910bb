/**
 * `--commit-per-hop`: applies the upgrade one step at a time and commits each step, so that reviewers can read
 * and bisect it hop by hop. Needs a git work tree whose index holds nothing staged and whose files to change
 * have no uncommitted changes (their content must be exactly what the codemod read).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { writeAtomically } from './apply';
import { steps, type Step } from './patch-series';
import { InputError } from '../scan/discover';
import type { PipelineResult } from '../pipeline';

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export class CommitError extends InputError {}

/** Refuses (InputError) unless `root` is in a git work tree with nothing staged and the files to change unmodified. */
export function checkCommittable(run: PipelineResult): string {
  let top: string;
  try {
    top = git(run.root, ['rev-parse', '--show-toplevel']).trim();
  } catch {
    throw new CommitError(`--commit-per-hop needs a git work tree; ${run.root} is not inside one (use --patch-series to get one patch per hop instead)`);
  }
  try {
    git(top, ['diff', '--cached', '--quiet']);
  } catch {
    throw new CommitError(`--commit-per-hop needs a clean git index, but ${top} has staged changes; commit or unstage them first (git restore --staged .)`);
  }
  const files = [...run.result.files.values()].filter((f) => f.status === 'changed').map((f) => f.path);
  if (files.length) {
    const dirty = git(top, ['status', '--porcelain', '--', ...files]).split('\n').filter(Boolean);
    if (dirty.length) throw new CommitError(`--commit-per-hop would commit uncommitted changes of files it edits (${dirty.length}, e.g. ${dirty[0].trim()}); commit or stash them first`);
  }
  return top;
}

export function commitMessage(run: PipelineResult, step: Step): string {
  const rel = (p: string) => path.relative(run.root, p).split(path.sep).join('/');
  const lines = [`${step.title} (idsrv-codemod)`, ''];
  lines.push(`Projects: ${step.stats.projects.join(', ') || 'none'}`);
  lines.push(`Automatic edits: ${step.stats.edits} in ${step.changes.length} file(s)${step.changes.length ? ':' : ''}`);
  for (const c of step.changes) lines.push(`  ${rel(c.file.path)}`);
  const review = step.fixup ? [] : run.result.review.filter((r) => r.hop === step.stats.hop.id);
  if (review.length) {
    lines.push('', `Edits to review (${review.length}):`);
    for (const r of review) lines.push(`- ${r.file}:${r.line} [${r.ruleId}]`);
  }
  const findings = step.fixup ? [] : run.result.findings.filter((f) => f.hop === step.stats.hop.id);
  lines.push('', findings.length ? `Findings that need a human (${findings.length}):` : 'Findings that need a human: none');
  for (const f of findings) lines.push(`- ${f.file}:${f.line} ${f.severity} [${f.ruleId}] ${f.message}${f.suggestion ? ` -> ${f.suggestion}` : ''}`);
  return lines.join('\n') + '\n';
}

/** Writes and commits each step in turn (a step without changes becomes an empty commit that still lists its findings). */
export function commitPerHop(run: PipelineResult): { step: Step; commit: string }[] {
  const top = checkCommittable(run);
  const out: { step: Step; commit: string }[] = [];
  for (const step of steps(run)) {
    if (step.changes.length) {
      writeAtomically(step.changes.map((c) => ({ path: c.file.path, original: { ...c.file.original, text: c.before }, text: c.after })));
      git(top, ['add', '--', ...step.changes.map((c) => c.file.path)]);
    }
    try {
      execFileSync('git', ['commit', '-q', '--allow-empty', '-F', '-'], { cwd: top, input: commitMessage(run, step), encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new CommitError(`git commit for ${step.title} failed: ${(e.stderr || e.message).trim()}${out.length ? ` (${out.length} step(s) committed before it)` : ''}`);
    }
    out.push({ step, commit: git(top, ['rev-parse', '--short', 'HEAD']).trim() });
  }
  return out;
}
