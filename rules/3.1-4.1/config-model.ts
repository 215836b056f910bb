/**
 * The 4.x configuration model (catalog §4.1 rows 1 and 4).
 *
 * Row 1: `Models.Scope` is gone; API scopes are top-level `ApiScope`s and `ApiResource.Scopes` lists scope names.
 * In 3.1 an `ApiResource` built with a name (`new ApiResource("api1", "My API")`) also got a scope of that name and
 * display name from its constructor; in 4.x it gets none. To keep what 3.1 did:
 *   - `new ApiResource("api1", "My API") { Scopes = { new Scope("api1.read"), new Scope { Name = "api1.write" } } }`
 *     becomes `new ApiResource("api1", "My API") { Scopes = { "api1", "api1.read", "api1.write" } }` (a collection
 *     initializer adds to the constructor's scope; `Scopes = new List<Scope> { … }` replaces it, so it becomes
 *     `new List<string> { … }` without the implicit name);
 *   - `new ApiResource("api1", "My API")` alone becomes `new ApiResource("api1", "My API") { Scopes = { "api1" } }`;
 *   - the class holding these resources gets an `ApiScopes` property listing one `ApiScope` per scope: the moved
 *     `new Scope(...)` expressions renamed to `ApiScope` (same constructor shapes and properties), and
 *     `new ApiScope("api1", "My API")` for the implicit one. Review edits; an info finding says to register them.
 * It rewrites only when every name involved is a string literal, every `Scope` expression stands on its own (it uses
 * no parameter or local of the member it sits in), the resources sit in a member of a class that declares no
 * `ApiScopes` yet, and the file names the 3.1 types (a using of IdentityServer4.Models or qualified names).
 * Anything else is a finding with the replacement to make. Other uses of `Scope`, and `new Resources(identity, apis)`
 * (which gained an `apiScopes` parameter), are findings.
 *
 * Row 4: the constructor parameter `claimTypes` of ApiResource and IdentityResource (and of Scope → ApiScope) is now
 * `userClaims`: named arguments `claimTypes:` are renamed (AUTO).
 */
import { walk, type Node } from '../../src/engine/csharp';
import type { FileContext, FileRule } from '../../src/engine/rule';
import { addInitializerMember, declaringType, enclosingMember, indentUnit } from '../../src/engine/cs/layout';
import { typeReferences } from '../../src/engine/cs/occurrences';
import { argsOf, argumentName, argumentValue, fileSees, isQualified, membersOf, modifiersOf, named, typeMatcher, type TypeName } from '../../src/engine/cs/syntax';
import { indentAt } from '../../src/util/text';

const MODELS = 'IdentityServer4.Models';
const T = (name: string): TypeName => ({ ns: MODELS, name });
const API_RESOURCE = T('ApiResource');
const IDENTITY_RESOURCE = T('IdentityResource');
const SCOPE = T('Scope');
const RESOURCES = T('Resources');
const DOCS = 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/';

interface ScopeDef {
  /** The scope name as a C# string literal. */
  name: string;
  /** `new ApiScope(...)` text, one line or several (continuation lines relative to column 0). */
  lines: string[];
}

interface Plan {
  creation: Node;
  member: Node;
  cls: Node;
  defs: ScopeDef[];
  apply(): void;
}

