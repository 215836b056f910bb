/**
 * Rewrite stage: applies each hop's rules, in order, to the in-memory result of the previous hop.
 * Nothing is written here; the result is the original and final text of every file touched.
 */
import fs from 'node:fs';
import path from 'node:path';
import globby from 'globby';
import { fileKindOf, runFileRules, triggered } from './file-rules';
import { applyEdits, normalizeEdits, type OwnedEdit } from './edits';
import { isProjectRule, ruleHop, type FileRule, type Finding, type ProjectRule, type Rule } from './rule';
import { ALL_HOPS, RELEASES, type Hop } from '../plan/catalog';
import type { ProjectPlan } from '../plan/planner';
import { scanProject } from '../scan/project';
import { FileView } from '../scan/vfs';
import { parseXml } from '../scan/xml';
import { decode, lineCol, type TextFile } from '../util/text';

export interface FileResult {
  path: string; // absolute
  original: TextFile;
  text: string; // final
  status: 'changed' | 'unchanged' | 'skipped' | 'error';
  reason?: string;
  edits: (OwnedEdit & { hop: string; line: number })[];
  /** The text after each step (hop id, or `fixup:<hop id>`) that changed it, in order: for per-hop patches and commits. */
  steps: { step: string; text: string }[];
}

export interface HopStats {
  hop: Hop;
  projects: string[];
  edits: number;
  findings: number;
}

export interface RunResult {
  files: Map<string, FileResult>;
  findings: (Finding & { hop: string })[];
  hops: HopStats[];
  /** Edits made by rules marked `review`: listed for a human to check. */
  review: { file: string; line: number; ruleId: string; hop: string }[];
  /** Fix-up passes (rules marked `fixup`) over projects already past their hop; run after every hop, only listed when they did something. */
  fixups: HopStats[];
}

/** Step ids in the order they ran: the hops, then the fix-up passes. */
export function stepIds(result: RunResult): string[] {
  return [...result.hops.map((h) => h.hop.id), ...result.fixups.map((h) => fixupStep(h.hop))];
}

export function fixupStep(hop: Hop): string {
  return `fixup:${hop.id}`;
}

export interface Progress {
  step: string; // hop id or fixup:<hop id>
  done: number; // files looked at in this step
  total: number;
}

export interface RunOptions {
  root: string; // paths in findings are relative to this
  rules: Rule[];
  only?: string[];
  skip?: string[];
  /** Called as files are looked at (for a progress indicator). */
  progress?: (p: Progress) => void;
  /** Called per file the rules ran on (path absolute): time taken, rules that edited or reported, status. */
  onFile?: (f: { path: string; ms: number; rules: string[]; status: string }) => void;
  /** Source files (absolute paths) the run may read and edit; the rest is left alone (--include/--exclude). */
  keepFile?: (absPath: string) => boolean;
}

export async function runUpgrade(plans: ProjectPlan[], options: RunOptions): Promise<RunResult> {
  const rules = selectRules(options.rules, options.only, options.skip);
  const result: RunResult = { files: new Map(), findings: [], hops: [], review: [], fixups: [] };
  const hops = orderedHops(plans);
  const sources = new Map<string, string[]>(); // project -> its C#/Razor files
  for (const plan of plans.filter((p) => p.hops.length)) sources.set(plan.project.path, await sourceFiles(plan, plans));

  for (const hop of hops) {
    const inHop = plans.filter((p) => p.hops.some((h) => h.id === hop.id));
    const stats: HopStats = { hop, projects: inHop.map((p) => p.project.name), edits: 0, findings: 0 };
    result.hops.push(stats);
    // A direct hop runs the rules of each hop it stands for, in order; what they do is reported under the direct hop.
    for (const step of hop.steps ?? [hop]) {
      const stepRules = rules.filter((r) => ruleHop(r) === step.id || ruleHop(r) === 'every-hop');
      const at: At = { step, hop };
      runProjectRules(stepRules.filter(isProjectRule), inHop, at, options, result, stats, sources);
      const fileRules = stepRules.filter((r): r is FileRule => !isProjectRule(r));
      await runOnProjects(inHop, sources, fileRules, at, hop.id, options, result, stats);
    }
  }
  await runFixups(plans, rules, sources, options, result);
  for (const f of result.files.values()) if (f.status === 'unchanged' && f.text !== f.original.text) f.status = 'changed';
  result.findings = latestPerSpot(result.findings);
  return result;
}

/** The hop whose rules run (`step`) and the hop of the plan it belongs to (`hop`), which findings and edits name. */
interface At {
  step: Hop;
  hop: Hop;
}

