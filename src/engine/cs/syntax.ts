/**
 * Small syntax queries over tree-sitter-c-sharp trees that many rules share: which type a name denotes, which
 * classes derive from a library type, constructors, parameters, arguments and references.
 *
 * There is no semantic model. A simple name `Scope` denotes the library's `IdentityServer4.Models.Scope` only when
 * the file can see that namespace (`fileSees`); a qualified name must spell the namespace out.
 */
import { walk, type Node } from '../csharp';
import type { FileContext } from '../rule';

/** A library type: `{ ns: 'Duende.IdentityServer.Services', name: 'DefaultProfileService' }`. */
export interface TypeName {
  ns: string;
  name: string;
}

export const fullName = (t: TypeName) => `${t.ns}.${t.name}`;

/** `a . b` and `global::a.b` as `a.b`. */
export function dotted(n: Node | string): string {
  return (typeof n === 'string' ? n : n.text).replace(/\s+/g, '').replace(/^global::/, '');
}

export function isQualified(n: Node): boolean {
  return n.type === 'qualified_name' || n.type === 'alias_qualified_name';
}

export function named(n: Node): Node[] {
  return n.namedChildren.filter((c): c is Node => !!c);
}

/** using directives at file level and inside namespace blocks, looking through `#if` branches. */
export function usingDirectives(root: Node): Node[] {
  const found: Node[] = [];
  walk(root, (n) => {
    if (n.type === 'using_directive') found.push(n);
    return n.type === 'compilation_unit' || n.type === 'namespace_declaration' || n.type === 'declaration_list' || n.type.startsWith('preproc_');
  });
  return found;
}

/** Targets of the plain `using N;` directives of the file (not static, not alias). */
export function plainUsings(root: Node): Set<string> {
  const out = new Set<string>();
  for (const u of usingDirectives(root)) {
    if (u.childForFieldName('name') || u.children.some((c) => c?.type === 'static')) continue;
    const target = named(u).find((c) => c.type === 'identifier' || isQualified(c));
    if (target) out.add(dotted(target));
  }
  return out;
}

/** Namespaces declared in the file (block and file-scoped), nested ones joined with their parents. */
export function declaredNamespaceNames(root: Node): string[] {
  const out: string[] = [];
  const visit = (n: Node, prefix: string): void => {
    for (const c of named(n)) {
      if (c.type === 'namespace_declaration' || c.type === 'file_scoped_namespace_declaration') {
        const name = c.childForFieldName('name');
        const full = name ? (prefix ? `${prefix}.${dotted(name)}` : dotted(name)) : prefix;
        out.push(full);
        const body = c.childForFieldName('body');
        if (body) visit(body, full);
      } else if (c.type.startsWith('preproc_')) visit(c, prefix);
    }
  };
  visit(root, '');
  return out;
}

/**
 * Whether simple names in the file resolve into namespace `ns`: a using (file or project), or a declaration in `ns`
 * or inside it (C# looks up names through enclosing namespaces).
 */
export function fileSees(ctx: FileContext, ns: string): boolean {
  const root = ctx.tree?.rootNode;
  if (!root) return false;
  if (ctx.project.usings.includes(ns) || plainUsings(root).has(ns)) return true;
  return declaredNamespaceNames(root).some((d) => d === ns || d.startsWith(ns + '.'));
}

/** The identifier of a simple or generic name (`Foo` of `Foo<T>`), else undefined. */
export function simpleIdentifier(n: Node): string | undefined {
  if (n.type === 'identifier') return n.text;
  if (n.type === 'generic_name') return named(n)[0]?.text;
  return undefined;
}

/** The type node without `?`, or the node itself. */
export function unwrapNullable(n: Node): Node {
  return n.type === 'nullable_type' ? (n.childForFieldName('type') ?? n) : n;
}

/**
 * Whether a type node (identifier, generic name, qualified name, `T?`) denotes `type`. `sees` caches
 * `fileSees(ctx, type.ns)` for simple names.
 */
