/** scan -> plan -> rewrite, without emitting: what the CLI and the tests both drive. */
import path from 'node:path';
import { discover } from './scan/discover';
import { scanProject } from './scan/project';
import { FileView } from './scan/vfs';
import { planProjects, parseRelease, type ProjectPlan } from './plan/planner';
import { NEWEST } from './plan/catalog';
import { runUpgrade, type Progress, type RunOptions, type RunResult } from './engine/run';
import { fileDiff } from './emit/diff';
import { gitRoot } from './emit/apply';
import type { Rule } from './engine/rule';
import type { ReportInput } from './emit/summary';
import { pathFilter } from './scan/path-filter';

export interface PipelineOptions {
  to?: string;
  from?: string;
  only?: string[];
  skip?: string[];
  rules: Rule[];
  progress?: (p: Progress) => void;
  onFile?: RunOptions['onFile'];
  /** Globs relative to the solution root (--include / --exclude). */
  include?: string[];
  exclude?: string[];
}

export interface PipelineResult extends ReportInput {
  plans: ProjectPlan[];
  result: RunResult;
  /** Folder that diff paths are relative to: the git work tree's top, else the scanned folder. */
  diffRoot: string;
  /** Solution files found (absolute). */
  solutions: string[];
}

export async function runPipeline(target: string, options: PipelineOptions): Promise<PipelineResult> {
  const found = await discover(target);
  const view = new FileView();
  const notes = [...found.notes];
  const keepFile = pathFilter(found.root, { include: options.include, exclude: options.exclude });
  const excluded = keepFile ? found.projects.filter((p) => !keepFile(p)) : [];
  if (excluded.length) notes.push(`left alone (--include/--exclude): ${excluded.map((p) => path.relative(found.root, p).split(path.sep).join('/')).join(', ')}`);
  const scans = [];
  for (const p of found.projects.filter((p) => !excluded.includes(p))) {
    try {
      scans.push(scanProject(p, view));
    } catch (err) {
      notes.push(`${path.relative(found.root, p) || p}: not scanned: ${(err as Error).message}`);
    }
  }
  const plans = planProjects(scans, { to: options.to, from: options.from });
  const result = await runUpgrade(plans, { root: found.root, rules: options.rules, only: options.only, skip: options.skip, progress: options.progress, onFile: options.onFile, keepFile, walked: found.sources && { root: found.root, sources: found.sources } });
  const to = options.to ? parseRelease(options.to, '--to') : { line: NEWEST, version: NEWEST.latest };
  return { root: found.root, diffRoot: gitRoot(found.root) ?? found.root, target: `${to.line.line} (${to.version})`, plans, notes, result, solutions: found.solutions };
}

export function unifiedDiff(run: PipelineResult): string {
  return [...run.result.files.values()]
    .filter((f) => f.status === 'changed')
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((f) => fileDiff(path.relative(run.diffRoot, f.path).split(path.sep).join('/'), f.original, f.text))
    .join('');
}
