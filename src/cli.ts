/** Command line: `idsrv-codemod [path]`, `idsrv-codemod audit [path]`, `idsrv-codemod rules`. */
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { loadRules } from './load-rules';
import { runPipeline, unifiedDiff, type PipelineResult } from './pipeline';
import { colorDiff, formatDetection, formatFinalSummary, formatOutcome } from './emit/summary';
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

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTty: boolean; // stdout is a terminal (colours)
  errIsTty?: boolean; // stderr is a terminal (progress line)
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTty: Boolean(process.stdout.isTTY),
  errIsTty: Boolean(process.stderr.isTTY),
};

const progressOf = (io: Io): ProgressLine => progressLine({ write: io.err, isTty: Boolean(io.errIsTty) });

const list = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let code: number = EXIT.ok;
  const rules = loadRules();
  const program = new Command()
    .name('idsrv-codemod')
    .description(
      `Upgrade a .NET solution from IdentityServer4 / Duende IdentityServer to a newer release (default ${NEWEST.line}).\n` +
        'Finds each project\'s IdentityServer and IdentityModel packages, plans the hops between releases, rewrites\n' +
        'project files and C#/Razor code, and reports what needs a human. Without --dry-run, --patch or --check it\n' +
        'edits the files in place (refusing a git tree with uncommitted changes unless --allow-dirty).',
    )
    .argument('[path]', 'folder, .sln, .slnx or .csproj to upgrade', '.')
    .option('--dry-run', 'print the upgrade as a unified diff on stdout (git apply accepts it); change nothing')
    .option('--patch <file>', 'write the unified diff to <file> instead of changing the solution')
    .option('--patch-series <dir>', 'write one patch per hop (0001-6.2-to-6.3.patch, …, each applying on top of the previous ones) and cumulative.patch into <dir>; change nothing')
    .option('--commit-per-hop', 'apply the upgrade as one git commit per hop, whose message names the hop and lists its findings (needs a git work tree with a clean index)')
    .option('--to <version>', `release to upgrade to: a line such as 7.4, or an exact version such as 7.4.6 (known: ${RELEASES.map((r) => r.line).join(', ')})`)
    .option('--from <version>', 'treat projects as being on this release when their version cannot be resolved (or is wrong)')
    .option('--allow-dirty', 'apply even when the git work tree has uncommitted changes')
    .option('--check', 'change nothing; exit 1 when the upgrade would change files (for CI)')
    .option('--json', 'print a machine-readable summary (JSON) on stdout instead of the text report')
    .option('--only <rule-ids>', 'run only these rules (comma-separated ids, see `rules`)', list)
    .option('--skip <rule-ids>', 'do not run these rules (comma-separated ids)', list)
    .option('--no-color', 'never colour the diff (also: NO_COLOR environment variable)')
    .addHelpText(
      'after',
      '\nExit codes: 0 done or nothing to do, 1 changes pending (with --check), 2 usage or input error.\n' +
        'The report (projects, versions and where they are declared, hop plan, findings, per-file results) goes to\n' +
        'stderr, so that stdout carries only the diff (--dry-run) or the JSON (--json).\n\n' +
        'Examples:\n  idsrv-codemod ./MySolution --dry-run\n  idsrv-codemod ./MySolution.sln --to 7.4 --patch upgrade.patch\n  idsrv-codemod ./MySolution --patch-series patches/\n  idsrv-codemod ./MySolution --commit-per-hop\n  idsrv-codemod audit ./MySolution --report audit.md --report audit.sarif --report audit.html\n  idsrv-codemod rules --hop 7.0-7.1',
    )
    .showHelpAfterError()
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .action(async (target: string, opts) => {
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
    .addHelpText('after', '\nThe audit reads the solution and writes only the --report files. The JSON follows schemas/audit.schema.json.')
    .action(async (target: string, opts: { to?: string; from?: string; only?: string[]; skip?: string[]; report?: string[] }) => {
      const started = Date.now();
      const reports = opts.report ?? [];
      checkReportFiles(reports);
      const progress = progressOf(io);
      try {
        const run = await runPipeline(target, { to: opts.to, from: opts.from, only: opts.only, skip: opts.skip, rules, progress: progress.hop });
        const report = await buildAudit(run, rules, { progress: (d, t) => progress.read('reading projects', d, t) });
        progress.done();
        if (reports.length) writeReports(report, rules, reports);
        else io.out(auditMarkdown(report));
        const s = report.summary;
        io.err(
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
      io.err(`idsrv-codemod: ${(err as Error).message}\n`);
      return EXIT.usage;
    }
    throw err;
  }
  return code;
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
  only?: string[];
  skip?: string[];
  color?: boolean;
}

async function upgrade(target: string, opts: UpgradeOptions, rules: Rule[], io: Io): Promise<number> {
  const started = Date.now();
  const applying = !opts.dryRun && !opts.patch && !opts.check && !opts.patchSeries;
  if (opts.commitPerHop && !applying) {
    throw new InputError('--commit-per-hop applies the upgrade; it cannot be combined with --dry-run, --patch, --patch-series or --check');
  }
  if (applying && !opts.allowDirty) refuseDirty(target);
  const progress = progressOf(io);
  let run: PipelineResult;
  try {
    run = await runPipeline(target, { to: opts.to, from: opts.from, only: opts.only, skip: opts.skip, rules, progress: progress.hop });
  } finally {
    progress.done();
  }
  const diff = unifiedDiff(run);
  const report = (s: string) => (opts.json ? undefined : io.err(s));
  report(formatDetection(run) + '\n');

  if (opts.patch) fs.writeFileSync(opts.patch, diff);
  const series = opts.patchSeries ? writePatchSeries(run, opts.patchSeries) : undefined;
  if (opts.dryRun && !opts.json) {
    const color = opts.color !== false && !process.env.NO_COLOR && io.isTty;
    io.out(color ? colorDiff(diff) : diff);
  }
  const changed = [...run.result.files.values()].filter((f) => f.status === 'changed');
  const commits = applying && opts.commitPerHop ? commitPerHop(run) : undefined;
  if (applying && !opts.commitPerHop && changed.length) writeAtomically(changed.map((f) => ({ path: f.path, original: f.original, text: f.text })));

  report('\n' + formatOutcome(run));
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
  if (opts.json) io.out(JSON.stringify(toJson(run, { applied: applying && changed.length > 0 }), null, 2) + '\n');
  if (hasErrors(run)) return EXIT.usage;
  return opts.check && changed.length ? EXIT.pending : EXIT.ok;
}

function hasErrors(run: PipelineResult): boolean {
  return [...run.result.files.values()].some((f) => f.status === 'error');
}

function refuseDirty(target: string): void {
  const dir = fs.existsSync(target) && fs.statSync(target).isFile() ? path.dirname(path.resolve(target)) : path.resolve(target);
  if (!fs.existsSync(dir) || !gitRoot(dir)) return;
  const dirty = uncommitted(dir);
  if (dirty.length) {
    throw new InputError(`${dir} has uncommitted changes (${dirty.length}, e.g. ${dirty[0].trim()}); commit or stash them first, or pass --allow-dirty (or use --dry-run / --patch)`);
  }
}
