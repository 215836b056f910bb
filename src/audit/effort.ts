/**
 * Effort estimate: a deliberately simple, documented heuristic (README "Effort"), meant to size an upgrade, not to
 * plan it to the hour. Minutes:
 *
 * - each finding: mandatory 30, recommended 15, informational 5 (a rule may set its own `audit.effortMinutes`);
 * - each edit to review: 10;
 * - each file changed automatically: 2 (reading its diff);
 * - each project in a hop: 30 (build, run the tests, try a login);
 * - each EF migration (hop × DbContext): 60, plus 120 per data-loss warning or hand edit;
 * - checklist: 60 per "action" item, 15 per "check" item.
 *
 * Totals are rounded up to the half hour; size S < 4 h, M < 16 h, L < 40 h, XL beyond.
 */
import type { AuditSeverity } from '../engine/rule';
import type { ChecklistStatus, Effort } from './model';

export const MINUTES = {
  finding: { mandatory: 30, recommended: 15, informational: 5 } as Record<AuditSeverity, number>,
  review: 10,
  changedFile: 2,
  projectPerHop: 30,
  migration: 60,
  migrationWarning: 120,
  checklist: { action: 60, check: 15, ok: 0 } as Record<ChecklistStatus, number>,
};

export function effort(minutes: number): Effort {
  const hours = Math.ceil(minutes / 30) / 2;
  const size = hours < 4 ? 'S' : hours < 16 ? 'M' : hours < 40 ? 'L' : 'XL';
  return { minutes, hours, size };
}
