/** Builds the audit report from a pipeline run (scan → plan → rewrite in memory) plus the audit's own reading of the code. */
import path from 'node:path';
import { codeFacts, type CodeFacts } from './code-facts';
import { checklist } from './checklist';
import { efPlan, type EfProject } from './ef';
import { effort, MINUTES } from './effort';
import { inventory, type InventoryPackage, type ProjectProperties } from './inventory';
import { AUDIT_SCHEMA_VERSION, type AuditFinding, type AuditHop, type AuditPackage, type AuditProject, type AuditReport } from './model';
import { inferRoles } from './roles';
import { CONTEXT_OF_KIND, schemaOf, type ContextKind } from './schema-changes';
import { steps } from '../emit/patch-series';
import { declaredAt } from '../emit/summary';
import type { AuditSeverity, Rule, Severity } from '../engine/rule';
import type { Hop } from '../plan/catalog';
import type { PipelineResult } from '../pipeline';
import { FileView } from '../scan/vfs';

const SEVERITY: Record<Severity, AuditSeverity> = { error: 'mandatory', warning: 'recommended', info: 'informational' };
const GUIDES = 'https://docs.duendesoftware.com/identityserver/upgrades/';

/** The upgrade guide of a hop. */
export function hopDocs(hop: Hop): string {
  const [from, to] = [hop.from.line, hop.to.line];
  if (hop.from.product === 'IdentityServer4') return `${GUIDES}identityserver4-to-duende-identityserver-v8/`;
  if (from === to || from.startsWith('5.0') || from.startsWith('5.1')) return GUIDES;
  return `${GUIDES}v${from.replace('.', '_')}-to-v${to.replace('.', '_')}/`;
}

function toolVersion(): string {
  for (const p of ['../../package.json', '../../../package.json']) {
    try {
      return (require(p) as { version: string }).version;
    } catch {
      /* next */
    }
  }
  return '0.0.0';
}

export interface AuditOptions {
  /** Called per project while the code is read (for a progress indicator). */
  progress?: (done: number, total: number) => void;
}