const rule: FileRule = {
  id: '3.1-4.1/config-model',
  title: 'Scope becomes ApiScope; ApiResource.Scopes holds scope names; claimTypes: becomes userClaims:',
  docs: DOCS,
  kind: 'fix',
  catalog: ['4.1#1', '4.1#4'],
  reads: ['csharp'],
  triggers: ['ApiResource', 'IdentityResource', 'Scope', 'Resources'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const matches = typeMatcher(ctx);
    const creations: Node[] = [];
    walk(root, (n) => {
      if (n.type === 'object_creation_expression') creations.push(n);
    });

    // Row 4: claimTypes: → userClaims:
    for (const c of creations) {
      const t = c.childForFieldName('type');
      if (!matches(t, API_RESOURCE) && !matches(t, IDENTITY_RESOURCE)) continue;
      for (const a of argsOf(c.childForFieldName('arguments'))) {
        const label = a.childForFieldName('name');
        if (label?.text === 'claimTypes') ctx.edit(label.startIndex, label.endIndex, 'userClaims');
      }
    }

    // Row 1: API resources and their scopes.
    const apiScopeType = fileSees(ctx, MODELS) ? 'ApiScope' : `${MODELS}.ApiScope`;
    const handled: Node[] = [];
    const plans: Plan[] = [];
    for (const c of creations) {
      if (!matches(c.childForFieldName('type'), API_RESOURCE)) continue;
      const result = analyze(ctx, c, matches, apiScopeType);
      if (result === 'nothing') continue;
      handled.push(c);
      if (typeof result === 'string') {
        ctx.report(c, `ApiResource scopes changed in 4.0: ${result}`, {
          severity: 'warning',
          suggestion:
            'List the scope names in ApiResource.Scopes (`Scopes = { "api1", "api1.read" }`), define one `new ApiScope("name", "display name")` per scope (registered with AddInMemoryApiScopes or stored in ConfigurationDbContext.ApiScopes), and remember that the 3.1 constructor `new ApiResource("api1", …)` also created a scope named "api1"',
        });
      } else plans.push(result);
    }

    // One ApiScopes property per class, after the last member holding migrated resources.
    const byClass = new Map<number, Plan[]>();
    for (const p of plans) byClass.set(p.cls.startIndex, [...(byClass.get(p.cls.startIndex) ?? []), p]);
    for (const group of byClass.values()) {
      const cls = group[0].cls;
      const clash = membersOf(cls).find((m) => memberName(m) === 'ApiScopes');
      if (clash) {
        for (const p of group) {
          ctx.report(p.creation, `ApiResource scopes changed in 4.0; ${declName(cls)} already declares ApiScopes, so the ApiScope definitions are not added automatically`, {
            severity: 'warning',
            suggestion: `List the scope names in Scopes and add to ApiScopes: ${p.defs.map((d) => d.lines.join(' ').replace(/\s+/g, ' ')).join(', ')}`,
          });
        }
        continue;
      }
      for (const p of group) p.apply();
      const last = group.reduce((a, b) => (b.member.startIndex > a.member.startIndex ? b : a)).member;
      const defs: ScopeDef[] = [];
      for (const d of group.flatMap((p) => p.defs)) if (!defs.some((x) => literalValue(x.name) === literalValue(d.name))) defs.push(d);
      insertApiScopes(ctx, cls, last, defs, apiScopeType);
      const holder = group[0].member;
      ctx.report(holder.childForFieldName('name') ?? holder, `4.0 API scopes: ApiScope definitions for these API resources were added to ${declName(cls)}.ApiScopes; they take effect only once registered`, {
        severity: 'info',
        suggestion: `Register them: .AddInMemoryApiScopes(${declName(cls)}.ApiScopes) for in-memory configuration, or add each one to ConfigurationDbContext.ApiScopes (scope.ToEntity()) where the configuration store is seeded`,
      });
    }

    // Other uses of the removed Scope type.
    const inHandled = (n: Node) => handled.some((c) => n.startIndex >= c.startIndex && n.endIndex <= c.endIndex);
    const lines = new Set<number>();
    for (const ref of typeReferences(ctx, SCOPE)) {
      if (inHandled(ref)) continue;
      const line = ctx.text.slice(0, ref.startIndex).split('\n').length;
      if (lines.has(line)) continue;
      lines.add(line);
      ctx.report(ref, 'IdentityServer4.Models.Scope was removed in 4.0: API scopes are now top-level ApiScope objects, and ApiResource.Scopes lists scope names', {
        severity: 'warning',
        suggestion: 'Use ApiScope (IdentityServer4.Models) for scope definitions and plain scope names (strings) where an ApiResource lists its scopes',
      });
    }

    // new Resources(identityResources, apiResources) gained a third parameter.
    for (const c of creations) {
      if (!matches(c.childForFieldName('type'), RESOURCES)) continue;
      const args = argsOf(c.childForFieldName('arguments'));
      if (args.length !== 2) continue;
      ctx.report(c, 'The Resources constructor takes the API scopes as a third argument since 4.0: Resources(identityResources, apiResources, apiScopes)', {
        severity: 'warning',
        suggestion: `new Resources(${args.map((a) => a.text).join(', ')}, <the ApiScope list>)`,
      });
    }
  },
};

export default rule;

// ---- analysis ----

type Matcher = ReturnType<typeof typeMatcher>;

