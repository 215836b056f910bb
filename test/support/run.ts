import fs from 'node:fs';
import path from 'node:path';
import { loadRules } from '../../src/load-rules';
import { runPipeline, unifiedDiff } from '../../src/pipeline';

export const allRules = loadRules();

/** Runs the pipeline on a folder and returns the diff, the run, and the texts as they would be written. */
export async function upgrade(root: string, options: { to?: string; from?: string; only?: string[] } = {}) {
  const run = await runPipeline(root, { ...options, rules: allRules });
  const after = (rel: string) => {
    const f = run.result.files.get(path.join(root, rel));
    // Only a changed file carries its text (the engine drops the texts of files it left unchanged).
    return f?.status === 'changed' ? f.text : fs.readFileSync(path.join(root, rel), 'utf8').replace(/^\ufeff/, '');
  };
  return { run, diff: unifiedDiff(run), after };
}
