/**
 * 7.1 retyped the first constructor parameter of Duende.IdentityServer.Configuration.ClientConfigurationStore
 * (and its protected DbContext field) from ConfigurationDbContext to IConfigurationDbContext (catalog §4.11 row 3).
 *
 * Matches: a class whose base list names ClientConfigurationStore (simple, or the full name, `global::` allowed),
 * and in it a constructor, or the class's C# 12 primary constructor, with a parameter typed ConfigurationDbContext
 * (simple, or Duende.IdentityServer.EntityFramework.DbContexts.ConfigurationDbContext) that goes straight into the
 * base call: `: base(db, ...)`, or `: ClientConfigurationStore(db, ...)` for a primary constructor.
 * Rewrites: the parameter's type name only; `using Duende.IdentityServer.EntityFramework.Interfaces;` is added when
 * the simple name was written and the file lacks that using.
 * Reports instead: a parameter the base call does not receive as is, or one the constructor (or, for a primary
 * constructor, the class body) also uses elsewhere, where a retype could break that other use.
 * Constructors chaining to `this(...)` are left to the constructor they chain to.
 */
import { walk, type Node } from '../../src/engine/csharp';
import { addUsings } from '../../src/engine/namespace-rename';
import type { FileContext, FileRule } from '../../src/engine/rule';
import { fileSees } from '../../src/engine/cs/syntax';

const BASE_NAME = 'ClientConfigurationStore';
const BASE_FULL = 'Duende.IdentityServer.Configuration.ClientConfigurationStore';
const OLD_TYPE = 'ConfigurationDbContext';
const OLD_FULL = 'Duende.IdentityServer.EntityFramework.DbContexts.ConfigurationDbContext';
const NEW_TYPE = 'IConfigurationDbContext';
const NEW_NAMESPACE = 'Duende.IdentityServer.EntityFramework.Interfaces';

const rule: FileRule = {
  id: '7.0-7.1/client-configuration-store-ctor',
  title: 'ClientConfigurationStore subclasses: constructor takes IConfigurationDbContext',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_0-to-v7_1',
  kind: 'fix',
  catalog: ['4.11#3'],
  reads: ['csharp'],
  triggers: [BASE_NAME],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    let needsUsing = false;
    // A simple base name is Duende's only where the file sees its namespace (else it is the user's own class).
    const sees = fileSees(ctx, 'Duende.IdentityServer.Configuration');
    walk(root, (n) => {
      if (n.type !== 'class_declaration' || !derivesFromStore(n, sees)) return;
      for (const site of constructorsOf(n)) {
        for (const p of site.parameters) {
          const type = oldTypeOf(p);
          const name = p.childForFieldName('name')?.text;
          if (!type || !name) continue;
          const forwarded = site.baseArgs?.some((a) => isPlainReference(argumentValue(a), name)) ?? false;
          const uses = referencesTo(site.scope, name, p);
          if (forwarded && uses === 1) {
            retype(ctx, type);
            if (type.type === 'identifier') needsUsing = true;
          } else {
            const why = forwarded ? `is also used outside the base call, where ${NEW_TYPE} may not do` : 'is not passed as is to the base constructor';
            ctx.report(p, `${site.label}: parameter '${name}' (${OLD_TYPE}) ${why}; since 7.1 the ${BASE_NAME} base constructor and its protected DbContext field take ${NEW_TYPE}`, {
              severity: 'warning',
              suggestion: `Retype '${name}' to ${NEW_TYPE} (namespace ${NEW_NAMESPACE}) where its other uses allow it; a ${OLD_TYPE} still converts to ${NEW_TYPE}, so passing it on unchanged also compiles`,
            });
          }
        }
      }
    });
    if (needsUsing && !hasUsing(root, NEW_NAMESPACE) && !ctx.project.usings.includes(NEW_NAMESPACE)) addUsings(ctx, [NEW_NAMESPACE]);
  },
};

export default rule;

// ---- matching ----

/** `a . b` and `global::a.b` written without spaces or the alias. */
function dotted(n: Node): string {
  return n.text.replace(/\s+/g, '').replace(/^global::/, '');
}

function derivesFromStore(cls: Node, sees: boolean): boolean {
  const bases = cls.namedChildren.find((c) => c?.type === 'base_list');
  return !!bases?.namedChildren.some((b) => !!b && (b.type === 'identifier' ? sees && b.text === BASE_NAME : isQualified(b) && dotted(b) === BASE_FULL));
}

function isQualified(n: Node): boolean {
  return n.type === 'qualified_name' || n.type === 'alias_qualified_name';
}

/** The node to rewrite when a parameter is declared with the old type (`ConfigurationDbContext?` included). */
function oldTypeOf(param: Node): Node | undefined {
  let t = param.childForFieldName('type');
  if (t?.type === 'nullable_type') t = t.childForFieldName('type');
  if (!t) return undefined;
  if (t.type === 'identifier' && t.text === OLD_TYPE) return t;
  if (isQualified(t) && dotted(t) === OLD_FULL) return t;
  return undefined;
}

