/** Command line: `idsrv-codemod [path]`, `idsrv-codemod audit [path]`, `idsrv-codemod rules`. */
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { loadRules } from './load-rules';
import { runPipeline, unifiedDiff, type PipelineResult } from './pipeline';
import { colorDiff, formatDetection, formatFinalSummary, formatOutcome, formatPerFile, relativeIn, type FileTiming } from './emit/summary';
import { auditMarkdown, checkReportFiles, writeReports } from './emit/audit';
import { buildAudit } from './audit/build';
import { formatRulesMarkdown } from './emit/rules-table';
import { toJson } from './emit/json';
import { writePatchSeries } from './emit/patch-series';
import { commitPerHop } from './emit/commits';
import { progressLine, type ProgressLine } from './emit/progress';
import { gitRoot, uncommitted, writeAtomically } from './emit/apply';
import { PlanError } from './plan/planner';
import { InputError } from './scan/discover';
import { XmlError } from './scan/xml';
import { EditConflictError } from './engine/edits';
import { UnknownRuleError } from './engine/run';
import { ruleHop, type Rule } from './engine/rule';
import { DIRECT_HOPS, RELEASES, NEWEST } from './plan/catalog';

export const EXIT = { ok: 0, pending: 1, usage: 2 } as const;

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTty: boolean; // stdout is a terminal (colours)
  errIsTty?: boolean; // stderr is a terminal (progress line)
  columns?: number; // stdout's width when it is a terminal (help wraps to it)
  errColumns?: number;
}

let processIo: Io | undefined;

/** stdout and stderr of the process; a reader that goes away (`| head`) silences the stream instead of crashing the run. */
function stdio(): Io {
  processIo ??= {
    out: closable(process.stdout),
    err: closable(process.stderr),
    isTty: Boolean(process.stdout.isTTY),
    errIsTty: Boolean(process.stderr.isTTY),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    errColumns: process.stderr.isTTY ? process.stderr.columns : undefined,
  };
  return processIo;
}

function closable(stream: NodeJS.WriteStream): (s: string) => void {
  let closed = false;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    closed = true; // the work goes on (an apply still completes); only the output nobody reads is dropped
  });
  return (s) => {
    if (!closed && !stream.destroyed) stream.write(s);
  };
}

/** Help width: $COLUMNS when set, else the terminal's width, else 80. */
export function helpWidth(columns?: number): number {
  const env = Number.parseInt(process.env.COLUMNS ?? '', 10);
  if (env > 0) return env;
  return columns && columns > 0 ? columns : 80;
}

/** Wraps each line of `text` at spaces to `width`; an indented line (an example) continues 4 columns further in. */
export function wrapText(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const indent = /^ */.exec(line)![0];
      const words = line.slice(indent.length).split(/ +/).filter(Boolean);
      const out: string[] = [];
      let cur = indent;
      let filled = false;
      for (const w of words) {
        if (filled && cur.length + 1 + w.length > width) {
          out.push(cur);
          cur = (indent ? indent + '    ' : '') + w;
        } else cur += filled ? ` ${w}` : w;
        filled = true;
      }
      out.push(cur);
      return out.join('\n');
    })
    .join('\n');
}

/** This package's folder (for package.json and the shipped schema), from src/ under ts-jest or dist/src/ when built. */
function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.join(__dirname, '..');
  }
}

const VERSION: string = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version;

const progressOf = (io: Io): ProgressLine => progressLine({ write: io.err, isTty: Boolean(io.errIsTty) });

const list = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

const SCHEMA_URL = 'https://github.com/idsrv-codemod/idsrv-codemod/blob/main/schemas/audit.schema.json';

const glob = (v: string, prev: string[] = []) => [...prev, v];