/** A plan, a problem (string, why it cannot be rewritten), or 'nothing' to do. */
function analyze(ctx: FileContext, creation: Node, matches: Matcher, apiScopeType: string): Plan | string | 'nothing' {
  const args = argsOf(creation.childForFieldName('arguments'));
  const init = creation.childForFieldName('initializer') ?? named(creation).find((c) => c.type === 'initializer_expression');
  const scopesAssign = init ? named(init).find((a) => a.type === 'assignment_expression' && a.childForFieldName('left')?.text === 'Scopes') : undefined;

  // The constructor's implicit scope (3.1 added `new Scope(name, displayName)`).
  let implicitName: Node | undefined;
  let implicitDisplay: Node | undefined;
  if (args.length > 0) {
    const byName = new Map<string, Node>();
    let problem: string | undefined;
    args.forEach((a, i) => {
      const label = argumentName(a);
      const value = argumentValue(a)!;
      if (label) byName.set(label === 'userClaims' ? 'claimTypes' : label, value);
      else if (i === 0) byName.set('name', value);
      else if (i === 2) byName.set('claimTypes', value);
      else if (isStringLiteral(value)) byName.set('displayName', value);
      else if (isCollection(value)) byName.set('claimTypes', value);
      else problem = `cannot tell whether '${value.text}' is the display name or the claim types`;
    });
    if (problem) return problem;
    implicitName = byName.get('name');
    implicitDisplay = byName.get('displayName');
    if (!implicitName || !isStringLiteral(implicitName)) return 'the resource name is not a string literal, so the scope its 3.1 constructor created cannot be named here';
    if (implicitDisplay && !isStringLiteral(implicitDisplay)) return 'the display name is not a string literal';
  }

  let elements: Node[] = [];
  let replaces = false;
  let collectionType: Node | undefined; // `Scope` inside `new List<Scope>` / `new Scope[]`
  if (scopesAssign) {
    const value = scopesAssign.childForFieldName('right')!;
    let list: Node | undefined;
    if (value.type === 'initializer_expression') list = value;
    else if (value.type === 'implicit_array_creation_expression') {
      list = named(value).find((c) => c.type === 'initializer_expression');
      replaces = true;
    } else if (value.type === 'object_creation_expression' || value.type === 'array_creation_expression') {
      const t = value.childForFieldName('type');
      if (/^(List<string>|HashSet<string>|string\[\])$/.test(t?.text.replace(/\s+/g, '') ?? '')) return 'nothing'; // already names
      const typeArgs = t?.type === 'generic_name' ? named(named(t).find((c) => c.type === 'type_argument_list') ?? t) : [];
      const element = t?.type === 'array_type' ? t.childForFieldName('type') : typeArgs.length === 1 && !typeArgs[0].equals(named(t!)[0]) ? typeArgs[0] : undefined;
      const generic = t?.type === 'generic_name' ? named(t)[0]?.text : undefined;
      const collectionOk = t?.type === 'array_type' || (generic && ['List', 'HashSet', 'Collection'].includes(generic));
      const noArgs = !value.childForFieldName('arguments') || argsOf(value.childForFieldName('arguments')).length === 0;
      if (!collectionOk || !element || !matches(element, SCOPE) || !noArgs) return `'Scopes = ${oneLine(value.text)}' is not a list of Scope expressions`;
      collectionType = element;
      list = value.childForFieldName('initializer') ?? named(value).find((c) => c.type === 'initializer_expression');
      replaces = true;
    } else return `'Scopes = ${oneLine(value.text)}' is not a list of Scope expressions`;
    elements = list ? named(list).filter((c) => c.type !== 'comment') : [];
    if (elements.some((e) => isStringLiteral(e))) return 'nothing'; // already lists scope names
  } else if (!implicitName) return 'nothing';

  const member = enclosingMember(creation);
  const cls = member && declaringType(member);
  if (!member || !cls || (cls.type !== 'class_declaration' && cls.type !== 'record_declaration' && cls.type !== 'struct_declaration')) return 'the resource is not declared in a class member, so there is no place for the ApiScope definitions';
  // Only configuration members (a property, field or method whose type names ApiResource) get a sibling ApiScopes.
  if (!/\bApiResource\b/.test(memberType(member)?.text ?? '')) return 'it is not built in a member that returns API resources (like Config.Apis), so the ApiScope definitions have no obvious home';
  const locals = localNames(member);

  const defs: ScopeDef[] = [];
  const moves: { node: Node; name: Node }[] = [];
  if (implicitName && !replaces) defs.push({ name: implicitName.text, lines: [`new ${apiScopeType}(${implicitName.text}${implicitDisplay ? `, ${implicitDisplay.text}` : ''})`] });
  for (const e of elements) {
    const s = plainScope(ctx, e, matches, locals, apiScopeType);
    if (typeof s === 'string') return s;
    defs.push(s.def);
    moves.push({ node: e, name: s.name });
  }

  return {
    creation,
    member,
    cls,
    defs,
    apply() {
      for (const m of moves) ctx.edit(m.node.startIndex, m.node.endIndex, m.name.text, { review: true });
      if (collectionType) ctx.edit(collectionType.startIndex, collectionType.endIndex, 'string', { review: true });
      if (!implicitName || replaces) return;
      const literal = implicitName.text;
      if (!scopesAssign) {
        if (init) addInitializerMember(ctx, init, `Scopes = { ${literal} }`, { review: true });
        else ctx.edit(creation.endIndex, creation.endIndex, ` { Scopes = { ${literal} } }`, { review: true });
        return;
      }
      const list = scopesAssign.childForFieldName('right')!;
      if (elements.length === 0) ctx.edit(list.startIndex + 1, list.endIndex - 1, ` ${literal} `, { review: true });
      else {
        const first = elements[0];
        const ownLine = /^[ \t]*$/.test(ctx.text.slice(ctx.text.lastIndexOf('\n', first.startIndex - 1) + 1, first.startIndex));
        ctx.edit(first.startIndex, first.startIndex, ownLine ? `${literal},${ctx.eol}${indentAt(ctx.text, first.startIndex)}` : `${literal}, `, { review: true });
      }
    },
  };
}