async function runOnProjects(inStep: ProjectPlan[], sources: Map<string, string[]>, fileRules: FileRule[], at: At, step: string, options: RunOptions, result: RunResult, stats: HopStats): Promise<void> {
  const todo = new Map<string, ProjectPlan>(); // file -> the first project that holds it
  for (const plan of inStep) for (const file of sources.get(plan.project.path) ?? []) if (!todo.has(file)) todo.set(file, plan);
  let done = 0;
  for (const [file, plan] of todo) {
    await runOnFile(file, fileRules, plan, at, step, options, result, stats);
    options.progress?.({ step, done: ++done, total: todo.size });
  }
}

/**
 * Rules marked `fixup` also run on projects already past their hop (on or after `hop.to`), after every hop:
 * they repair files a user creates after the upgrade (e.g. a generated EF migration).
 */
async function runFixups(plans: ProjectPlan[], rules: Rule[], sources: Map<string, string[]>, options: RunOptions, result: RunResult): Promise<void> {
  const fixups = rules.filter((r): r is FileRule => !isProjectRule(r) && Boolean(r.fixup));
  for (const hop of ALL_HOPS.filter((h) => fixups.some((r) => ruleHop(r) === h.id))) {
    const past = plans.filter((p) => p.from && RELEASES.indexOf(p.from) >= RELEASES.indexOf(hop.to) && (p.role === 'identityserver' || p.role === 'dependent'));
    if (!past.length) continue;
    for (const plan of past) if (!sources.has(plan.project.path)) sources.set(plan.project.path, await sourceFiles(plan, plans));
    const stats: HopStats = { hop, projects: past.map((p) => p.project.name), edits: 0, findings: 0 };
    await runOnProjects(past, sources, fixups.filter((r) => ruleHop(r) === hop.id), { step: hop, hop }, fixupStep(hop), options, result, stats);
    if (stats.edits || stats.findings) result.fixups.push(stats);
  }
}

/** A spot reported at several hops (e.g. a framework that still needs raising) is shown once, as the last hop saw it. */
function latestPerSpot(findings: RunResult['findings']): RunResult['findings'] {
  const byKey = new Map<string, RunResult['findings'][number]>();
  for (const f of findings) {
    const key = `${f.ruleId}|${f.file}|${f.line}|${f.column}`;
    byKey.delete(key);
    byKey.set(key, f);
  }
  return [...byKey.values()];
}

export class UnknownRuleError extends Error {}

function selectRules(rules: Rule[], only?: string[], skip?: string[]): Rule[] {
  const known = new Set(rules.map((r) => r.id));
  for (const id of [...(only ?? []), ...(skip ?? [])]) if (!known.has(id)) throw new UnknownRuleError(`unknown rule id ${id} (see 'idsrv-codemod rules')`);
  return rules.filter((r) => (!only?.length || only.includes(r.id)) && !skip?.includes(r.id));
}

function orderedHops(plans: ProjectPlan[]): Hop[] {
  const byId = new Map<string, Hop>();
  for (const p of plans) for (const h of p.hops) byId.set(h.id, h);
  const patchFirst = (h: Hop) => (h.from.line === h.to.line ? 0 : 1);
  return [...byId.values()].sort((a, b) => RELEASES.indexOf(a.from) - RELEASES.indexOf(b.from) || patchFirst(a) - patchFirst(b));
}

function fileEntry(result: RunResult, file: string, original: TextFile): FileResult {
  let entry = result.files.get(file);
  if (!entry) {
    entry = { path: file, original, text: original.text, status: 'unchanged', edits: [], steps: [] };
    result.files.set(file, entry);
  }
  return entry;
}

function overlay(result: RunResult): Map<string, string> {
  return new Map([...result.files.values()].map((f) => [f.path, f.text]));
}