export async function main(argv: string[], io: Io = stdio()): Promise<number> {
  let code: number = EXIT.ok;
  let solution: string | undefined; // the folder paths in messages are made relative to
  const rules = loadRules();
  const width = (error?: boolean) => helpWidth(error ? io.errColumns : io.columns);
  const program = new Command()
    .name('idsrv-codemod')
    .description(
      `Upgrade a .NET solution from IdentityServer4 / Duende IdentityServer to a newer release (default ${NEWEST.line}). ` +
        "Finds each project's IdentityServer and IdentityModel packages, plans the hops between releases, rewrites " +
        'project files and C#/Razor code, and reports what needs a human. Without --dry-run, --patch, --check or --json ' +
        'it edits the files in place (refusing a git tree with uncommitted changes unless --allow-dirty).',
    )
    .version(VERSION, '-V, --version', 'print the version and exit')
    .argument('[path]', 'folder, .sln, .slnx or .csproj to upgrade', '.')
    .option('--dry-run', 'print the upgrade as a unified diff on stdout (git apply accepts it); change nothing')
    .option('--patch <file>', 'write the unified diff to <file> instead of changing the solution')
    .option('--patch-series <dir>', 'write one patch per hop (0001-6.2-to-6.3.patch, …, each applying on top of the previous ones) and cumulative.patch into <dir>; change nothing')
    .option('--commit-per-hop', 'apply the upgrade as one git commit per hop, whose message names the hop and lists its findings (needs a git work tree with a clean index)')
    .option('--to <version>', `release to upgrade to: a line such as 7.4, or an exact version such as 7.4.6 (known: ${RELEASES.map((r) => r.line).join(', ')})`)
    .option('--from <version>', 'treat projects as being on this release when their version cannot be resolved (or is wrong)')
    .option('--allow-dirty', 'apply even when the git work tree has uncommitted changes')
    .option('--check', 'change nothing; exit 1 when the upgrade would change files (for CI)')
    .option('--json', 'print a machine-readable summary (JSON) on stdout instead of the text report; on its own it changes nothing (its "applied" field says so): add --apply to write the edits as well')
    .option('--apply', 'write the edits in place: what the tool does by default, needed only with --json')
    .option('--only <rule-ids>', 'run only these rules (comma-separated ids, see `rules`)', list)
    .option('--skip <rule-ids>', 'do not run these rules (comma-separated ids)', list)
    .option('--include <glob>', 'upgrade only projects and files under the solution that match (e.g. src/**); repeatable', glob)
    .option('--exclude <glob>', 'leave projects and files that match alone (e.g. templates/** or samples); repeatable; wins over --include', glob)
    .addOption(new Option('-q, --quiet', 'print nothing on stderr but errors').conflicts('verbose'))
    .option('--verbose', 'also list, per file, the time the rules took and the ids of the rules that edited or reported it')
    .option('--no-color', 'never colour the diff (also: NO_COLOR environment variable)')
    .addHelpText('after', (ctx) =>
      wrapText(
        '\nExit codes: 0 done or nothing to do, 1 changes pending (with --check), 2 usage or input error.\n' +
          'The report (projects, versions and where they are declared, hop plan, findings, per-file results) goes to ' +
          'stderr, so that stdout carries only the diff (--dry-run) or the JSON (--json). Paths in it are relative to the solution.\n\n' +
          'Examples:\n  idsrv-codemod ./MySolution --dry-run\n  idsrv-codemod ./MySolution.sln --to 7.4 --patch upgrade.patch\n' +
          '  idsrv-codemod ./MySolution --json > plan.json\n  idsrv-codemod ./MySolution --exclude templates --exclude "samples/**"\n' +
          '  idsrv-codemod ./MySolution --patch-series patches/\n  idsrv-codemod ./MySolution --commit-per-hop\n' +
          '  idsrv-codemod audit ./MySolution --report audit.md --report audit.sarif --report audit.html\n  idsrv-codemod rules --hop 7.0-7.1',
        width(ctx.error),
      ),
    )
    .showHelpAfterError('(idsrv-codemod --help lists the options)')
    .enablePositionalOptions()
    .exitOverride()
    .configureHelp({ minWidthToWrap: 20 })
    .configureOutput({ writeOut: io.out, writeErr: io.err, getOutHelpWidth: () => width(false), getErrHelpWidth: () => width(true) })
    .action(async (target: string, opts) => {
      solution = solutionFolder(target);
      code = await upgrade(target, opts, rules, io);
    });

  program
    .command('audit')
    .description('report the whole upgrade without changing anything: projects and their roles, packages, the hop plan with automatic edits, edits to review and findings (severity, effort), EF migrations to generate, and a checklist; Markdown on stdout unless --report names files')
    .argument('[path]', 'folder, .sln, .slnx or .csproj', '.')
    .option('--to <version>', 'release to plan for (default: newest)')
    .option('--from <version>', 'assume this release where detection fails')
    .option('--only <rule-ids>', 'only these rules', list)
    .option('--skip <rule-ids>', 'not these rules', list)
    .option('--report <file>', 'write the report to <file>; the format follows the extension: .md, .json, .sarif, .html (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--include <glob>', 'audit only projects and files that match (relative to the solution); repeatable', glob)
    .option('--exclude <glob>', 'leave out projects and files that match (e.g. templates/**); repeatable', glob)
    .option('-q, --quiet', 'print nothing on stderr but errors')
    .addHelpText('after', (ctx) =>
      wrapText(
        '\nThe audit reads the solution and writes only the --report files. The JSON report follows the JSON schema shipped with this package:\n' +
          `  ${path.join(packageRoot(), 'schemas', 'audit.schema.json')}\nalso at:\n  ${SCHEMA_URL}`,
        width(ctx.error),
      ),
    )
    .action(async (target: string, opts: { to?: string; from?: string; only?: string[]; skip?: string[]; report?: string[]; include?: string[]; exclude?: string[]; quiet?: boolean }) => {
      solution = solutionFolder(target);
      const started = Date.now();
      const reports = opts.report ?? [];
      checkReportFiles(reports);
      const progress = progressOf(io);
      try {
        const run = await runPipeline(target, { to: opts.to, from: opts.from, only: opts.only, skip: opts.skip, include: opts.include, exclude: opts.exclude, rules, progress: progress.hop });
        const report = await buildAudit(run, rules, { progress: (d, t) => progress.read('reading projects', d, t) });
        progress.done();
        if (reports.length) writeReports(report, rules, reports);
        else io.out(auditMarkdown(report));
        const s = report.summary;
        if (!opts.quiet) io.err(
          `Audit done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${s.projectsToUpgrade}/${s.projects} project(s) to upgrade, ${s.hops} hop(s), ` +
            `${s.automaticEdits} automatic edit(s), ${s.reviewEdits} to review, findings ${s.findings.mandatory} mandatory / ${s.findings.recommended} recommended / ${s.findings.informational} informational, ` +
            `${s.migrations} migration(s), checklist ${s.checklist.action} to do / ${s.checklist.check} to check, effort ${s.effort.hours} h (${s.effort.size})` +
            (reports.length ? `; written: ${reports.join(', ')}` : '') +
            '.\n',
        );
      } finally {
        progress.done();
      }
    });

  program
    .command('rules')
    .description('list the rules: id, hop, kind and title')
    .addOption(new Option('--hop <hop>', 'only the rules of one hop, e.g. 7.0-7.1'))
    .option('--json', 'print them as JSON (id, hop, kind, title, docs, catalog rows)')
    .option('--markdown', 'print them as Markdown tables, one per hop (the README list)')
    .action((opts: { hop?: string; json?: boolean; markdown?: boolean }) => {
      const steps = DIRECT_HOPS.find((h) => h.id === opts.hop)?.steps?.map((h) => h.id) ?? [opts.hop];
      const shown = rules.filter((r) => !opts.hop || steps.includes(ruleHop(r)) || ruleHop(r) === 'every-hop');
      if (opts.json) io.out(JSON.stringify(shown.map(ruleJson), null, 2) + '\n');
      else if (opts.markdown) io.out(formatRulesMarkdown(shown));
      else for (const r of shown) io.out(`${r.id.padEnd(48)} ${ruleHop(r).padEnd(10)} ${r.kind.padEnd(8)} ${r.title}\n`);
    });

  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (err instanceof PlanError || err instanceof InputError || err instanceof XmlError || err instanceof EditConflictError || err instanceof UnknownRuleError) {
      io.err(`idsrv-codemod: ${solution ? relativeIn(solution, (err as Error).message) : (err as Error).message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  return code;
}

/** The folder a target names: itself, or the folder of a .sln/.slnx/.csproj. */
function solutionFolder(target: string): string {
  const abs = path.resolve(target);
  return fs.existsSync(abs) && fs.statSync(abs).isFile() ? path.dirname(abs) : abs;
}

function ruleJson(r: Rule) {
  return { id: r.id, hop: ruleHop(r), kind: r.kind, title: r.title, docs: r.docs, catalog: r.catalog ?? [], reads: r.reads, review: Boolean(r.review) };
}

interface UpgradeOptions {
  dryRun?: boolean;
  patch?: string;
  patchSeries?: string;
  commitPerHop?: boolean;
  to?: string;
  from?: string;
  allowDirty?: boolean;
  check?: boolean;
  json?: boolean;
  apply?: boolean;
  only?: string[];
  skip?: string[];
  include?: string[];
  exclude?: string[];
  quiet?: boolean;
  verbose?: boolean;
  color?: boolean;
}

async function upgrade(target: string, opts: UpgradeOptions, rules: Rule[], io: Io): Promise<number> {
  const started = Date.now();
  const preview = opts.dryRun || opts.patch || opts.check || opts.patchSeries;
  if (preview && (opts.apply || opts.commitPerHop)) {
    throw new InputError(`${opts.apply ? '--apply' : '--commit-per-hop'} applies the upgrade; it cannot be combined with --dry-run, --patch, --patch-series or --check`);
  }
  // --json is a report format: on its own it previews; writing needs --apply (or --commit-per-hop).
  const applying = !preview && (!opts.json || Boolean(opts.apply) || Boolean(opts.commitPerHop));
  if (applying && !opts.allowDirty) refuseDirty(target);
  const progress = progressOf(io);
  const timings = new Map<string, FileTiming>();
  const onFile = opts.verbose
    ? (f: { path: string; ms: number; rules: string[] }) => {
        const t = timings.get(f.path) ?? { ms: 0, rules: [] };
        t.ms += f.ms;
        for (const r of f.rules) if (!t.rules.includes(r)) t.rules.push(r);
        timings.set(f.path, t);
      }
    : undefined;
  let run: PipelineResult;
  try {
    run = await runPipeline(target, { to: opts.to, from: opts.from, only: opts.only, skip: opts.skip, include: opts.include, exclude: opts.exclude, rules, progress: progress.hop, onFile });
  } finally {
    progress.done();
  }
  const diff = unifiedDiff(run);
  const report = (s: string) => (opts.json || opts.quiet ? undefined : io.err(s));
  report(formatDetection(run) + '\n');

  if (opts.patch) fs.writeFileSync(opts.patch, diff);
  const series = opts.patchSeries ? writePatchSeries(run, opts.patchSeries) : undefined;
  if (opts.dryRun && !opts.json) {
    const color = opts.color !== false && !process.env.NO_COLOR && io.isTty;
    io.out(color ? colorDiff(diff) : diff);
  }
  const changed = [...run.result.files.values()].filter((f) => f.status === 'changed');
  const commits = applying && opts.commitPerHop ? commitPerHop(run) : undefined;
  if (applying && !opts.commitPerHop && changed.length) {
    try {
      writeAtomically(changed.map((f) => ({ path: f.path, original: f.original, text: f.text })), { root: run.root });
    } catch (err) {
      // a file changed meanwhile, a read-only file or folder: the user's problem to solve, said without a stack trace
      throw new InputError(`writing the upgrade failed: ${relativeIn(run.root, (err as Error).message)}`);
    }
  }

  report('\n' + formatOutcome(run));
  if (opts.verbose) report('\n' + formatPerFile(run, timings));
  if (opts.patch) report(`Patch written to ${opts.patch} (apply it with: git apply ${opts.patch})\n`);
  if (series) {
    const numbered = series.written.filter((w) => w.step);
    report(`Patch series written to ${opts.patchSeries}: ${numbered.map((w) => w.name).join(', ') || 'no patch (nothing changes)'}, cumulative.patch\n`);
    for (const e of series.empty) report(`  ${e.title}: no change, no patch\n`);
    if (numbered.length) report(`Apply in order: for p in ${opts.patchSeries}/0*.patch; do git apply "$p"; done\n`);
  }
  if (commits) {
    report(`Committed ${commits.length} step(s):\n`);
    for (const c of commits) report(`  ${c.commit}  ${c.step.title}${c.step.changes.length ? '' : ' (no change; findings only)'}\n`);
  } else if (applying) report(changed.length ? `Applied: ${changed.length} file(s) written.\n` : 'Nothing to change.\n');
  report(formatFinalSummary(run, Date.now() - started));
  if (opts.json) io.out(JSON.stringify(jsonSummary(run, applying && changed.length > 0), null, 2) + '\n');
  if (opts.json && !applying && !preview && !opts.quiet) {
    io.err(`idsrv-codemod: --json without --apply changes nothing ("applied": false); ${changed.length ? `add --apply to write the ${changed.length} changed file(s)` : 'nothing would change anyway'}.\n`);
  }
  if (opts.quiet || opts.json) for (const f of run.result.files.values()) if (f.status === 'error') io.err(`idsrv-codemod: ${relativeIn(run.root, f.path)}: ${relativeIn(run.root, f.reason ?? 'error')}\n`);
  if (hasErrors(run)) return EXIT.usage;
  return opts.check && changed.length ? EXIT.pending : EXIT.ok;
}

/** The --json summary, with notes naming files relative to the solution like the text report does. */
function jsonSummary(run: PipelineResult, applied: boolean) {
  const json = toJson(run, { applied });
  const rel = (notes: string[]) => notes.map((n) => relativeIn(run.root, n));
  return { ...json, notes: rel(json.notes), projects: json.projects.map((p) => ({ ...p, notes: rel(p.notes) })) };
}

function hasErrors(run: PipelineResult): boolean {
  return [...run.result.files.values()].some((f) => f.status === 'error');
}

function refuseDirty(target: string): void {
  const dir = fs.existsSync(target) && fs.statSync(target).isFile() ? path.dirname(path.resolve(target)) : path.resolve(target);
  if (!fs.existsSync(dir) || !gitRoot(dir)) return;
  const dirty = uncommitted(dir);
  if (dirty.length) {
    throw new InputError(`${target} has uncommitted changes (${dirty.length}, e.g. ${dirty[0].trim()}); commit or stash them first, or pass --allow-dirty (or use --dry-run / --patch)`);
  }
}