export async function buildAudit(run: PipelineResult, rules: Rule[], options: AuditOptions = {}): Promise<AuditReport> {
  const root = run.root;
  const rel = (p: string) => path.relative(root, p).split(path.sep).join('/');
  const clean = (s: string) => s.split(root + path.sep).join('').split(root).join('.');
  const ruleById = new Map(rules.map((r) => [r.id, r]));
  const plans = [...run.plans].sort((a, b) => rel(a.project.path).localeCompare(rel(b.project.path)));
  const dirs = plans.map((p) => p.project.dir);
  const view = new FileView();
  const changedFiles = new Set([...run.result.files.values()].filter((f) => f.status === 'changed').map((f) => f.path));

  // Per project: inventory, code facts, roles.
  const read: { facts: CodeFacts; packages: InventoryPackage[]; props: ProjectProperties }[] = [];
  for (const [i, plan] of plans.entries()) {
    const inv = inventory(root, plan.project.path, view);
    read.push({ facts: await codeFacts(root, plan.project.dir, dirs), packages: inv.packages, props: inv.properties });
    options.progress?.(i + 1, plans.length);
  }
  const projects: AuditProject[] = plans.map((plan, i) => {
    const { facts, packages, props } = read[i];
    const scanned: AuditPackage[] = plan.project.packages.map((p) => {
      const site = p.versionSite ?? p.idSite;
      return {
        id: p.id,
        category: packages.find((x) => x.id.toLowerCase() === p.id.toLowerCase())?.category ?? 'identityserver',
        version: p.effective ?? null,
        versionFrom: p.effective ? p.effectiveFrom ?? 'spec' : null,
        declared: { file: rel(site.file), line: site.line, via: declaredAt(root, p).replace(/^\S+/, '').trim() || null },
        frameworks: p.frameworks ?? null,
        unresolved: p.unresolved ?? null,
      };
    });
    const seen = new Set(scanned.map((p) => p.id.toLowerCase()));
    const others: AuditPackage[] = packages
      .filter((p) => !seen.has(p.id.toLowerCase()) && (p.category === 'companion' || p.category === 'third-party' || p.category === 'identityserver' || p.category === 'identitymodel'))
      .map((p) => ({ id: p.id, category: p.category, version: p.version ?? null, versionFrom: p.version ? 'spec' : null, declared: { file: p.declared.file, line: p.declared.line, via: p.declared.central ? '(central)' : null }, frameworks: null, unresolved: p.version ? null : 'no version given' }));
    const roles = inferRoles(plan.project.name, facts, packages, props);
    return {
      path: rel(plan.project.path),
      name: plan.project.name,
      ...roles,
      planRole: plan.role,
      frameworks: plan.project.frameworks,
      version: plan.version ?? null,
      from: plan.from?.line ?? null,
      hops: plan.hops.map((h) => h.id),
      packages: [...scanned, ...others],
      notes: [...plan.notes, ...plan.project.notes, ...facts.unreadable.map((f) => `${f}: the parser could not read all of this file; facts from it may be missing`)].map(clean),
    };
  });

  // Database.
  const efProjects: EfProject[] = plans.map((plan, i) => ({
    path: projects[i].path,
    dir: rel(plan.project.dir),
    name: plan.project.name,
    props: read[i].props,
    facts: read[i].facts,
    packages: read[i].packages,
    roles: projects[i].roles,
    hops: plan.hops.filter((h) => h.from.line !== h.to.line).map((h) => ({ id: h.id, to: h.to.line })),
  }));
  const targetMatch = /^(\S+) \((\S+)\)$/.exec(run.target);
  const target = { line: targetMatch?.[1] ?? run.target, version: targetMatch?.[2] ?? run.target };
  const database = efPlan(efProjects, target.line);

  // Rules suggest `-c ConfigurationDbContext` / `-c PersistedGrantDbContext`; name the solution's own contexts instead.
  const ownContexts = (text: string) =>
    text.replace(/(-c|--context) (ConfigurationDbContext|PersistedGrantDbContext)\b/g, (m, flag: string, builtIn: string) => {
      const kind = (Object.keys(CONTEXT_OF_KIND) as ContextKind[]).find((k) => CONTEXT_OF_KIND[k] === builtIn)!;
      const names = [...new Set(database.contexts.filter((c) => c.kind === kind).map((c) => c.name))];
      return !names.length || names.includes(builtIn) ? m : `${flag} ${names[0]}${names.slice(1).map((n) => ` (or ${flag} ${n})`).join('')}`;
    });

  // Findings and review edits.
  const hopOrder = [...run.result.hops.map((h) => h.hop.id)];
  const order = (hop: string) => (hopOrder.includes(hop) ? hopOrder.indexOf(hop) : hopOrder.length);
  const hopById = new Map([...run.result.hops, ...run.result.fixups].map((h) => [h.hop.id, h.hop]));
  const docsOf = (ruleId: string, hop: string) => ruleById.get(ruleId)?.docs ?? (hopById.get(hop) ? hopDocs(hopById.get(hop)!) : GUIDES);
  const findings: AuditFinding[] = run.result.findings
    .map((f) => {
      const rule = ruleById.get(f.ruleId);
      const severity = rule?.audit?.severity ?? SEVERITY[f.severity];
      return { ruleId: f.ruleId, hop: f.hop, file: f.file, line: f.line, column: f.column, severity, level: f.severity, message: ownContexts(clean(f.message)), suggestion: f.suggestion ? ownContexts(clean(f.suggestion)) : null, docs: docsOf(f.ruleId, f.hop), effortMinutes: rule?.audit?.effortMinutes ?? MINUTES.finding[severity] };
    })
    .sort((a, b) => order(a.hop) - order(b.hop) || a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message));
  const review = run.result.review
    .map((r) => ({ ruleId: r.ruleId, hop: r.hop, file: r.file, line: r.line, docs: docsOf(r.ruleId, r.hop) }))
    .sort((a, b) => order(a.hop) - order(b.hop) || a.file.localeCompare(b.file) || a.line - b.line || a.ruleId.localeCompare(b.ruleId));

  // Hops (and fix-up passes).
  const countBy = (list: { severity: AuditSeverity }[]): Record<AuditSeverity, number> => ({
    mandatory: list.filter((f) => f.severity === 'mandatory').length,
    recommended: list.filter((f) => f.severity === 'recommended').length,
    informational: list.filter((f) => f.severity === 'informational').length,
  });
  const allSteps = steps(run);
  const hops: AuditHop[] = allSteps.map((step) => {
    const id = step.stats.hop.id;
    const edits = step.changes.flatMap((c) => c.file.edits.filter((e) => e.hop === id).map((e) => ({ ...e, path: rel(c.file.path) })));
    const hopFindings = step.fixup ? [] : findings.filter((f) => f.hop === id);
    const hopReview = step.fixup ? [] : review.filter((r) => r.hop === id);
    const kinds = (Object.keys(schemaOf(id)) as ContextKind[]).filter((k) => database.contexts.some((c) => c.kind === k));
    const migrations = step.fixup ? [] : database.migrations.filter((m) => m.hop === id);
    const files = step.changes.map((c) => ({ path: rel(c.file.path), edits: c.file.edits.filter((e) => e.hop === id).length })).sort((a, b) => a.path.localeCompare(b.path));
    const minutes =
      hopFindings.reduce((s, f) => s + f.effortMinutes, 0) +
      hopReview.length * MINUTES.review +
      files.length * MINUTES.changedFile +
      (step.fixup ? 0 : step.stats.projects.length * MINUTES.projectPerHop) +
      migrations.reduce((s, m) => s + MINUTES.migration + (m.warnings.length + (m.handEdit ? 1 : 0)) * MINUTES.migrationWarning, 0);
    return {
      id: step.fixup ? step.id : id,
      from: step.stats.hop.from.line,
      to: step.stats.hop.to.line,
      toVersion: step.stats.hop.to.latest,
      fixup: step.fixup,
      title: step.title,
      docs: hopDocs(step.stats.hop),
      projects: [...step.stats.projects].sort(),
      packageEdits: edits.filter((e) => /package/.test(e.ruleId)).length,
      frameworkEdits: edits.filter((e) => e.ruleId === 'every-hop/target-framework').length,
      automaticEdits: { count: edits.filter((e) => !e.review).length, files },
      reviewEdits: hopReview.length,
      findings: countBy(hopFindings),
      schema: step.fixup ? [] : kinds,
      effort: effort(minutes),
    };
  });

  const items = checklist(
    plans.map((plan, i) => ({
      path: projects[i].path,
      name: plan.project.name,
      facts: read[i].facts,
      packages: read[i].packages,
      props: read[i].props,
      isHost: projects[i].roles.includes('identityserver-host'),
      from: plan.hops.length ? plan.hops[0].from.line : null,
      to: plan.hops.length ? plan.hops[plan.hops.length - 1].to.line : null,
      changes: [...changedFiles].some((f) => f.startsWith(plan.project.dir + path.sep) || plan.project.msbuildFiles.includes(f)),
    })),
    target.line,
  );

  // Projects × hops: what each cell needs.
  const owners = (file: string): string[] => {
    const abs = path.join(root, file);
    const byDir = plans.filter((p) => abs.startsWith(p.project.dir + path.sep)).sort((a, b) => b.project.dir.length - a.project.dir.length)[0];
    if (byDir) return [rel(byDir.project.path)];
    return plans.filter((p) => p.project.msbuildFiles.includes(abs)).map((p) => rel(p.project.path));
  };
  const matrix: AuditReport['matrix'] = { projects: projects.filter((p) => p.hops.length).map((p) => p.path), hops: hops.map((h) => h.id), cells: [] };
  for (const project of projects.filter((p) => p.hops.length)) {
    for (const [k, hop] of hops.entries()) {
      const step = allSteps[k];
      const inHop = hop.fixup ? step.stats.projects.includes(project.name) : project.hops.includes(hop.id);
      const mine = (file: string) => owners(file).includes(project.path);
      const edits = hop.automaticEdits.files.filter((f) => mine(f.path)).reduce((s, f) => s + f.edits, 0);
      const cellReview = hop.fixup ? [] : review.filter((r) => r.hop === hop.id && mine(r.file));
      const cellFindings = countBy(hop.fixup ? [] : findings.filter((f) => f.hop === hop.id && mine(f.file)));
      const cellMigrations = hop.fixup ? [] : database.migrations.filter((m) => m.hop === hop.id && database.contexts.some((c) => c.name === m.context && c.migrationsProject === m.project && (c.startupProject === project.path || c.migrationsProject === project.path)));
      const need: AuditReport['matrix']['cells'][number]['need'] = !inHop
        ? 'none'
        : cellFindings.mandatory || cellMigrations.some((m) => m.warnings.length || m.handEdit)
          ? 'manual'
          : cellReview.length || cellFindings.recommended || cellMigrations.length
            ? 'review'
            : edits || cellFindings.informational
              ? 'automatic'
              : 'nothing';
      matrix.cells.push({ project: project.path, hop: hop.id, need, edits, review: cellReview.length, findings: cellFindings, migrations: cellMigrations.length });
    }
  }

  const files = [...run.result.files.values()].sort((a, b) => a.path.localeCompare(b.path));
  const totalMinutes = hops.reduce((s, h) => s + h.effort.minutes, 0) + items.reduce((s, i) => s + MINUTES.checklist[i.status], 0);
  return {
    auditSchemaVersion: AUDIT_SCHEMA_VERSION,
    tool: { name: 'idsrv-codemod', version: toolVersion() },
    target,
    solutions: run.solutions.map(rel).sort(),
    summary: {
      projects: projects.length,
      projectsToUpgrade: projects.filter((p) => p.hops.length).length,
      hops: hops.filter((h) => !h.fixup).length,
      automaticEdits: hops.reduce((s, h) => s + h.automaticEdits.count, 0),
      filesChanged: changedFiles.size,
      reviewEdits: review.length,
      findings: countBy(findings),
      migrations: database.migrations.length,
      checklist: { action: items.filter((i) => i.status === 'action').length, check: items.filter((i) => i.status === 'check').length, ok: items.filter((i) => i.status === 'ok').length },
      effort: effort(totalMinutes),
    },
    projects,
    hops,
    matrix,
    findings,
    review,
    database,
    checklist: items,
    files: {
      changed: files.filter((f) => f.status === 'changed').map((f) => rel(f.path)),
      skipped: files.filter((f) => f.status === 'skipped').map((f) => ({ path: rel(f.path), reason: clean(f.reason ?? '') })),
      errors: files.filter((f) => f.status === 'error').map((f) => ({ path: rel(f.path), reason: clean(f.reason ?? '') })),
    },
    notes: run.notes.map(clean),
  };
}