function rel(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

function runProjectRules(rules: ProjectRule[], plans: ProjectPlan[], { step, hop }: At, options: RunOptions, result: RunResult, stats: HopStats, sources: Map<string, string[]>): void {
  if (!rules.length) return;
  const view = new FileView(overlay(result));
  const edits = new Map<string, OwnedEdit[]>();
  for (const plan of plans.filter((p) => p.role === 'identityserver' || p.role === 'identitymodel')) {
    const project = scanProject(plan.project.path, view);
    let texts: { file: string; text: string }[] | undefined;
    const projectSources = () =>
      (texts ??= (sources.get(plan.project.path) ?? []).flatMap((file) => {
        const known = result.files.get(file);
        if (known) return known.status === 'skipped' ? [] : [{ file, text: known.text }];
        try {
          return [{ file, text: view.read(file).text }];
        } catch {
          return []; // not decodable: the file rules report it
        }
      }));
    for (const rule of rules) {
      rule.run({
        hop: step,
        project,
        sources: projectSources,
        text: (file) => view.read(file).text,
        edit(file, start, end, text, opts) {
          if (view.read(file).text.slice(start, end) === text) return;
          const list = edits.get(file) ?? [];
          list.push({ start, end, text, ruleId: rule.id, review: rule.review || opts?.review });
          edits.set(file, list);
        },
        report(file, at, message, opts) {
          const { line, column } = lineCol(view.read(file).text, at);
          result.findings.push({ ruleId: rule.id, hop: hop.id, file: rel(options.root, file), line, column, message, severity: opts?.severity ?? 'warning', suggestion: opts?.suggestion });
          stats.findings++;
        },
      });
    }
  }
  for (const [file, list] of edits) {
    const entry = fileEntry(result, file, view.read(file));
    if (entry.status === 'error') continue;
    try {
      const normalized = normalizeEdits(rel(options.root, file), list);
      const text = applyEdits(entry.text, normalized);
      parseXml(file, text); // an edit must leave the XML well-formed
      record(entry, normalized, hop, result, options);
      entry.text = text;
      entry.steps.push({ step: hop.id, text });
      stats.edits += normalized.length;
    } catch (err) {
      entry.status = 'error';
      entry.reason = (err as Error).message;
      entry.text = entry.original.text; // nothing of a file in error is written
      entry.steps = [];
    }
  }
}

function record(entry: FileResult, edits: OwnedEdit[], hop: Hop, result: RunResult, options: RunOptions): void {
  for (const e of edits) {
    const line = lineCol(entry.text, e.start).line;
    entry.edits.push({ ...e, hop: hop.id, line });
    if (e.review) result.review.push({ file: rel(options.root, entry.path), line, ruleId: e.ruleId, hop: hop.id });
  }
}

async function runOnFile(file: string, rules: FileRule[], plan: ProjectPlan, at: At, step: string, options: RunOptions, result: RunResult, stats: HopStats): Promise<void> {
  const hop = at.hop;
  const kind = fileKindOf(file);
  if (!kind || !rules.length) return;
  let entry = result.files.get(file);
  if (entry?.status === 'skipped' || entry?.status === 'error') return;
  if (!entry) {
    const bytes = fs.readFileSync(file);
    const candidates = rules.filter((r) => triggered(r, roughText(bytes)));
    if (!candidates.length) return; // cheap pre-filter: most files mention nothing we rewrite
    const decoded = decode(bytes);
    if (!decoded.ok) {
      result.files.set(file, { path: file, original: { text: '', bom: false, eol: '\n' }, text: '', status: 'skipped', reason: decoded.reason, edits: [], steps: [] });
      return;
    }
    entry = fileEntry(result, file, decoded.file);
  }
  const outcome = await runFileRules(rules, { file: rel(options.root, file), kind, text: entry.text, eol: entry.original.eol, hop: at.step, project: plan.project });
  for (const f of outcome.findings) result.findings.push({ ...f, hop: hop.id });
  stats.findings += outcome.findings.length;
  if (outcome.error) {
    entry.status = 'error';
    entry.reason = outcome.error;
    entry.text = entry.original.text; // nothing of a file in error is written
    entry.steps = [];
    return;
  }
  if (outcome.edits.length) {
    record(entry, outcome.edits, hop, result, options);
    entry.text = outcome.text;
    entry.steps.push({ step, text: outcome.text });
    stats.edits += outcome.edits.length;
  }
}

/** Text good enough for the trigger pre-filter, whatever the encoding (decoding proper comes later). */
function roughText(bytes: Buffer): string {
  const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (!utf16) return bytes.toString('latin1');
  const even = Buffer.from(bytes.subarray(0, bytes.length & ~1));
  return bytes[0] === 0xff ? even.toString('utf16le') : even.swap16().toString('utf16le');
}

/** C# and Razor files of a project: under its folder, minus bin/obj and folders of other projects. */
async function sourceFiles(plan: ProjectPlan, plans: ProjectPlan[]): Promise<string[]> {
  const dir = plan.project.dir;
  const nested = plans.map((p) => p.project.dir).filter((d) => d !== dir && d.startsWith(dir + path.sep));
  const files = await globby(['**/*.cs', '**/*.cshtml', '**/*.razor'], { cwd: dir, gitignore: true, ignore: ['**/bin/**', '**/obj/**', '**/node_modules/**', '**/.git/**'], absolute: true, followSymbolicLinks: false });
  return files.map((f) => path.resolve(f)).filter((f) => !nested.some((d) => f.startsWith(d + path.sep))).sort();
}
