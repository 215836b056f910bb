/**
 * The audit as SARIF 2.1.0 for code-scanning tools: one `rule` per codemod rule (with its help URI), one `result`
 * per finding and one per edit to review. Locations are relative to the audited folder (uriBaseId SRCROOT).
 */
import type { AuditReport } from '../../audit/model';
import { ruleHop, type Rule } from '../../engine/rule';

export const TOOL_URI = 'https://github.com/idsrv-codemod/idsrv-codemod';
const LEVEL = { mandatory: 'error', recommended: 'warning', informational: 'note' } as const;

export function auditSarif(r: AuditReport, rules: Rule[]) {
  const sorted = [...rules].sort((a, b) => a.id.localeCompare(b.id));
  const index = new Map(sorted.map((rule, i) => [rule.id, i]));
  const location = (file: string, line: number, column?: number) => [
    { physicalLocation: { artifactLocation: { uri: encodeURI(file).replace(/[?#]/g, encodeURIComponent), uriBaseId: 'SRCROOT' }, region: { startLine: line, ...(column ? { startColumn: column } : {}) } } },
  ];
  const ruleRef = (id: string) => (index.has(id) ? { ruleId: id, ruleIndex: index.get(id)! } : { ruleId: id });
  const results = [
    ...r.findings.map((f) => ({
      ...ruleRef(f.ruleId),
      level: LEVEL[f.severity],
      message: { text: f.suggestion ? `${f.message} Suggested: ${f.suggestion}` : f.message },
      locations: location(f.file, f.line, f.column),
      properties: { hop: f.hop, severity: f.severity, effortMinutes: f.effortMinutes },
    })),
    ...r.review.map((e) => ({
      ...ruleRef(e.ruleId),
      // SARIF 2.1.0 §3.27.10: a result whose kind is not "fail" has level "none".
      level: 'none' as const,
      kind: 'review' as const,
      message: { text: `Automatic edit made from a heuristic by ${e.ruleId} (hop ${e.hop}): review it.` },
      locations: location(e.file, e.line),
      properties: { hop: e.hop, severity: 'review' },
    })),
  ];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'idsrv-codemod',
            version: r.tool.version,
            informationUri: TOOL_URI,
            rules: sorted.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')),
              shortDescription: { text: rule.title },
              helpUri: rule.docs,
              help: { text: `${rule.title}. Upgrade guide: ${rule.docs}` },
              defaultConfiguration: { level: rule.kind === 'fix' ? 'note' : 'warning' },
              properties: { hop: ruleHop(rule), kind: rule.kind, catalog: rule.catalog ?? [] },
            })),
          },
        },
        // The audited folder: locations are relative to it; no absolute path is written (the report is portable).
        originalUriBaseIds: { SRCROOT: { description: { text: 'The solution folder given to idsrv-codemod audit.' } } },
        columnKind: 'utf16CodeUnits' as const,
        properties: { target: `${r.target.line} (${r.target.version})` },
        results,
      },
    ],
  };
}