interface CtorSite {
  label: string;
  parameters: Node[];
  /** Arguments of the base call; undefined when the constructor chains to `this(...)`. */
  baseArgs?: Node[];
  /** Where a parameter could be used: the constructor, or the whole class for a primary constructor. */
  scope: Node;
}

function constructorsOf(cls: Node): CtorSite[] {
  const className = cls.childForFieldName('name')?.text ?? '?';
  const sites: CtorSite[] = [];
  const primary = cls.namedChildren.find((c) => c?.type === 'parameter_list');
  if (primary) {
    const baseCall = cls.namedChildren.find((c) => c?.type === 'base_list')?.namedChildren.find((c) => c?.type === 'argument_list');
    sites.push({ label: `${className} primary constructor`, parameters: paramsOf(primary), baseArgs: baseCall ? argsOf(baseCall) : [], scope: cls });
  }
  const body = cls.childForFieldName('body');
  for (const member of body?.namedChildren ?? []) {
    if (member?.type !== 'constructor_declaration') continue;
    const list = member.childForFieldName('parameters');
    const init = member.namedChildren.find((c) => c?.type === 'constructor_initializer');
    if (init?.children.some((c) => c?.type === 'this')) continue;
    const call = init?.namedChildren.find((c) => c?.type === 'argument_list');
    sites.push({ label: `${className} constructor`, parameters: list ? paramsOf(list) : [], baseArgs: call ? argsOf(call) : [], scope: member });
  }
  return sites;
}

function paramsOf(list: Node): Node[] {
  return list.namedChildren.filter((c): c is Node => c?.type === 'parameter');
}

function argsOf(list: Node): Node[] {
  return list.namedChildren.filter((c): c is Node => c?.type === 'argument');
}

/** The value of an argument, past a `name:` label. */
function argumentValue(arg: Node): Node | undefined {
  const named = arg.namedChildren.filter((c): c is Node => !!c);
  return named[named.length - 1];
}

/** `db` or `db!`. */
function isPlainReference(value: Node | undefined, name: string): boolean {
  if (value?.type === 'postfix_unary_expression' && value.text.trimEnd().endsWith('!')) value = value.namedChildren[0] ?? undefined;
  return value?.type === 'identifier' && value.text === name;
}

/**
 * Identifiers spelled like the parameter in its scope, other than its declaration, `x.name` member names and
 * nested members or lambdas that declare a parameter of the same name (which shadows it). Over-counts on purpose.
 */
function referencesTo(scope: Node, name: string, declaration: Node): number {
  let count = 0;
  walk(scope, (n) => {
    if (n.equals(declaration) || (!n.equals(scope) && declaresParameter(n, name))) return false;
    if (n.type === 'identifier' && n.text === name && !isMemberName(n)) count++;
  });
  return count;
}

function declaresParameter(n: Node, name: string): boolean {
  const params = n.childForFieldName('parameters');
  if (!params) return false;
  if (params.type === 'implicit_parameter') return params.text === name;
  return params.type === 'parameter_list' && paramsOf(params).some((p) => p.childForFieldName('name')?.text === name);
}

function isMemberName(n: Node): boolean {
  const parent = n.parent;
  return parent?.type === 'member_access_expression' && !!parent.childForFieldName('name')?.equals(n);
}

// ---- rewriting ----

function retype(ctx: FileContext, type: Node): void {
  if (type.type === 'identifier') {
    ctx.edit(type.startIndex, type.endIndex, NEW_TYPE);
    return;
  }
  // Qualified: replace `DbContexts.ConfigurationDbContext`, keeping `global::Duende.IdentityServer.EntityFramework.` as written.
  const qualifier = type.childForFieldName('qualifier');
  const namespaceTail = qualifier?.childForFieldName('name');
  if (namespaceTail) ctx.edit(namespaceTail.startIndex, type.endIndex, `Interfaces.${NEW_TYPE}`);
}

/** using directives at file level and inside namespace blocks (where usings may appear). */
function usingsOf(root: Node): Node[] {
  const found: Node[] = [];
  walk(root, (n) => {
    if (n.type === 'using_directive') found.push(n);
    return n.type === 'compilation_unit' || n.type === 'namespace_declaration' || n.type === 'declaration_list' || n.type === 'using_directive';
  });
  return found;
}

function hasUsing(root: Node, ns: string): boolean {
  return usingsOf(root).some((u) => {
    if (u.childForFieldName('name') || u.children.some((c) => c?.type === 'static')) return false;
    const target = u.namedChildren.find((c) => !!c && (c.type === 'identifier' || isQualified(c)));
    return !!target && dotted(target) === ns;
  });
}
