/** Runs the file rules of one hop over one C# or Razor text and merges their edits safely. */
import { csharpParser, errorSpots, parseCsharp, type ErrorSpot, type Tree } from './csharp';
import { applyEdits, normalizeEdits, type OwnedEdit } from './edits';
import type { FileContext, FileKind, FileRule, Finding, Severity } from './rule';
import type { Hop } from '../plan/catalog';
import type { ProjectScan } from '../scan/model';
import { lineCol } from '../util/text';

export interface FileInput {
  file: string; // relative path for messages
  kind: FileKind;
  text: string;
  eol: '\r\n' | '\n';
  hop: Hop;
  project: ProjectScan;
  /**
   * A tree of `text` parsed earlier (by the previous hop): used instead of parsing again. Ownership passes to
   * runFileRules, which frees it unless it hands it back as `FileOutcome.tree`.
   */
  tree?: Tree;
  /** Hand back the tree of the outcome's text instead of freeing it (the caller then frees it). */
  keepTree?: boolean;
}

export interface FileOutcome {
  text: string; // unchanged when `error` is set
  edits: OwnedEdit[];
  findings: Finding[];
  /** Set when the edits could not be applied (overlap, or they would add syntax errors). */
  error?: string;
  /** With `keepTree`: a live tree of `text` when one was parsed (C# only); the caller must delete() it. */
  tree?: Tree;
  /** Ids of the rules that ran (past kind, project, triggers and the library-namespace gate), in order. */
  ran: string[];
}

export function fileKindOf(path: string): FileKind | undefined {
  const l = path.toLowerCase();
  if (l.endsWith('.cs')) return 'csharp';
  if (l.endsWith('.cshtml') || l.endsWith('.razor')) return 'razor';
  return undefined;
}

export function triggered(rule: FileRule, text: string): boolean {
  return rule.triggers.length === 0 || rule.triggers.some((t) => text.includes(t));
}

/** First segments of every namespace the library types live in. */
const LIBRARY_ROOTS = ['IdentityServer', 'IdentityModel', 'Duende'];

/**
 * Whether C# code can see a library namespace: the text names one (in a using, a qualified name or a namespace
 * declaration, each of which spells the namespace's first segment), or the project imports one for every file.
 */
export function seesLibraryNamespace(text: string, project: ProjectScan): boolean {
  return LIBRARY_ROOTS.some((root) => text.includes(root)) || project.usings.some((u) => LIBRARY_ROOTS.some((root) => u.startsWith(root)));
}

/** The rules that take this text: kind, project, trigger strings and the library-namespace gate (see FileRule). */
function activeRules(rules: readonly FileRule[], input: Pick<FileInput, 'kind' | 'text' | 'project' | 'hop'>): FileRule[] {
  const sees = input.kind !== 'csharp' || seesLibraryNamespace(input.text, input.project);
  const without = (r: FileRule) => r.actsWithoutLibraryNamespace === true || (!!r.actsWithoutLibraryNamespace && r.actsWithoutLibraryNamespace.some((t) => input.text.includes(t)));
  // The gate first: three substring tests, where a rule's triggers may be dozens.
  return rules.filter((r) => (sees || without(r)) && r.reads.includes(input.kind) && (!r.appliesTo || r.appliesTo(input.project, input.hop)) && triggered(r, input.text));
}

export async function runFileRules(rules: readonly FileRule[], input: FileInput): Promise<FileOutcome> {
  const active = activeRules(rules, input);
  const findings: Finding[] = [];
  const ran = active.map((r) => r.id);
  const handBack = (text: string, tree: Tree | undefined, rest: Omit<FileOutcome, 'text' | 'tree' | 'ran'>): FileOutcome => {
    if (tree && input.keepTree) return { text, tree, ran, ...rest };
    tree?.delete();
    return { text, ran, ...rest };
  };
  if (active.length === 0) return handBack(input.text, input.tree, { edits: [], findings });

  const parser = input.kind === 'csharp' ? await csharpParser() : undefined;
  const tree = input.tree ?? (parser && parseCsharp(parser, input.text));
  const spots = tree ? errorSpots(tree.rootNode) : [];
  const edits: OwnedEdit[] = [];
  let kept = false; // whether `tree` is still the tree of the outcome's text
  try {
    for (const rule of active) {
      const ctx: FileContext = {
        file: input.file,
        text: input.text,
        eol: input.eol,
        hop: input.hop,
        project: input.project,
        tree,
        edit(start, end, text, options) {
          if (start < 0 || end < start || end > input.text.length) throw new Error(`${rule.id}: edit [${start},${end}) outside the file`);
          if (text !== input.text.slice(start, end)) edits.push({ start, end, text, ruleId: rule.id, review: rule.review || options?.review });
        },
        report(at, message, options) {
          const offset = typeof at === 'number' ? at : at.startIndex;
          findings.push(finding(rule.id, input, offset, message, options));
        },
      };
      try {
        rule.run(ctx);
      } catch (err) {
        // A rule that fails on one file (a bug, an input it did not expect) costs that file, not the run.
        kept = true;
        return handBack(input.text, tree, { edits: [], findings, error: `${input.file}: rule ${rule.id} failed (${(err as Error).message}); the file is left unchanged` });
      }
    }
    kept = true;
  } finally {
    if (!kept) tree?.delete();
  }

  const blocked = edits.filter((e) => touchesError(e, spots));
  for (const e of blocked) {
    findings.push(finding(e.ruleId, input, e.start, 'not rewritten: the parser could not read this part of the file; make this change by hand', { severity: 'warning' }));
  }
  const usable = edits.filter((e) => !blocked.includes(e));
  if (usable.length === 0) return handBack(input.text, tree, { edits: [], findings });

  let normalized: OwnedEdit[];
  try {
    normalized = normalizeEdits(input.file, mergeUsingInsertions(usable));
  } catch (err) {
    return handBack(input.text, tree, { edits: [], findings, error: (err as Error).message });
  }
  const text = applyEdits(input.text, normalized);
  if (parser) {
    const after = parseCsharp(parser, text);
    const added = after ? errorSpots(after.rootNode).length : Infinity;
    if (added > spots.length) {
      after?.delete();
      return handBack(input.text, tree, { edits: [], findings, error: `${input.file}: the edits of ${[...new Set(normalized.map((e) => e.ruleId))].join(', ')} would add syntax errors; not applied` });
    }
    tree?.delete();
    return handBack(text, after, { edits: normalized, findings });
  }
  return handBack(text, undefined, { edits: normalized, findings });
}

