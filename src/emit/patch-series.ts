/**
 * The upgrade cut into steps: one unified diff per hop (then per fix-up pass), each to be applied on top of
 * the previous ones, so that a reviewer can read, apply or bisect the upgrade hop by hop.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileDiff } from './diff';
import { stepIds, type FileResult, type HopStats } from '../engine/run';
import { unifiedDiff, type PipelineResult } from '../pipeline';

export interface Step {
  id: string; // hop id ("6.2-6.3") or "fixup:<hop id>"
  /** For file names and commit subjects: "6.2-to-6.3", "7.4-to-7.4.8" (a patch step), "fixups-6.3-to-7.0". */
  slug: string;
  title: string; // "IdentityServer 6.2 → 6.3"
  stats: HopStats;
  fixup: boolean;
  /** Files this step changes, with their text before and after it. */
  changes: { file: FileResult; before: string; after: string }[];
}

/** The steps of a run in the order they ran; steps that change no file are kept (they may carry findings). */
export function steps(run: PipelineResult): Step[] {
  const ids = stepIds(run.result);
  const changed = [...run.result.files.values()].filter((f) => f.status === 'changed').sort((a, b) => a.path.localeCompare(b.path));
  const stats = [...run.result.hops, ...run.result.fixups];
  return ids.map((id, k) => {
    const s = stats[k];
    const fixup = k >= run.result.hops.length;
    const { from, to } = s.hop;
    const span = from.line === to.line ? `${from.line}-to-${to.latest}` : `${from.line}-to-${to.line}`;
    const changes: Step['changes'] = [];
    for (const file of changed) {
      const before = textAfter(file, ids.slice(0, k));
      const after = textAfter(file, ids.slice(0, k + 1));
      if (before !== after) changes.push({ file, before, after });
    }
    return {
      id,
      slug: fixup ? `fixups-${span}` : span,
      title: fixup ? `IdentityServer ${to.line} fix-ups` : `IdentityServer ${from.line} → ${from.line === to.line ? to.latest : to.line}`,
      stats: s,
      fixup,
      changes,
    };
  });
}

/** A file's text once the given steps have run (its original text when none of them changed it). */
function textAfter(file: FileResult, done: string[]): string {
  const upTo = new Set(done);
  let text = file.original.text;
  for (const s of file.steps) if (upTo.has(s.step)) text = s.text;
  return text;
}

export function stepDiff(run: PipelineResult, step: Step): string {
  return step.changes.map((c) => fileDiff(path.relative(run.diffRoot, c.file.path).split(path.sep).join('/'), { ...c.file.original, text: c.before }, c.after)).join('');
}

export interface SeriesFile {
  name: string;
  step?: Step;
}

/**
 * Writes `0001-<from>-to-<to>.patch`, … (steps that change nothing get no file, numbers stay consecutive) and
 * `cumulative.patch` (the whole upgrade) into `dir`. Returns what was written, in order.
 */
export function writePatchSeries(run: PipelineResult, dir: string): { written: SeriesFile[]; empty: Step[] } {
  fs.mkdirSync(dir, { recursive: true });
  const written: SeriesFile[] = [];
  const empty: Step[] = [];
  for (const step of steps(run)) {
    const diff = stepDiff(run, step);
    if (!diff) {
      empty.push(step);
      continue;
    }
    const name = `${String(written.length + 1).padStart(4, '0')}-${step.slug}.patch`;
    fs.writeFileSync(path.join(dir, name), diff);
    written.push({ name, step });
  }
  fs.writeFileSync(path.join(dir, 'cumulative.patch'), unifiedDiff(run));
  written.push({ name: 'cumulative.patch' });
  return { written, empty };
}
