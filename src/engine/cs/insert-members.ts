/**
 * Appending members to a type declaration (for stubs of members an interface gained): after the last member, at that
 * member's indentation, separated by a blank line; into an empty body, one level deeper than the type.
 * Lines are given without indentation or line ends; the file's own line end is used.
 */
import type { Node } from '../csharp';
import type { FileContext } from '../rule';
import { indentAt } from '../../util/text';
import { addUsings } from '../namespace-rename';
import { baseTypes, declName, fileSees, membersOf, modifiersOf, named, typesDerivingFrom, type TypeName } from './syntax';

export function appendMembers(ctx: FileContext, decl: Node, lines: string[]): boolean {
  const body = decl.childForFieldName('body');
  if (!body) return false;
  const close = body.children[body.children.length - 1];
  if (close?.type !== '}') return false;
  const members = named(body).filter((c) => c.type !== 'comment' && !c.type.startsWith('preproc'));
  const last = members[members.length - 1];
  const typeIndent = indentAt(ctx.text, decl.startIndex);
  const unit = typeIndent.includes('\t') || /\n\t/.test(ctx.text) ? '\t' : '    ';
  const indent = last ? indentAt(ctx.text, last.startIndex) : typeIndent + unit;
  const block = lines.map((l) => (l ? indent + l : '')).join(ctx.eol);
  if (last) {
    ctx.edit(last.endIndex, last.endIndex, ctx.eol + ctx.eol + block);
    return true;
  }
  const open = body.children[0];
  if (open?.type !== '{' || ctx.text.slice(open.endIndex, close.startIndex).trim()) return false;
  ctx.edit(open.endIndex, close.startIndex, ctx.eol + block + ctx.eol + typeIndent);
  return true;
}

export interface InterfaceStubs {
  /** The interface that gained members. */
  iface: TypeName;
  /** Members by name, and their stub text (lines). A class that already declares a member of that name keeps its own. */
  members: { name: string; lines: string[] }[];
  /** Namespaces the stubs need (added as usings where the file does not see them). */
  usings: string[];
  /** Finding at the class: what was added (or, when nothing could be added, what to add). */
  added: (className: string, names: string[]) => string;
  suggestion: string;
}

const looksLikeInterface = (n: Node) => /^I[A-Z]/.test(n.type === 'qualified_name' ? (n.childForFieldName('name')?.text ?? '') : n.text);

/**
 * Adds stubs of members an interface gained to the classes whose base list names it, and reports each class. A class
 * whose base list starts with a base class (not an `I…` name) is only reported: the base class may implement the
 * members already, and a stub would re-implement them. So is a partial class (another part may declare them).
 */
export function addInterfaceStubs(ctx: FileContext, spec: InterfaceStubs): void {
  const usings = new Set<string>();
  for (const { decl, base } of typesDerivingFrom(ctx, [spec.iface])) {
    if (decl.type === 'struct_declaration') continue;
    const declared = new Set(membersOf(decl).map((m) => m.childForFieldName('name')?.text));
    const missing = spec.members.filter((m) => !declared.has(m.name));
    if (!missing.length) continue;
    const bases = baseTypes(decl);
    const name = declName(decl);
    const own = bases.slice(0, bases.findIndex((b) => b.equals(base))).every(looksLikeInterface) && !modifiersOf(decl).includes('partial');
    const lines = missing.flatMap((m, i) => (i ? ['', ...m.lines] : m.lines));
    if (own && appendMembers(ctx, decl, lines)) {
      for (const ns of spec.usings) usings.add(ns);
      ctx.report(decl.childForFieldName('name') ?? decl, spec.added(name, missing.map((m) => m.name)), { severity: 'warning', suggestion: spec.suggestion });
    } else {
      ctx.report(decl.childForFieldName('name') ?? decl, `${name} implements ${spec.iface.name}, which gains ${missing.map((m) => m.name).join(', ')} in 8.0; not added automatically (a base class or another part of the class may declare them)`, {
        severity: 'warning',
        suggestion: spec.suggestion,
      });
    }
  }
  const missing = [...usings].filter((ns) => !fileSees(ctx, ns));
  if (missing.length) addUsings(ctx, missing);
}
