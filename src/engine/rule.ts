/**
 * The rule API. A rule is one module under rules/<from>-<to>/ whose default export is a Rule.
 * The engine never imports rule modules; the entry point discovers them and hands them over.
 */
import type { Node, Tree } from './csharp';
import type { Hop } from '../plan/catalog';
import type { ProjectScan } from '../scan/model';

export type FileKind = 'csharp' | 'razor';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  ruleId: string;
  file: string; // path relative to the repository root, with /
  line: number; // 1-based
  column: number; // 1-based
  message: string;
  severity: Severity;
  suggestion?: string; // what to do, or the replacement text
}

interface RuleBase {
  /** `<hop>/<name>`, e.g. `7.0-7.1/identitymodel-namespaces`; `every-hop/<name>` for rules run at each hop. */
  id: string;
  title: string;
  /** Upgrade guide or catalog section that explains the change. */
  docs: string;
  /** `fix` rules edit; `finding` rules only report. */
  kind: 'fix' | 'finding';
  /** Catalog rows covered (`upgrade-catalog.md` ids such as `4.11#1`). */
  catalog?: string[];
  /** Edits rest on a heuristic: they are listed for review in the run summary. */
  review?: boolean;
  /** How the audit weighs this rule's findings, when the default (error/warning/info -> mandatory/recommended/informational, fixed minutes per severity) is wrong. */
  audit?: { severity?: AuditSeverity; effortMinutes?: number };
}

/** Audit severity of a finding: must be done for the upgrade to work, should be done, or good to know. */
export type AuditSeverity = 'mandatory' | 'recommended' | 'informational';

/** Context handed to a rule for one C# or Razor file. */
export interface FileContext {
  file: string; // relative path, for messages
  text: string; // current text (BOM removed), as left by earlier hops
  eol: '\r\n' | '\n';
  hop: Hop;
  project: ProjectScan;
  /** Present for C# files. Never edit inside or across its error ranges: the engine refuses such edits. */
  tree?: Tree;
  edit(start: number, end: number, text: string, options?: { review?: boolean }): void;
  report(at: number | Node, message: string, options?: { severity?: Severity; suggestion?: string }): void;
}

export interface FileRule extends RuleBase {
  reads: FileKind[];
  /** Substrings; a file containing none of them is neither parsed nor given to the rule. */
  triggers: string[];
  /**
   * Whether the rule can act on a C# file that names no IdentityServer, IdentityModel or Duende namespace (and whose
   * project imports none, by `<Using>` or `global using`): `true` for rules that match by method name alone
   * (`AddIdentityServer()` and the other DI extensions the library declares in Microsoft namespaces, ASP.NET Core
   * extensions, EF migration shapes); a list of strings when only files containing one of them qualify (a rule that
   * recognises `options.LicenseKey` only inside an `AddIdentityServer(options => …)` lambda lists 'AddIdentityServer').
   * Without it, the engine skips such files for the rule before parsing them: a rule that recognises library types
   * through the namespaces a file sees (`fileSees`, `typeMatcher`, qualified names) cannot match there.
   */
  actsWithoutLibraryNamespace?: true | readonly string[];
  /** Decides whether a project takes this rule at all (e.g. only projects that reference IdentityModel). */
  appliesTo?(project: ProjectScan, hop: Hop): boolean;
  /**
   * Also run on projects already past this rule's hop (on or after its target release), in a fix-up pass after
   * every hop: for files a user makes after upgrading, such as a generated EF migration. Must be idempotent.
   */
  fixup?: boolean;
  run(ctx: FileContext): void;
}

/** Context for a rule that edits MSBuild files (.csproj/.props/.targets) of one project. */
export interface ProjectContext {
  hop: Hop;
  project: ProjectScan; // scanned afresh from the text earlier hops left
  text(file: string): string; // current text of an MSBuild file (absolute path)
  edit(file: string, start: number, end: number, text: string, options?: { review?: boolean }): void;
  report(file: string, at: number, message: string, options?: { severity?: Severity; suggestion?: string }): void;
  /**
   * The project's C# and Razor files (the ones its file rules see), with their text as earlier hops left it; files
   * that cannot be decoded are left out. Read lazily; optional so hand-made contexts need not provide it.
   */
  sources?(): { file: string; text: string }[];
}

export interface ProjectRule extends RuleBase {
  reads: ['project'];
  run(ctx: ProjectContext): void;
}

export type Rule = FileRule | ProjectRule;

export function isProjectRule(rule: Rule): rule is ProjectRule {
  return rule.reads[0] === 'project';
}

/** Hop a rule belongs to, from its id. `every-hop` rules run at each hop. */
export function ruleHop(rule: Rule): string {
  return rule.id.slice(0, rule.id.indexOf('/'));
}
