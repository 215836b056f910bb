/**
 * Rewrite stage: applies each hop's rules, in order, to the in-memory result of the previous hop.
 * Nothing is written here; the result is the original and final text of every file touched.
 */
import fs from 'node:fs';
import path from 'node:path';
import globby from 'globby';
import { fileKindOf, runFileRules } from './file-rules';
import { parseStats, type Tree } from './csharp';
import { globalUsingsOf } from './global-usings';
import type { ProjectScan } from '../scan/model';
import { applyEdits, normalizeEdits, type OwnedEdit } from './edits';
import { isProjectRule, ruleHop, type FileRule, type Finding, type ProjectRule, type Rule } from './rule';
import { ALL_HOPS, RELEASES, type Hop } from '../plan/catalog';
import type { ProjectPlan } from '../plan/planner';
import { scanProject } from '../scan/project';
import { DiskCache, FileView } from '../scan/vfs';
import { parseXml } from '../scan/xml';
import { decode, lineCol, type TextFile } from '../util/text';
import { isInside, readSourceFile, type SourceRead } from '../util/limits';

export interface FileResult {
  path: string; // absolute
  /** As read. For a C# or Razor file the rules left unchanged, the texts are dropped (''): nothing reads them again. */
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

/** Source files read from disk in this process (for `npm run bench`). */
export const readStats = { sourcesRead: 0, sourcesParsed: 0 };

export interface RunOptions {
  root: string; // paths in findings are relative to this
  rules: Rule[];
  only?: string[];
  skip?: string[];
  /** Called as files are looked at (for a progress indicator). */
  progress?: (p: Progress) => void;
  /** Called once per source file the rules looked at, when it is done (for --verbose). */
  onFile?: (f: FileReport) => void;
  /** C#/Razor files found by the folder walk that discovered the projects (see Discovery.sources), with its root. */
  walked?: { root: string; sources: string[] };
  /** Source files (absolute paths) to leave alone, e.g. under an excluded folder; default: keep all. */
  keepFile?: (absPath: string) => boolean;
}

export interface FileReport {
  path: string; // absolute
  ms: number;
  /** Ids of the rules that ran on the file (past their triggers), in order. */
  rules: string[];
  status: FileResult['status'];
}

/** One step of the run: a hop, one of the hops a direct hop stands for, or a fix-up pass (after all hops). */
interface Step {
  at: At;
  /** The hop id, or `fixup:<hop id>`: what the file's `steps` record. */
  id: string;
  fixup: boolean;
  inHop: ProjectPlan[];
  stats: HopStats;
  projectRules: ProjectRule[];
  fileRules: FileRule[];
  /** Source file -> the first project of the step that holds it, in project then path order. */
  todo: Map<string, ProjectPlan>;
  /** Every trigger of the step's file rules, once; undefined when a rule has none (it sees every file). */
  triggers?: string[];
}

/** What the file rules of one step reported for one file; put in step order after all files ran. */
interface StepOutput {
  findings: RunResult['findings'];
  review: RunResult['review'];
}

/**
 * Texts a file had as the steps went by: `text` holds from step `from` on. Project rules read the sources as the
 * previous steps left them, although the file rules of all steps ran before them.
 */
type TextHistory = { from: number; text: string }[];

export async function runUpgrade(plans: ProjectPlan[], options: RunOptions): Promise<RunResult> {
  const rules = selectRules(options.rules, options.only, options.skip);
  const result: RunResult = { files: new Map(), findings: [], hops: [], review: [], fixups: [] };
  const sources = new Map<string, string[]>(); // project -> its C#/Razor files
  for (const plan of plans.filter((p) => p.hops.length)) sources.set(plan.project.path, await sourceFiles(plan, plans, options));
  const steps = [...planSteps(plans, rules, sources, result), ...(await fixupSteps(plans, rules, sources, options))];
  for (const plan of plans) addGlobalUsings(plan, sources.get(plan.project.path));

  // File rules first, file by file through every step: a file is parsed once, and again only after a step changed it.
  const outputs = steps.map(() => new Map<string, StepOutput>());
  const histories = new Map<string, TextHistory>();
  const files = [...new Set(steps.flatMap((s) => [...s.todo.keys()]))];
  const hopSteps = steps.filter((s) => !s.fixup);
  const span = hopSteps.length ? `${hopSteps[0].at.hop.from.line}-${hopSteps[hopSteps.length - 1].at.hop.to.line}` : 'fix-ups';
  let done = 0;
  for (const file of files) {
    await runFileThroughSteps(file, steps, options, result, outputs, histories);
    options.progress?.({ step: span, done: ++done, total: files.length });
  }

  // Then, step by step, the project rules (seeing each source as it was when the step began) and what the files reported.
  const scans = new ScanCache();
  const disk = new DiskCache(); // one per run: every step's view shares what the disk holds
  for (const [i, s] of steps.entries()) {
    const textAt = (file: string) => histories.get(file)?.filter((h) => h.from <= i).pop()?.text;
    runProjectRules(s.projectRules, s.inHop, s.at, options, result, s.stats, sources, textAt, scans, disk);
    for (const file of s.todo.keys()) {
      const out = outputs[i].get(file);
      if (!out) continue;
      result.findings.push(...out.findings);
      result.review.push(...out.review);
    }
    if (s.fixup && (s.stats.edits || s.stats.findings)) result.fixups.push(s.stats);
  }
  for (const f of result.files.values()) if (f.status === 'unchanged' && f.text !== f.original.text) f.status = 'changed';
  result.findings = latestPerSpot(result.findings);
  return result;
}

function planSteps(plans: ProjectPlan[], rules: Rule[], sources: Map<string, string[]>, result: RunResult): Step[] {
  const steps: Step[] = [];
  for (const hop of orderedHops(plans)) {
    const inHop = plans.filter((p) => p.hops.some((h) => h.id === hop.id));
    const stats: HopStats = { hop, projects: inHop.map((p) => p.project.name), edits: 0, findings: 0 };
    result.hops.push(stats);
    // A direct hop runs the rules of each hop it stands for, in order; what they do is reported under the direct hop.
    for (const step of hop.steps ?? [hop]) {
      const stepRules = rules.filter((r) => ruleHop(r) === step.id || ruleHop(r) === 'every-hop');
      const fileRules = stepRules.filter((r): r is FileRule => !isProjectRule(r));
      steps.push({ at: { step, hop }, id: hop.id, fixup: false, inHop, stats, projectRules: stepRules.filter(isProjectRule), fileRules, todo: owners(inHop, sources), triggers: triggersOf(fileRules) });
    }
  }
  return steps;
}

/** The project as the rules see it gains the `global using`s of its sources (a new scan object; the scan stays as read). */
function addGlobalUsings(plan: ProjectPlan, files: string[] | undefined): void {
  const globals = files ? globalUsingsOf(files).filter((u) => !plan.project.usings.includes(u)) : [];
  if (globals.length) plan.project = { ...plan.project, usings: [...plan.project.usings, ...globals] };
}

function triggersOf(rules: FileRule[]): string[] | undefined {
  return rules.some((r) => !r.triggers.length) ? undefined : [...new Set(rules.flatMap((r) => r.triggers))];
}

function owners(inStep: ProjectPlan[], sources: Map<string, string[]>): Map<string, ProjectPlan> {
  const todo = new Map<string, ProjectPlan>(); // file -> the first project that holds it
  for (const plan of inStep) for (const file of sources.get(plan.project.path) ?? []) if (!todo.has(file)) todo.set(file, plan);
  return todo;
}

/** The hop whose rules run (`step`) and the hop of the plan it belongs to (`hop`), which findings and edits name. */
interface At {
  step: Hop;
  hop: Hop;
}

async function runFileThroughSteps(file: string, steps: Step[], options: RunOptions, result: RunResult, outputs: Map<string, StepOutput>[], histories: Map<string, TextHistory>): Promise<void> {
  const started = Date.now();
  const parsesBefore = parseStats.parses;
  const ran: string[] = [];
  let tree: Tree | undefined; // of the entry's current text, carried from one step to the next
  const source = new SourceBytes(file);
  try {
    for (const [i, s] of steps.entries()) {
      const plan = s.todo.get(file);
      if (!plan || !s.fileRules.length) continue;
      const before = result.files.get(file)?.text;
      const out: StepOutput = { findings: [], review: [] };
      const step = await runOnFile(source, s, plan, options, result, out, tree);
      tree = step.tree;
      ran.push(...step.ran);
      if (out.findings.length || out.review.length) outputs[i].set(file, out);
      const entry = result.files.get(file);
      if (!entry) continue;
      if (entry.text !== (before ?? entry.original.text)) {
        const history = histories.get(file) ?? [{ from: 0, text: entry.original.text }];
        history.push({ from: i + 1, text: entry.text });
        histories.set(file, history);
      }
      if (entry.status === 'skipped' || entry.status === 'error') break;
    }
  } finally {
    tree?.delete();
  }
  if (parseStats.parses > parsesBefore) readStats.sourcesParsed++;
  const entry = result.files.get(file);
  // Memory that does not grow with the solution: an unchanged file keeps its entry (the report lists it), not its text.
  if (entry?.status === 'unchanged' && entry.text === entry.original.text) {
    entry.original = { ...entry.original, text: '' };
    entry.text = '';
  }
  if (ran.length || entry) options.onFile?.({ path: file, ms: Date.now() - started, rules: [...new Set(ran)], status: entry?.status ?? 'unchanged' });
}

/**
 * Rules marked `fixup` also run on projects already past their hop (on or after `hop.to`), after every hop:
 * they repair files a user creates after the upgrade (e.g. a generated EF migration).
 */
async function fixupSteps(plans: ProjectPlan[], rules: Rule[], sources: Map<string, string[]>, options: RunOptions): Promise<Step[]> {
  const fixups = rules.filter((r): r is FileRule => !isProjectRule(r) && Boolean(r.fixup));
  const steps: Step[] = [];
  for (const hop of ALL_HOPS.filter((h) => fixups.some((r) => ruleHop(r) === h.id))) {
    const past = plans.filter((p) => p.from && RELEASES.indexOf(p.from) >= RELEASES.indexOf(hop.to) && (p.role === 'identityserver' || p.role === 'dependent'));
    if (!past.length) continue;
    for (const plan of past) if (!sources.has(plan.project.path)) sources.set(plan.project.path, await sourceFiles(plan, plans, options));
    const fileRules = fixups.filter((r) => ruleHop(r) === hop.id);
    steps.push({
      at: { step: hop, hop },
      id: fixupStep(hop),
      fixup: true,
      inHop: past,
      stats: { hop, projects: past.map((p) => p.project.name), edits: 0, findings: 0 },
      projectRules: [],
      fileRules,
      todo: owners(past, sources),
      triggers: triggersOf(fileRules),
    });
  }
  return steps;
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

/** Texts earlier steps changed, laid over the disk for the scanner. */
function overlay(result: RunResult): Map<string, string> {
  return new Map([...result.files.values()].filter((f) => f.text !== f.original.text).map((f) => [f.path, f.text]));
}

function rel(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/**
 * Scans of projects, reused while none of the MSBuild files a scan read has changed: project rules of every step
 * need a fresh scan (offsets into the current texts), but most steps edit no MSBuild file.
 */
class ScanCache {
  private readonly scans = new Map<string, { scan: ProjectScan; texts: Map<string, string | undefined> }>();

  get(projectPath: string, view: FileView): ProjectScan {
    const hit = this.scans.get(projectPath);
    if (hit && [...hit.texts].every(([file, text]) => readOrUndefined(view, file) === text)) return hit.scan;
    const scan = scanProject(projectPath, view);
    this.scans.set(projectPath, { scan, texts: new Map(scan.msbuildFiles.map((f) => [f, readOrUndefined(view, f)])) });
    return scan;
  }
}

function readOrUndefined(view: FileView, file: string): string | undefined {
  try {
    return view.read(file).text;
  } catch {
    return undefined;
  }
}

function runProjectRules(
  rules: ProjectRule[],
  plans: ProjectPlan[],
  { step, hop }: At,
  options: RunOptions,
  result: RunResult,
  stats: HopStats,
  sources: Map<string, string[]>,
  sourceTextAt: (file: string) => string | undefined,
  scans: ScanCache,
  disk: DiskCache,
): void {
  if (!rules.length) return;
  const view = new FileView(overlay(result), disk);
  const edits = new Map<string, OwnedEdit[]>();
  for (const plan of plans.filter((p) => p.role === 'identityserver' || p.role === 'identitymodel')) {
    const project = scans.get(plan.project.path, view);
    let texts: { file: string; text: string }[] | undefined;
    const projectSources = () =>
      (texts ??= (sources.get(plan.project.path) ?? []).flatMap((file) => {
        if (result.files.get(file)?.status === 'skipped') return [];
        const text = sourceTextAt(file);
        if (text !== undefined) return [{ file, text }];
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
      record(entry, normalized, hop, options, result.review);
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

function record(entry: FileResult, edits: OwnedEdit[], hop: Hop, options: RunOptions, review: RunResult['review']): void {
  for (const e of edits) {
    const line = lineCol(entry.text, e.start).line;
    entry.edits.push({ ...e, hop: hop.id, line });
    if (e.review) review.push({ file: rel(options.root, entry.path), line, ruleId: e.ruleId, hop: hop.id });
  }
}

/**
 * Runs one step's file rules on one file. `tree` is a tree of the file's current text from the previous step (owned
 * by this call from here on); the result carries the tree of the text it leaves, for the next step, when there is one.
 */
async function runOnFile(source: SourceBytes, { fileRules: rules, at, id: step, stats, triggers }: Step, plan: ProjectPlan, options: RunOptions, result: RunResult, out: StepOutput, tree?: Tree): Promise<{ tree?: Tree; ran: string[] }> {
  const hop = at.hop;
  const file = source.path;
  const kind = fileKindOf(file);
  let entry = result.files.get(file);
  if (!kind || !rules.length || entry?.status === 'skipped' || entry?.status === 'error') {
    tree?.delete();
    return { ran: [] };
  }
  if (!entry) {
    // A file the project links from outside its folder may be read within the folder the run is about, not beyond.
    const read = source.bytes(isInside(plan.project.dir, file) ? plan.project.dir : options.root);
    if (!read.ok) {
      result.files.set(file, { path: file, original: { text: '', bom: false, eol: '\n' }, text: '', status: 'skipped', reason: read.reason, edits: [], steps: [] });
      return { ran: [] };
    }
    const rough = source.rough(read.bytes);
    if (triggers && !triggers.some((t) => rough.includes(t))) return { ran: [] }; // cheap pre-filter: most files mention nothing we rewrite
    const decoded = decode(read.bytes);
    if (!decoded.ok) {
      result.files.set(file, { path: file, original: { text: '', bom: false, eol: '\n' }, text: '', status: 'skipped', reason: decoded.reason, edits: [], steps: [] });
      return { ran: [] };
    }
    entry = fileEntry(result, file, decoded.file);
  }
  const outcome = await runFileRules(rules, { file: rel(options.root, file), kind, text: entry.text, eol: entry.original.eol, hop: at.step, project: plan.project, tree, keepTree: true });
  const ran = outcome.ran;
  for (const f of outcome.findings) out.findings.push({ ...f, hop: hop.id });
  stats.findings += outcome.findings.length;
  if (outcome.error) {
    outcome.tree?.delete();
    entry.status = 'error';
    entry.reason = outcome.error;
    entry.text = entry.original.text; // nothing of a file in error is written
    entry.steps = [];
    return { ran };
  }
  if (outcome.edits.length) {
    record(entry, outcome.edits, hop, options, out.review);
    entry.text = outcome.text;
    entry.steps.push({ step, text: outcome.text });
    stats.edits += outcome.edits.length;
  }
  return { tree: outcome.tree, ran };
}

/**
 * A source file's bytes, read from disk once however many steps look at it, through the gate of readSourceFile (size,
 * binary content, symlinks out of the project folder).
 */
class SourceBytes {
  private read?: SourceRead;
  private roughText?: string;
  constructor(readonly path: string) {}

  bytes(projectDir: string): SourceRead {
    if (!this.read) {
      this.read = readSourceFile(this.path, { root: projectDir });
      readStats.sourcesRead++;
    }
    return this.read;
  }

  rough(read: Buffer): string {
    return (this.roughText ??= roughText(read));
  }
}

/** Text good enough for the trigger pre-filter, whatever the encoding (decoding proper comes later). */
function roughText(bytes: Buffer): string {
  const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (!utf16) return bytes.toString('latin1');
  const even = Buffer.from(bytes.subarray(0, bytes.length & ~1));
  return bytes[0] === 0xff ? even.toString('utf16le') : even.swap16().toString('utf16le');
}

/**
 * C# and Razor files of a project: under its folder, minus dot folders, bin/obj and folders of other projects. Taken
 * from the folder walk of discovery when the project lies in the walked folder (outside dot folders), else globbed.
 */
async function sourceFiles(plan: ProjectPlan, plans: ProjectPlan[], { walked, keepFile = () => true }: RunOptions): Promise<string[]> {
  const dir = plan.project.dir;
  const nested = plans.map((p) => p.project.dir).filter((d) => d !== dir && d.startsWith(dir + path.sep));
  const inWalk = walked && isInside(walked.root, dir) && !path.relative(walked.root, dir).split(path.sep).some((seg) => seg.startsWith('.'));
  const files = inWalk
    ? walked.sources.filter((f) => f.startsWith(dir + path.sep) && !path.relative(dir, f).split(path.sep).some((seg) => seg.startsWith('.') || NEVER.has(seg)))
    : (await globby(['**/*.cs', '**/*.cshtml', '**/*.razor'], { cwd: dir, gitignore: true, ignore: ['**/bin/**', '**/obj/**', '**/node_modules/**', '**/.git/**'], absolute: true, followSymbolicLinks: false })).map((f) => path.resolve(f));
  const own = files.filter((f) => !nested.some((d) => f.startsWith(d + path.sep)));
  const linked = (plan.project.linkedSources ?? []).filter((f) => fs.existsSync(f) && !own.includes(f));
  return [...own, ...linked].filter((f) => keepFile(f)).sort();
}

const NEVER = new Set(['bin', 'obj', 'node_modules', '.git']);