const USING_LINE = /^[ \t]*using [\w.]+;$/;

/**
 * Two rules that each add using directives (addUsings) insert at the same spot, the end of the using block, which
 * would otherwise be an edit conflict. Pure insertions at one offset whose lines are all `using N;` (or blank) are
 * merged into one: the first one's text plus the using lines only the others add, after its last using line.
 */
export function mergeUsingInsertions(edits: OwnedEdit[]): OwnedEdit[] {
  const usingOnly = (e: OwnedEdit) => e.start === e.end && /using /.test(e.text) && e.text.split(/\r?\n/).every((l) => l.trim() === '' || USING_LINE.test(l));
  const out: OwnedEdit[] = [];
  for (const e of edits) {
    const prev = usingOnly(e) ? out.find((o) => o.start === e.start && usingOnly(o)) : undefined;
    if (!prev) {
      out.push(e);
      continue;
    }
    const have = new Set(prev.text.split(/\r?\n/).map((l) => l.trim()));
    const extra = e.text.split(/\r?\n/).filter((l) => USING_LINE.test(l) && !have.has(l.trim()));
    if (!extra.length) continue;
    const eol = prev.text.includes('\r\n') || e.text.includes('\r\n') ? '\r\n' : '\n';
    const lines = prev.text.split(eol);
    let last = -1;
    lines.forEach((l, i) => {
      if (USING_LINE.test(l)) last = i;
    });
    lines.splice(last + 1, 0, ...extra);
    out[out.indexOf(prev)] = { ...prev, text: lines.join(eol), review: prev.review || e.review };
  }
  return dropRepeatedUsings(out, usingOnly);
}

/**
 * Two rules may add the same top-level using at different spots (addThreadingUsing sorts `using System.Threading;`
 * among the System usings, addUsings appends at the end of the block): a using line that an earlier using-only
 * insertion already adds at column 0 is dropped from the later ones, and an insertion left without a using line is dropped.
 */
function dropRepeatedUsings(edits: OwnedEdit[], usingOnly: (e: OwnedEdit) => boolean): OwnedEdit[] {
  const top = /^using [\w.]+;$/;
  const seen = new Set<string>();
  const replaced = new Map<OwnedEdit, OwnedEdit | undefined>();
  for (const e of [...edits].filter(usingOnly).sort((a, b) => a.start - b.start)) {
    const eol = e.text.includes('\r\n') ? '\r\n' : '\n';
    const lines = e.text.split(eol);
    const kept = lines.filter((l) => !(top.test(l) && seen.has(l)));
    for (const l of lines) if (top.test(l)) seen.add(l);
    if (kept.length === lines.length) continue;
    replaced.set(e, kept.some((l) => USING_LINE.test(l)) ? { ...e, text: kept.join(eol) } : undefined);
  }
  return edits.flatMap((e) => (replaced.has(e) ? (replaced.get(e) ? [replaced.get(e)!] : []) : [e]));
}

function touchesError(e: OwnedEdit, spots: readonly ErrorSpot[]): boolean {
  return spots.some((s) => e.start < s.end && s.start < e.end) || spots.some((s) => s.start <= e.start && e.end <= s.end && s.start !== s.end);
}

function finding(ruleId: string, input: FileInput, offset: number, message: string, options?: { severity?: Severity; suggestion?: string }): Finding {
  const { line, column } = lineCol(input.text, offset);
  return { ruleId, file: input.file, line, column, message, severity: options?.severity ?? 'warning', suggestion: options?.suggestion };
}
