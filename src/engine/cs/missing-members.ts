/**
 * Custom implementations of a library interface that gained a member: classes whose base list names the interface
 * (impl signal) and that declare no member of that name. A class that also derives from the library's own
 * implementation (listed in `inheritsFrom`) gets the member from there and is left alone.
 */
import type { Node } from '../csharp';
import type { FileContext } from '../rule';
import { baseTypes, membersOf, typeMatcher, typesDerivingFrom, type TypeName } from './syntax';

export interface Implementer {
  decl: Node;
  /** The base-list entry naming the interface (where to report). */
  base: Node;
}

export function implementersLacking(ctx: FileContext, iface: TypeName, member: string, inheritsFrom: readonly TypeName[] = []): Implementer[] {
  const matches = typeMatcher(ctx);
  const out: Implementer[] = [];
  for (const { decl, base } of typesDerivingFrom(ctx, [iface])) {
    if (baseTypes(decl).some((b) => inheritsFrom.some((t) => matches(b, t)))) continue;
    if (membersOf(decl).some((m) => declaredName(m) === member)) continue;
    out.push({ decl, base });
  }
  return out;
}

/** Name of a method, property, field or event member (explicit interface implementations included). */
export function declaredName(m: Node): string | undefined {
  const name = m.childForFieldName('name');
  if (name) return name.text;
  if (m.type === 'field_declaration' || m.type === 'event_field_declaration') {
    const decl = m.namedChildren.find((c) => c?.type === 'variable_declaration');
    const v = decl?.namedChildren.find((c) => c?.type === 'variable_declarator');
    return v?.childForFieldName('name')?.text ?? v?.namedChildren[0]?.text;
  }
  return undefined;
}