/** A `new Scope(...)` / `new Scope { ... }` that can move as is: its ApiScope text and its name literal. */
function plainScope(ctx: FileContext, e: Node, matches: Matcher, locals: Set<string>, apiScopeType: string): { def: ScopeDef; name: Node } | string {
  const type = e.type === 'object_creation_expression' ? e.childForFieldName('type') : null;
  if (!type || !matches(type, SCOPE)) return `'${oneLine(e.text)}' is not a Scope expression`;
  const args = argsOf(e.childForFieldName('arguments'));
  const init = e.childForFieldName('initializer') ?? named(e).find((c) => c.type === 'initializer_expression');
  let name: Node | undefined;
  args.forEach((a, i) => {
    const label = argumentName(a);
    if (label === 'name' || (!label && i === 0)) name = argumentValue(a);
  });
  for (const a of init ? named(init) : []) {
    if (a.type === 'assignment_expression' && a.childForFieldName('left')?.text === 'Name') name = a.childForFieldName('right') ?? undefined;
  }
  if (!name || !isStringLiteral(name)) return `the scope name in '${oneLine(e.text)}' is not a string literal`;
  const captured = freeIdentifiers(e).find((id) => locals.has(id.text));
  if (captured) return `'${oneLine(e.text)}' uses '${captured.text}', which is local to the member`;

  // The text with `Scope` → `ApiScope` and `claimTypes:` → `userClaims:`.
  const edits: { start: number; end: number; text: string }[] = [];
  const last = isQualified(type) ? type.childForFieldName('name')! : type;
  edits.push({ start: last.startIndex, end: last.endIndex, text: isQualified(type) ? 'ApiScope' : apiScopeType });
  for (const a of args) {
    const label = a.childForFieldName('name');
    if (label?.text === 'claimTypes') edits.push({ start: label.startIndex, end: label.endIndex, text: 'userClaims' });
  }
  let text = '';
  let pos = e.startIndex;
  for (const x of edits.sort((p, q) => p.start - q.start)) {
    text += ctx.text.slice(pos, x.start) + x.text;
    pos = x.end;
  }
  text += ctx.text.slice(pos, e.endIndex);
  const base = indentAt(ctx.text, e.startIndex);
  const lines = text.split(/\r?\n/).map((l, i) => (i === 0 ? l : l.startsWith(base) ? l.slice(base.length) : l.trimStart()));
  return { def: { name: name.text, lines }, name };
}

// ---- rewriting ----

