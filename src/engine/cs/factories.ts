/**
 * Rules as data. Most catalog rows are one of a few shapes: a base constructor changed, a type was removed or
 * replaced, a member was renamed, a member was removed. These factories turn a row's facts into a FileRule, so a
 * rule module is the row's metadata and facts and nothing else.
 */
import type { FileContext, FileRule, Severity } from '../rule';
import { applyCtorChanges, type CtorChange } from './ctor-change';
import { derivedMethods, initializerMembers, typeReferences } from './occurrences';
import { memberUsesOn } from './receivers';
import { lineCol } from '../../util/text';
import type { TypeName } from './syntax';
import { callsNamed, type Call } from './calls';

export type RuleMeta = Pick<FileRule, 'id' | 'title' | 'docs' | 'catalog' | 'appliesTo'> & { triggers?: string[] };

/** Constructor changes of derived classes (catalog §5). Edits are AUTO unless `review` is set. */
export function ctorChangeRule(meta: RuleMeta & { changes: CtorChange[]; review?: boolean; usingFor?: (ns: string) => string }): FileRule {
  return {
    ...meta,
    kind: 'fix',
    review: meta.review,
    reads: ['csharp'],
    triggers: meta.triggers ?? [...new Set(meta.changes.flatMap((c) => c.base.map((b) => b.name)))],
    run: (ctx) => void applyCtorChanges(ctx, meta.changes, { review: meta.review, usingFor: meta.usingFor }),
  };
}

export interface TypeFinding {
  type: TypeName;
  message: string;
  suggestion?: string;
  severity?: Severity;
}

/** A finding at each line that names one of the types (removed, replaced or changed in a way that needs a human). */
export function typeFindingRule(meta: RuleMeta & { types: TypeFinding[] }): FileRule {
  return {
    ...meta,
    kind: 'finding',
    reads: ['csharp'],
    triggers: meta.triggers ?? [...new Set(meta.types.map((t) => t.type.name))],
    run(ctx) {
      for (const t of meta.types) reportOncePerLine(ctx, typeReferences(ctx, t.type).map((n) => n.startIndex), t);
    },
  };
}

export interface MemberFinding {
  /** Receiver types (call(recv:T) signal) whose member is meant. */
  on: TypeName[];
  member: string;
  message: string;
  suggestion?: string;
  severity?: Severity;
  /** Also report overrides / implementations of the member in types deriving from `on`. */
  declarations?: boolean;
}

/** A finding at each use of a member on a receiver declared with one of the types (and, optionally, its overrides). */
export function memberFindingRule(meta: RuleMeta & { members: MemberFinding[] }): FileRule {
  return {
    ...meta,
    kind: 'finding',
    reads: ['csharp'],
    triggers: meta.triggers ?? [...new Set(meta.members.map((m) => m.member))],
    run(ctx) {
      for (const m of meta.members) {
        const at = memberUsesOn(ctx, m.on, m.member).map((u) => u.name.startIndex);
        if (m.declarations) at.push(...derivedMethods(ctx, m.on, m.member, false).map((d) => d.name.startIndex));
        if (m.declarations) at.push(...initializerMembers(ctx, m.on, [m.member]).map((i) => i.name.startIndex));
        reportOncePerLine(ctx, at, m);
      }
    },
  };
}

export interface MemberRename {
  on: TypeName[];
  from: string;
  to: string;
  /** Where to rename: uses on declared receivers (HEUR), `override`s / implementations in derived types (AUTO), `new T { From = … }` (AUTO). */
  at: ('calls' | 'overrides' | 'implementations' | 'initializers')[];
}

/** Renames a member where the signal is visible; uses on receivers are listed for review. */
export function memberRenameRule(meta: RuleMeta & { renames: MemberRename[] }): FileRule {
  return {
    ...meta,
    kind: 'fix',
    reads: ['csharp'],
    triggers: meta.triggers ?? [...new Set(meta.renames.map((r) => r.from))],
    run(ctx) {
      for (const r of meta.renames) {
        if (r.at.includes('calls')) for (const u of memberUsesOn(ctx, r.on, r.from)) ctx.edit(u.name.startIndex, u.name.startIndex + r.from.length, r.to, { review: true });
        const declared = [
          ...(r.at.includes('overrides') ? derivedMethods(ctx, r.on, r.from, true) : []),
          ...(r.at.includes('implementations') ? derivedMethods(ctx, r.on, r.from, false) : []),
        ];
        const seen = new Set<number>();
        for (const d of declared) {
          if (seen.has(d.name.startIndex)) continue;
          seen.add(d.name.startIndex);
          ctx.edit(d.name.startIndex, d.name.endIndex, r.to);
        }
        if (r.at.includes('initializers')) for (const i of initializerMembers(ctx, r.on, [r.from])) ctx.edit(i.name.startIndex, i.name.endIndex, r.to);
      }
    },
  };
}

/**
 * Behaviour that changed without an API change (documented in the upgrade guide): one info finding where the host
 * configures IdentityServer (`AddIdentityServer(` call), so the note lands in the file a human must review.
 */
export function behaviourNoteRule(meta: RuleMeta & { message: string; suggestion?: string; severity?: Severity; at?: string }): FileRule {
  const method = meta.at ?? 'AddIdentityServer';
  return {
    ...meta,
    kind: 'finding',
    reads: ['csharp'],
    triggers: meta.triggers ?? [method],
    actsWithoutLibraryNamespace: true, // AddIdentityServer() and its kin live in Microsoft.Extensions.DependencyInjection
    run(ctx) {
      for (const { name } of invocationsNamed(ctx, method)) ctx.report(name, meta.message, { severity: meta.severity ?? 'info', suggestion: meta.suggestion });
    },
  };
}

/** Invocations `x.Name(...)`, `Name(...)` and `Name<T>(...)` of a method by simple name (see `callsNamed`). */
export function invocationsNamed(ctx: FileContext, name: string): Call[] {
  return ctx.tree ? callsNamed(ctx.tree.rootNode, name) : [];
}

/** Reports at each offset, but once per line for the same message. */
export function reportOncePerLine(ctx: FileContext, offsets: number[], f: { message: string; suggestion?: string; severity?: Severity }): void {
  const lines = new Set<number>();
  for (const at of offsets.sort((a, b) => a - b)) {
    const line = lineCol(ctx.text, at).line;
    if (lines.has(line)) continue;
    lines.add(line);
    ctx.report(at, f.message, { severity: f.severity ?? 'warning', suggestion: f.suggestion });
  }
}
