/** `audit` outputs: the format follows the file extension (.md, .json, .sarif, .html); several files may be asked for. */
import fs from 'node:fs';
import path from 'node:path';
import type { AuditReport } from '../../audit/model';
import type { Rule } from '../../engine/rule';
import { InputError } from '../../scan/discover';
import { auditHtml } from './html';
import { auditMarkdown } from './markdown';
import { auditSarif } from './sarif';

export { auditMarkdown } from './markdown';
export { auditHtml } from './html';
export { auditSarif } from './sarif';

export const REPORT_FORMATS = ['.md', '.json', '.sarif', '.html'] as const;

/** The report's JSON text (schemas/audit.schema.json). */
export function auditJson(r: AuditReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}

export function renderAudit(r: AuditReport, rules: Rule[], format: (typeof REPORT_FORMATS)[number]): string {
  switch (format) {
    case '.md':
      return auditMarkdown(r);
    case '.json':
      return auditJson(r);
    case '.sarif':
      return JSON.stringify(auditSarif(r, rules), null, 2) + '\n';
    case '.html':
      return auditHtml(r);
  }
}

export function formatOf(file: string): (typeof REPORT_FORMATS)[number] {
  const ext = path.extname(file).toLowerCase();
  const found = REPORT_FORMATS.find((f) => f === ext || (f === '.md' && ext === '.markdown') || (f === '.html' && ext === '.htm') || (f === '.sarif' && file.toLowerCase().endsWith('.sarif.json')));
  if (!found) throw new InputError(`--report ${file}: unknown format; name the file .md, .json, .sarif or .html`);
  return file.toLowerCase().endsWith('.sarif.json') ? '.sarif' : found;
}

/** Checks every --report name before anything is read, so a typo fails fast. */
export function checkReportFiles(files: string[]): void {
  for (const f of files) formatOf(f);
}

export function writeReports(r: AuditReport, rules: Rule[], files: string[]): void {
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.resolve(f)), { recursive: true });
    fs.writeFileSync(f, renderAudit(r, rules, formatOf(f)));
  }
}
