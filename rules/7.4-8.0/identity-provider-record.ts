/**
 * 8.0 turned Models.IdentityProvider and Models.OidcProvider from classes into records (catalog §4.15 row 15; not in
 * the upgrade guide). A dynamic-provider model `class MyProvider : OidcProvider` no longer compiles (CS8865: only
 * records may inherit from records).
 *
 * Matches: a class whose base class (first base-list entry) is IdentityProvider or OidcProvider of
 * Duende.IdentityServer.Models, and classes of the same file deriving from such a converted class.
 * Rewrites: the `class` keyword to `record`; everything else (modifiers, constructors, the `this["…"]` property
 * helpers) is valid in a record as is.
 * Reports instead: a partial class (its other parts may be elsewhere), a class with a primary constructor (a record
 * would turn its parameters into public properties), and, in converted records, members a record may not declare or
 * must declare differently: an `Equals(object)` override, `==`/`!=` operators, a copy constructor (one parameter of
 * the record's own type) that does not call the base copy constructor.
 */
import { walk, type Node } from '../../src/engine/csharp';
import type { FileContext, FileRule } from '../../src/engine/rule';
import { isType } from '../../src/engine/cs/duende80';
import { baseTypes, declName, fileSees, membersOf, modifiersOf, named, paramsOf, simpleIdentifier, typeMatcher, unwrapNullable } from '../../src/engine/cs/syntax';

const BASES = [isType('Models', 'IdentityProvider'), isType('Models', 'OidcProvider')];
const DOCS = 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0';

const rule: FileRule = {
  id: '7.4-8.0/identity-provider-record',
  title: 'Dynamic provider models deriving from IdentityProvider / OidcProvider become records',
  docs: DOCS,
  kind: 'fix',
  catalog: ['4.15#15'],
  reads: ['csharp'],
  triggers: ['IdentityProvider', 'OidcProvider'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    // The EF entity Duende.IdentityServer.EntityFramework.Entities.IdentityProvider is still a class.
    const entities = fileSees(ctx, 'Duende.IdentityServer.EntityFramework.Entities');
    const matches = typeMatcher(ctx);
    const classes: Node[] = [];
    walk(root, (n) => {
      if (n.type === 'class_declaration') classes.push(n);
    });
    const converted = new Set<string>();
    const handled = new Set<number>(); // class declarations already converted or reported, by offset
    const pending = new Map<Node, string>(); // class -> what it derives from
    for (const c of classes) {
      const first = baseTypes(c)[0];
      if (!first) continue;
      const base = BASES.find((b) => matches(first, b) && !(entities && b.name === 'IdentityProvider' && simpleIdentifier(unwrapNullable(first)) !== undefined));
      if (base) pending.set(c, base.name);
    }
    for (let grew = true; grew; ) {
      grew = false;
      for (const c of classes) {
        const first = baseTypes(c)[0];
        const name = first && simpleIdentifier(first);
        if (!pending.has(c) && name && converted.has(name) && !declaredTwice(classes, name)) pending.set(c, name);
      }
      for (const [c, base] of pending) {
        if (handled.has(c.startIndex)) continue;
        handled.add(c.startIndex);
        if (blocked(ctx, c, base)) continue;
        convert(ctx, c, base);
        converted.add(declName(c));
        grew = true;
      }
    }
  },
};

export default rule;

function declaredTwice(classes: Node[], name: string): boolean {
  return classes.filter((c) => declName(c) === name).length > 1;
}

/** Reports and returns true when the class cannot simply become a record. */
function blocked(ctx: FileContext, c: Node, base: string): boolean {
  const why = modifiersOf(c).includes('partial')
    ? 'it is partial, and every part must change together'
    : named(c).some((x) => x.type === 'parameter_list')
      ? 'it has a primary constructor, whose parameters would become public properties of a record'
      : undefined;
  if (!why) return false;
  ctx.report(c.childForFieldName('name') ?? c, `${declName(c)} derives from ${base}, which is a record in 8.0, so it must be a record too; not changed automatically: ${why}`, {
    suggestion: `Declare it as 'record ${declName(c)}' (for a primary constructor, move its parameters into an ordinary constructor first)`,
  });
  return true;
}

function convert(ctx: FileContext, c: Node, base: string): void {
  const keyword = c.children.find((x) => x?.type === 'class');
  if (!keyword) return;
  ctx.edit(keyword.startIndex, keyword.endIndex, 'record');
  const name = declName(c);
  for (const m of membersOf(c)) {
    const problem = recordConflict(m, name);
    if (problem) {
      ctx.report(m.childForFieldName('name') ?? m, `${name} becomes a record (its base ${base} is one in 8.0): ${problem}`, {
        suggestion: 'Remove the member, or write it the way records allow (see the C# records specification)',
      });
    }
  }
}

function recordConflict(m: Node, name: string): string | undefined {
  const params = paramsOf(m.childForFieldName('parameters'));
  const typeOf = (p: Node) => p.childForFieldName('type');
  if (m.type === 'method_declaration' && m.childForFieldName('name')?.text === 'Equals' && modifiersOf(m).includes('override') && params.length === 1 && /^object\??$/.test(typeOf(params[0])?.text ?? '')) {
    return 'a record may not override Equals(object); it synthesizes value equality (override GetHashCode and declare Equals(' + name + '? other) instead)';
  }
  if (m.type === 'operator_declaration' && /operator\s*(==|!=)/.test(m.text)) return 'a record may not declare == or != (it synthesizes them)';
  if (m.type === 'constructor_declaration' && params.length === 1 && simpleIdentifier(unwrapNullable(typeOf(params[0]) ?? m)) === name) {
    const init = named(m).find((x) => x.type === 'constructor_initializer');
    const args = init ? named(named(init).find((x) => x.type === 'argument_list') ?? init).filter((x) => x.type === 'argument') : [];
    const forwardsOriginal = !!init && init.children.some((x) => x?.type === 'base') && args.length === 1;
    if (!forwardsOriginal) return 'a copy constructor of a record must call the base copy constructor, base(original)';
  }
  return undefined;
}
