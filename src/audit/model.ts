/**
 * The audit report: what `idsrv-codemod audit` finds, as one value that every output format (Markdown, JSON,
 * SARIF, HTML) is rendered from. Its JSON form is documented by schemas/audit.schema.json (version below);
 * paths are relative to the audited folder with `/`, lists are in a stable order, and nothing depends on the clock
 * or on where the solution lies on disk.
 */
import type { AuditSeverity } from '../engine/rule';

export type { AuditSeverity };
import type { PackageCategory } from './inventory';
import type { ContextKind } from './schema-changes';

export const AUDIT_SCHEMA_VERSION = 1;

export type ProjectRole = 'identityserver-host' | 'api' | 'client' | 'library' | 'tests' | 'migrations';

export interface Effort {
  minutes: number;
  /** minutes / 60, rounded up to the half hour. */
  hours: number;
  /** S: under half a day (4 h), M: under 2 days (16 h), L: under a week (40 h), XL: more. */
  size: 'S' | 'M' | 'L' | 'XL';
}

export interface AuditPackage {
  id: string;
  category: PackageCategory;
  version: string | null;
  /** Where the version came from: the lock file, project.assets.json, the version text, or null when unresolved. */
  versionFrom: 'packages.lock.json' | 'project.assets.json' | 'spec' | null;
  declared: { file: string; line: number; via: string | null };
  frameworks: string[] | null;
  unresolved: string | null;
}

export interface AuditProject {
  path: string;
  name: string;
  roles: ProjectRole[];
  evidence: { role: ProjectRole; signal: string; file: string | null; line: number | null }[];
  /** The planner's role: identityserver, identitymodel, dependent (through a ProjectReference) or none. */
  planRole: string;
  frameworks: string[];
  version: string | null;
  from: string | null;
  hops: string[];
  packages: AuditPackage[];
  notes: string[];
}

export interface AuditFinding {
  ruleId: string;
  hop: string;
  file: string;
  line: number;
  column: number;
  severity: AuditSeverity;
  /** The rule's own level. */
  level: 'error' | 'warning' | 'info';
  message: string;
  suggestion: string | null;
  docs: string;
  effortMinutes: number;
}

export interface AuditReview {
  ruleId: string;
  hop: string;
  file: string;
  line: number;
  docs: string;
}

export interface AuditHop {
  id: string;
  from: string;
  to: string;
  toVersion: string;
  /** A fix-up pass over projects already past this hop (rules that repair files made after the upgrade). */
  fixup: boolean;
  title: string;
  docs: string;
  projects: string[];
  packageEdits: number;
  frameworkEdits: number;
  automaticEdits: { count: number; files: { path: string; edits: number }[] };
  reviewEdits: number;
  findings: Record<AuditSeverity, number>;
  /** DbContext kinds whose schema this hop changes (when the solution uses the EF stores). */
  schema: ContextKind[];
  effort: Effort;
}

export interface AuditContext {
  name: string;
  kind: ContextKind;
  declared: { file: string; line: number } | null;
  migrationsProject: string | null;
  startupProject: string | null;
  /** Migrations folder, relative to the migrations project. */
  folder: string;
  folderFrom: 'snapshot' | 'default';
  snapshot: { file: string; line: number } | null;
  existingMigrations: number;
  latestMigration: string | null;
  /** How the migrations project was found. */
  how: string;
}

export interface AuditMigration {
  hop: string;
  context: string;
  kind: ContextKind;
  /** The migrations project the command adds the migration to (one per provider when the solution has several). */
  project: string | null;
  name: string;
  command: string;
  changes: string[];
  warnings: string[];
  handEdit: string | null;
}

export interface AuditDatabase {
  /** The solution uses IdentityServer's EF stores (packages, store calls or existing migrations). */
  efStores: boolean;
  contexts: AuditContext[];
  migrations: AuditMigration[];
  /** One migration per context covering every hop, for an upgrade done in one step. */
  allAtOnce: { context: string; project: string | null; command: string }[];
  notes: string[];
}

export type ChecklistStatus = 'action' | 'check' | 'ok';

export interface ChecklistItem {
  id: 'signing-keys' | 'license-key' | 'data-protection' | 'microsoft-identitymodel' | 'third-party-packages' | 'lock-files' | 'ui-templates';
  title: string;
  status: ChecklistStatus;
  details: { message: string; project: string | null; file: string | null; line: number | null }[];
  docs: string;
}

export interface AuditReport {
  auditSchemaVersion: typeof AUDIT_SCHEMA_VERSION;
  tool: { name: 'idsrv-codemod'; version: string };
  target: { line: string; version: string };
  solutions: string[];
  summary: {
    projects: number;
    projectsToUpgrade: number;
    hops: number;
    automaticEdits: number;
    filesChanged: number;
    reviewEdits: number;
    findings: Record<AuditSeverity, number>;
    migrations: number;
    checklist: Record<ChecklistStatus, number>;
    effort: Effort;
  };
  projects: AuditProject[];
  hops: AuditHop[];
  /** Projects (those with a plan) × hops, coloured by what each cell needs. */
  matrix: {
    projects: string[];
    hops: string[];
    cells: {
      project: string;
      hop: string;
      /** none: the project does not take this hop; nothing: it does, nothing changes; automatic: only automatic edits; review: edits to review, recommended findings or a migration to generate; manual: mandatory findings or a migration with a data-loss warning or hand edit. */
      need: 'none' | 'nothing' | 'automatic' | 'review' | 'manual';
      edits: number;
      review: number;
      findings: Record<AuditSeverity, number>;
      migrations: number;
    }[];
  };
  findings: AuditFinding[];
  review: AuditReview[];
  database: AuditDatabase;
  checklist: ChecklistItem[];
  files: { changed: string[]; skipped: { path: string; reason: string }[]; errors: { path: string; reason: string }[] };
  notes: string[];
}