export function namesType(node: Node, type: TypeName, sees: boolean): boolean {
  const n = unwrapNullable(node);
  const simple = simpleIdentifier(n);
  if (simple !== undefined) return sees && simple === type.name;
  if (!isQualified(n)) return false;
  const last = n.childForFieldName('name');
  const qualifier = n.childForFieldName('qualifier') ?? n.childForFieldName('alias');
  if (!last || !qualifier || simpleIdentifier(last) !== type.name) return false;
  return dotted(qualifier) === type.ns;
}

/**
 * A `TypeName` matcher for a file: resolves `fileSees` once per namespace. A simple name the file declares as a type of
 * its own (`class LoginPageResult` in the user's namespace) denotes that type, not the library's, so it never matches.
 */
export function typeMatcher(ctx: FileContext): (node: Node | null | undefined, type: TypeName) => boolean {
  const seen = new Map<string, boolean>();
  let own: Set<string> | undefined;
  return (node, type) => {
    if (!node) return false;
    let sees = seen.get(type.ns);
    if (sees === undefined) seen.set(type.ns, (sees = fileSees(ctx, type.ns)));
    // A type the file declares itself wins over one imported by a using: its simple name is the user's type.
    own ??= ctx.tree ? declaredTypeNames(ctx.tree.rootNode) : new Set();
    if (sees && own.has(type.name) && simpleIdentifier(unwrapNullable(node)) !== undefined) return false;
    return namesType(node, type, sees);
  };
}

const TYPE_DECLARATIONS = new Set(['class_declaration', 'struct_declaration', 'interface_declaration', 'record_declaration', 'enum_declaration', 'delegate_declaration']);

/** Simple names of the types (including nested ones) the file declares. */
export function declaredTypeNames(root: Node): Set<string> {
  const out = new Set<string>();
  walk(root, (n) => {
    if (TYPE_DECLARATIONS.has(n.type)) {
      const name = n.childForFieldName('name');
      if (name) out.add(name.text);
    }
    return !n.type.endsWith('_expression') && n.type !== 'block';
  });
  return out;
}

export type TypeDeclaration = Node; // class_declaration or record_declaration

/** The entries of a type declaration's base list (types, without a primary-constructor argument list). */
export function baseTypes(decl: Node): Node[] {
  const list = named(decl).find((c) => c.type === 'base_list');
  if (!list) return [];
  return named(list).flatMap((b) => (b.type === 'primary_constructor_base_type' ? named(b).slice(0, 1) : b.type === 'argument_list' ? [] : [b]));
}

/** Classes and records (including nested ones) whose base list names one of `types`. */
export function typesDerivingFrom(ctx: FileContext, types: readonly TypeName[]): { decl: Node; base: Node; type: TypeName }[] {
  const root = ctx.tree?.rootNode;
  if (!root) return [];
  const matches = typeMatcher(ctx);
  const out: { decl: Node; base: Node; type: TypeName }[] = [];
  walk(root, (n) => {
    if (n.type !== 'class_declaration' && n.type !== 'record_declaration' && n.type !== 'struct_declaration') return;
    for (const b of baseTypes(n)) {
      const type = types.find((t) => matches(b, t));
      if (type) {
        out.push({ decl: n, base: b, type });
        break;
      }
    }
  });
  return out;
}

export const declName = (decl: Node) => decl.childForFieldName('name')?.text ?? '?';

/** Members of a type declaration's body. */
export function membersOf(decl: Node): Node[] {
  const body = decl.childForFieldName('body');
  return body ? named(body) : [];
}

export function modifiersOf(member: Node): string[] {
  return named(member)
    .filter((c) => c.type === 'modifier')
    .map((c) => c.text);
}

export function paramsOf(list: Node | null | undefined): Node[] {
  return list ? named(list).filter((c) => c.type === 'parameter') : [];
}

export function argsOf(list: Node | null | undefined): Node[] {
  return list ? named(list).filter((c) => c.type === 'argument') : [];
}

