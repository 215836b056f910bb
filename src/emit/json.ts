/** Machine-readable summary of a run (schema version 1, documented in README.md). */
import path from 'node:path';
import type { PipelineResult } from '../pipeline';

export function toJson(run: PipelineResult, extra: { applied: boolean }) {
  const rel = (p: string) => path.relative(run.root, p).split(path.sep).join('/');
  const files = [...run.result.files.values()].sort((a, b) => a.path.localeCompare(b.path));
  return {
    schemaVersion: 1,
    target: run.target,
    projects: run.plans.map((p) => ({
      path: rel(p.project.path),
      role: p.role,
      frameworks: p.project.frameworks,
      version: p.version ?? null,
      hops: p.hops.map((h) => h.id),
      packages: p.project.packages.map((pkg) => ({
        id: pkg.id,
        spec: pkg.spec ?? null,
        effective: pkg.effective ?? null,
        effectiveFrom: pkg.effectiveFrom ?? null,
        unresolved: pkg.unresolved ?? null,
        frameworks: pkg.frameworks ?? null,
        declared: pkg.versionSite ? { file: rel(pkg.versionSite.file), line: pkg.versionSite.line, viaProperty: pkg.viaProperty ?? null } : null,
      })),
      notes: [...p.notes, ...p.project.notes],
    })),
    hops: run.result.hops.map((h) => ({ id: h.hop.id, projects: h.projects, edits: h.edits, findings: h.findings })),
    files: files.map((f) => ({ path: rel(f.path), status: f.status, reason: f.reason ?? null, edits: f.edits.map((e) => ({ ruleId: e.ruleId, hop: e.hop, line: e.line })) })),
    findings: run.result.findings,
    review: run.result.review,
    notes: run.notes,
    changes: files.some((f) => f.status === 'changed'),
    applied: extra.applied,
  };
}