function insertApiScopes(ctx: FileContext, cls: Node, after: Node, defs: ScopeDef[], apiScopeType: string): void {
  const unit = indentUnit(ctx, after, cls);
  const indent = indentAt(ctx.text, after.startIndex);
  const mods = modifiersOf(after).filter((m) => ['public', 'internal', 'private', 'protected', 'static'].includes(m));
  const generic = fileSees(ctx, 'System.Collections.Generic');
  const propType = generic ? `IEnumerable<${apiScopeType}>` : `${apiScopeType}[]`;
  const out: string[] = [`${[...mods, propType].join(' ')} ApiScopes =>`, `${unit}new ${apiScopeType}[]`, `${unit}{`];
  for (const d of defs) d.lines.forEach((l, i) => out.push(`${unit}${unit}${l}${i === d.lines.length - 1 ? ',' : ''}`));
  out.push(`${unit}};`);
  const text = out.map((l) => indent + l).join(ctx.eol);
  ctx.edit(after.endIndex, after.endIndex, `${ctx.eol}${ctx.eol}${text}`, { review: true });
}

// ---- small syntax queries ----

function isStringLiteral(n: Node | undefined): boolean {
  return n?.type === 'string_literal' && !named(n).some((c) => c.type === 'interpolation');
}

function isCollection(n: Node): boolean {
  return ['implicit_array_creation_expression', 'array_creation_expression', 'collection_expression'].includes(n.type) || (n.type === 'object_creation_expression' && /^(List|HashSet|Collection)</.test(n.childForFieldName('type')?.text ?? ''));
}

function literalValue(literal: string): string {
  return literal.slice(1, -1);
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ');
  return t.length > 80 ? t.slice(0, 77) + '...' : t;
}

function memberName(m: Node): string | undefined {
  if (m.type === 'field_declaration') {
    const decl = named(m).find((c) => c.type === 'variable_declaration');
    return decl && named(decl).find((c) => c.type === 'variable_declarator')?.childForFieldName('name')?.text;
  }
  return m.childForFieldName('name')?.text;
}

/** The declared type of a property, field or method (its return type). */
function memberType(m: Node): Node | null {
  if (m.type === 'field_declaration') return named(m).find((c) => c.type === 'variable_declaration')?.childForFieldName('type') ?? null;
  return m.childForFieldName('type') ?? m.childForFieldName('returns');
}

function declName(cls: Node): string {
  return cls.childForFieldName('name')?.text ?? '?';
}

/** Names of parameters and locals declared in a member (its parameters, locals, lambda parameters, foreach variables). */
function localNames(member: Node): Set<string> {
  const out = new Set<string>();
  walk(member, (n) => {
    if (n.type === 'parameter' || n.type === 'variable_declarator') {
      const id = n.childForFieldName('name');
      if (id) out.add(id.text);
    } else if (n.type === 'implicit_parameter') out.add(n.text);
    else if (n.type === 'foreach_statement') {
      const left = n.childForFieldName('left');
      if (left?.type === 'identifier') out.add(left.text);
    } else if (n.type === 'declaration_expression' || n.type === 'declaration_pattern') {
      const id = n.childForFieldName('name');
      if (id) out.add(id.text);
    }
  });
  return out;
}

/** Identifiers of an expression that refer to something (not member names, initializer targets, argument labels or type names). */
function freeIdentifiers(e: Node): Node[] {
  const out: Node[] = [];
  walk(e, (n) => {
    if (n.type === 'object_creation_expression' && n.childForFieldName('type')) {
      // visit arguments and initializer, not the type
      for (const c of named(n)) if (!c.equals(n.childForFieldName('type')!)) walkInto(c, out);
      return false;
    }
  });
  return out;
}

function walkInto(n: Node, out: Node[]): void {
  walk(n, (c) => {
    if (c.type === 'object_creation_expression') {
      for (const k of named(c)) if (!k.equals(c.childForFieldName('type')!)) walkInto(k, out);
      return false;
    }
    if (c.type === 'identifier') {
      const p = c.parent;
      if (p?.type === 'member_access_expression' && !p.childForFieldName('expression')?.equals(c)) return false;
      if (p?.type === 'assignment_expression' && p.parent?.type === 'initializer_expression' && p.childForFieldName('left')?.equals(c)) return false;
      if (p?.type === 'argument' && p.childForFieldName('name')?.equals(c)) return false;
      out.push(c);
    }
  });
}