/** The value of an argument, past a `name:` label and `ref`/`out`. */
export function argumentValue(arg: Node): Node | undefined {
  const parts = named(arg);
  return parts[parts.length - 1];
}

/** `name:` of a named argument. */
export function argumentName(arg: Node): string | undefined {
  return arg.childForFieldName('name')?.text;
}

/** `db` or `db!`. */
export function isPlainReference(value: Node | undefined, name: string): boolean {
  if (value?.type === 'postfix_unary_expression' && value.text.trimEnd().endsWith('!')) value = named(value)[0];
  return value?.type === 'identifier' && value.text === name;
}

export function isMemberName(n: Node): boolean {
  const parent = n.parent;
  return parent?.type === 'member_access_expression' && !!parent.childForFieldName('name')?.equals(n);
}

function declaresParameter(n: Node, name: string): boolean {
  const params = n.childForFieldName('parameters');
  if (!params) return false;
  if (params.type === 'implicit_parameter') return params.text === name;
  return params.type === 'parameter_list' && paramsOf(params).some((p) => p.childForFieldName('name')?.text === name);
}

/**
 * Identifiers spelled `name` in `scope`, other than `declaration`, `x.name` member names and code under nested
 * members or lambdas declaring a parameter of the same name (which shadows it). Over-counts on purpose.
 */
export function referencesTo(scope: Node, name: string, declaration?: Node): Node[] {
  const out: Node[] = [];
  walk(scope, (n) => {
    if ((declaration && n.equals(declaration)) || (!n.equals(scope) && declaresParameter(n, name))) return false;
    if (n.type === 'identifier' && n.text === name && !isMemberName(n)) out.push(n);
  });
  return out;
}

/** A constructor of a derived type and its call to the base constructor. */
export interface CtorSite {
  label: string;
  /** The parameter list node (for inserting parameters). */
  list?: Node;
  parameters: Node[];
  /** The argument list of the base call; undefined when there is none (implicit `base()`). */
  baseCall?: Node;
  /** Where a parameter could be used: the constructor, or the whole type for a primary constructor. */
  scope: Node;
}

/** Constructors (including a C# 12 primary constructor) that call the base constructor; `this(...)` chains are skipped. */
export function constructorsOf(decl: Node): CtorSite[] {
  const name = declName(decl);
  const sites: CtorSite[] = [];
  const primary = named(decl).find((c) => c.type === 'parameter_list');
  if (primary) {
    const list = named(decl).find((c) => c.type === 'base_list');
    const baseCall = list && named(list).flatMap((b) => (b.type === 'primary_constructor_base_type' ? named(b) : [b])).find((c) => c.type === 'argument_list');
    sites.push({ label: `${name} primary constructor`, list: primary, parameters: paramsOf(primary), baseCall, scope: decl });
  }
  for (const member of membersOf(decl)) {
    if (member.type !== 'constructor_declaration' || modifiersOf(member).includes('static')) continue;
    const init = named(member).find((c) => c.type === 'constructor_initializer');
    if (init?.children.some((c) => c?.type === 'this')) continue;
    const list = member.childForFieldName('parameters') ?? undefined;
    const baseCall = init ? named(init).find((c) => c.type === 'argument_list') : undefined;
    sites.push({ label: `${name} constructor`, list, parameters: paramsOf(list), baseCall, scope: member });
  }
  return sites;
}

/** Methods of a type declaration named `name`. */
export function methodsNamed(decl: Node, name: string): Node[] {
  return membersOf(decl).filter((m) => m.type === 'method_declaration' && m.childForFieldName('name')?.text === name);
}

/** Whether the node lies inside a string literal, comment or interpolated string text. */
export function inLiteral(n: Node): boolean {
  for (let p: Node | null = n; p; p = p.parent) {
    if (/string_literal|comment|string_content|character_literal/.test(p.type)) return true;
  }
  return false;
}
