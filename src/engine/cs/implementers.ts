/**
 * Findings for classes that implement a changed interface (or derive from a changed default implementation): which
 * of their methods carry an old signature, and which new members they lack. Data in, one finding per class out.
 */
import type { Node } from '../csharp';
import type { FileContext, Severity } from '../rule';
import { declName, methodsNamed, paramsOf, typesDerivingFrom, type TypeName } from './syntax';

export interface ContractChange {
  /** Interfaces (implementers) or base classes (derived classes) the change applies to. */
  types: TypeName[];
  /** Members whose signature changed: reported when the class declares them and `stale` (if given) says the declaration is the old one. */
  changed?: { name: string; now: string; stale?: (method: Node) => boolean }[];
  /** Members the interface gained: reported when the class declares none of that name. */
  added?: { name: string; signature: string }[];
  /** Only check `added` for classes whose base list names these (interfaces, not base classes that implement them already). */
  addedOnlyFor?: TypeName[];
  message: string;
  severity?: Severity;
}

/** One finding per class with something to change: at the first stale method, else at the class name. */
export function reportContractChanges(ctx: FileContext, changes: readonly ContractChange[]): void {
  for (const change of changes) {
    for (const { decl, type } of typesDerivingFrom(ctx, change.types)) {
      const stale: { node: Node; text: string }[] = [];
      for (const c of change.changed ?? []) {
        for (const m of methodsNamed(decl, c.name)) if (!c.stale || c.stale(m)) stale.push({ node: m.childForFieldName('name') ?? m, text: c.now });
      }
      const checkAdded = !change.addedOnlyFor || change.addedOnlyFor.includes(type);
      const missing = checkAdded ? (change.added ?? []).filter((a) => methodsNamed(decl, a.name).length === 0) : [];
      if (!stale.length && !missing.length) continue;
      const todo = [...stale.map((s) => `change to ${s.text}`), ...missing.map((m) => `add ${m.signature}`)];
      ctx.report(stale[0]?.node ?? decl.childForFieldName('name') ?? decl, `${declName(decl)}: ${change.message}`, {
        severity: change.severity ?? 'warning',
        suggestion: [...new Set(todo)].join('; '),
      });
    }
  }
}

/** A method whose parameter count is `n`. */
export const paramCount = (n: number) => (m: Node) => paramsOf(m.childForFieldName('parameters')).length === n;

/** A method whose parameter at `index` is declared with a type whose text (without spaces) matches `re`. */
export const paramType = (index: number, re: RegExp) => (m: Node) => re.test(paramsOf(m.childForFieldName('parameters'))[index]?.childForFieldName('type')?.text.replace(/\s+/g, '') ?? '');

/** A method whose return type text (without spaces) matches `re`. */
export const returnType = (re: RegExp) => (m: Node) => re.test((m.childForFieldName('returns') ?? m.childForFieldName('type'))?.text.replace(/\s+/g, '') ?? '');
