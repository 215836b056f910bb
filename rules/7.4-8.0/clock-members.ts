/**
 * 8.0 removed Duende.IdentityServer.IClock and the protected `Clock` member of 13 default services; they have a
 * protected `TimeProvider` (System.TimeProvider) instead (catalog R1, §4.15 rows 2 and 22).
 *
 * Rewrites (HEUR, listed for review): in a class whose base list names one of those 13 services, `Clock.UtcNow`
 * (also `this.Clock.UtcNow`, `base.Clock.UtcNow`) -> `TimeProvider.GetUtcNow()`. The value is a DateTimeOffset in both
 * versions. A class that declares a member, parameter or local named `Clock` is left alone (its Clock is its own); one
 * that declares a `TimeProvider` of its own gets findings instead of edits.
 * Rewrites (HEUR, listed for review): in the user's own classes, private fields and properties, parameters and locals
 * typed IClock -> TimeProvider, and their `x.UtcNow` reads -> `x.GetUtcNow()`, when every use of them is such a read
 * (see src/engine/cs/clock-retype.ts); adds `using System;` when the file does not see it. Never in a file that also
 * imports NodaTime (whose IClock is common) or aliases a name IClock.
 * Reports: any other use of the inherited `Clock` there; every other reference to IClock that the constructor rule
 * (7.4-8.0/time-provider-ctors) does not own: fields, parameters and locals the rewrite leaves, custom IClock
 * implementations and their DI registrations (with the TimeProvider registration to write); `AddLegacyClock()` calls.
 * In a NodaTime file a bare `IClock` gets a finding that says it may be NodaTime's.
 */
import { callsNamed } from '../../src/engine/cs/calls';
import { walk, type Node } from '../../src/engine/csharp';
import type { FileContext, FileRule } from '../../src/engine/rule';
import { CLOCK_CTORS, ICLOCK, isType } from '../../src/engine/cs/duende80';
import { typeReferences } from '../../src/engine/cs/occurrences';
import { constructorsOf, inLiteral, isQualified, membersOf, named, plainUsings, typesDerivingFrom, usingDirectives, type TypeName } from '../../src/engine/cs/syntax';
import { retypeOwnClocks } from '../../src/engine/cs/clock-retype';

const DOCS = 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0#iclock-replaced-by-timeprovider';
const MEMBER_OWNERS: TypeName[] = CLOCK_CTORS.filter((c) => c.member).map((c) => isType(c.sub, c.name));
const CTOR_OWNERS: TypeName[] = CLOCK_CTORS.map((c) => isType(c.sub, c.name));

const rule: FileRule = {
  id: '7.4-8.0/clock-members',
  title: 'IClock removed: inherited Clock.UtcNow and the user\'s own IClock fields, parameters and locals -> TimeProvider (GetUtcNow()); other IClock uses reported',
  docs: DOCS,
  kind: 'fix',
  catalog: ['R1', '4.15#2', '4.15#22'],
  reads: ['csharp'],
  triggers: ['Clock'],
  run(ctx) {
    inheritedClock(ctx);
    clockReferences(ctx);
    for (const { name } of ctx.tree ? callsNamed(ctx.tree.rootNode, 'AddLegacyClock') : []) {
      ctx.report(name, 'AddLegacyClock() is removed in 8.0 (IClock no longer exists)', {
        suggestion: 'Delete the call; to control time, register a System.TimeProvider instead, e.g. services.AddSingleton<TimeProvider>(myTimeProvider)',
      });
    }
  },
};

export default rule;

/** `Clock` uses inside classes deriving from a service that had the protected member. */
function inheritedClock(ctx: FileContext): void {
  for (const { decl, type } of typesDerivingFrom(ctx, MEMBER_OWNERS)) {
    const uses = clockUses(decl);
    if (!uses.length) continue;
    if (declaresName(decl, 'Clock')) continue; // its own Clock (member, parameter or local): not the inherited one
    const shadowed = declaresName(decl, 'TimeProvider');
    for (const use of uses) {
      const access = use.parent?.type === 'member_access_expression' && use.parent.childForFieldName('expression')?.equals(use) ? use.parent : undefined;
      const target = clockTarget(use);
      const utcNow = target.parent?.type === 'member_access_expression' && target.parent.childForFieldName('expression')?.equals(target) ? target.parent : access;
      const isUtcNow = utcNow?.childForFieldName('name')?.text === 'UtcNow' && !(utcNow.parent?.type === 'invocation_expression' && utcNow.parent.childForFieldName('function')?.equals(utcNow));
      const between = utcNow ? ctx.text.slice(use.endIndex, utcNow.childForFieldName('name')!.startIndex) : '';
      if (!shadowed && isUtcNow && /^\s*\.\s*$/.test(between)) {
        ctx.edit(use.startIndex, utcNow!.endIndex, 'TimeProvider.GetUtcNow()', { review: true });
      } else {
        ctx.report(use, `the protected Clock member inherited from ${type.name} is removed in 8.0; it is now TimeProvider (System.TimeProvider)`, {
          suggestion: 'Use TimeProvider instead of Clock: Clock.UtcNow -> TimeProvider.GetUtcNow()',
        });
      }
    }
  }
}

/** The node `Clock` stands in: `this.Clock` / `base.Clock` for a qualified use, else the identifier. */
function clockTarget(use: Node): Node {
  const p = use.parent;
  if (p?.type === 'member_access_expression' && p.childForFieldName('name')?.equals(use)) return p;
  return use;
}

/** Identifiers `Clock` in the class body that denote the inherited member (not `x.Clock`, not in nested types). */
function clockUses(decl: Node): Node[] {
  const out: Node[] = [];
  for (const m of membersOf(decl)) {
    walk(m, (n) => {
      if (n.type === 'class_declaration' || n.type === 'struct_declaration' || n.type === 'record_declaration' || n.type === 'interface_declaration') return false;
      if (n.type !== 'identifier' || n.text !== 'Clock' || inLiteral(n)) return;
      const p = n.parent;
      if (p?.type === 'member_access_expression' && p.childForFieldName('name')?.equals(n)) {
        const obj = p.childForFieldName('expression');
        const viaThis = obj ? obj.type === 'this_expression' || obj.type === 'base_expression' || obj.text === 'this' || obj.text === 'base' : named(p).length === 1;
        if (!viaThis) return;
      }
      if (p && ['variable_declarator', 'parameter', 'property_declaration', 'method_declaration'].includes(p.type) && p.childForFieldName('name')?.equals(n)) return;
      if (p?.type === 'qualified_name' || p?.type === 'generic_name') return;
      out.push(n);
    });
  }
  return out;
}

/** The class declares a member, or some parameter or local, with this name. */
function declaresName(decl: Node, name: string): boolean {
  let found = false;
  walk(decl, (n) => {
    if (found) return false;
    const id = n.childForFieldName('name');
    if (['property_declaration', 'method_declaration', 'parameter', 'variable_declarator', 'event_declaration'].includes(n.type) && id?.text === name) found = true;
    if (n.type === 'variable_declarator' && named(n)[0]?.text === name) found = true;
  });
  return found;
}

/** IClock type references other than constructor parameters the constructor rule rewrites or reports. */
function clockReferences(ctx: FileContext): void {
  const owned = new Set<number>();
  for (const { decl } of typesDerivingFrom(ctx, CTOR_OWNERS)) {
    for (const site of constructorsOf(decl)) for (const p of site.parameters) if (site.baseCall) owned.add(p.childForFieldName('type')?.startIndex ?? -1);
  }
  let refs = typeReferences(ctx, ICLOCK).filter((n) => !owned.has(outerType(n).startIndex));
  // `using IClock = NodaTime.IClock;` wins over `using Duende.IdentityServer;`: a bare IClock is then the alias's.
  if (aliasesOtherClock(ctx)) refs = refs.filter((n) => isQualified(n) || n.type === 'member_access_expression');
  const noda = importsOtherClock(ctx);
  if (!noda) {
    const derived = new Set(typesDerivingFrom(ctx, [...CTOR_OWNERS, ...MEMBER_OWNERS]).map((d) => d.decl.id));
    const done = retypeOwnClocks(ctx, refs, (unit) => derived.has(unit.id));
    refs = refs.filter((n) => !done.has(n.startIndex));
  }
  const found: { at: number; kind: keyof typeof CLOCK_FINDINGS; node: Node }[] = refs.map((n) => ({
    at: n.startIndex,
    node: n,
    kind: noda && !isQualified(n) ? 'ambiguous' : n.parent?.type === 'base_list' ? 'implemented' : n.parent?.type === 'type_argument_list' ? 'registered' : 'other',
  }));
  for (const kind of Object.keys(CLOCK_FINDINGS) as (keyof typeof CLOCK_FINDINGS)[]) {
    // One finding per line and kind; emitted in file order below.
    const lines = new Set<number>();
    for (const f of found.filter((x) => x.kind === kind)) {
      const line = ctx.text.slice(0, f.at).split('\n').length;
      if (lines.has(line)) f.at = -1;
      lines.add(line);
    }
  }
  for (const f of found.filter((x) => x.at >= 0).sort((a, b) => a.at - b.at)) {
    const suggestion = (f.kind === 'registered' && registrationText(f.node)) || CLOCK_FINDINGS[f.kind].suggestion;
    ctx.report(f.at, CLOCK_FINDINGS[f.kind].message, { severity: 'warning', suggestion });
  }
}

/** The file (or project) imports NodaTime, or aliases a name `IClock`: a bare IClock may not be Duende's. */
function importsOtherClock(ctx: FileContext): boolean {
  const root = ctx.tree?.rootNode;
  if (!root) return true;
  const usings = [...plainUsings(root), ...ctx.project.usings];
  if (usings.some((ns) => ns === 'NodaTime' || ns.startsWith('NodaTime.'))) return true;
  return usingDirectives(root).some((u) => u.childForFieldName('name')?.text === 'IClock');
}

function aliasesOtherClock(ctx: FileContext): boolean {
  const root = ctx.tree?.rootNode;
  const alias = root ? usingDirectives(root).find((u) => u.childForFieldName('name')?.text === 'IClock') : undefined;
  const target = alias ? named(alias).filter((c) => c.type !== 'comment' && !c.equals(alias.childForFieldName('name')!)).pop() : undefined;
  return !!target && target.text.replace(/\s+|^global::/g, '') !== 'Duende.IdentityServer.IClock';
}

/** `services.AddSingleton<IClock, FixedClock>()` -> the same call registering TimeProvider. */
function registrationText(ref: Node): string | undefined {
  const list = ref.parent?.type === 'type_argument_list' ? ref.parent : undefined;
  const generic = list?.parent?.type === 'generic_name' ? list.parent : undefined;
  const access = generic?.parent?.type === 'member_access_expression' ? generic.parent : undefined;
  const call = access?.parent?.type === 'invocation_expression' ? access.parent : undefined;
  const receiver = access?.childForFieldName('expression');
  const method = generic && named(generic)[0]?.text;
  if (!call || !receiver || !method || !/^(Try)?Add(Singleton|Scoped|Transient)$/.test(method)) return undefined;
  const args = named(list!).map((a) => a.text);
  if (args.length === 2 && args[0] === ref.text) {
    return `Derive ${args[1]} from System.TimeProvider (override GetUtcNow()) and register it as ${receiver.text}.${method}<TimeProvider, ${args[1]}>(); for the real clock: ${receiver.text}.AddSingleton(TimeProvider.System)`;
  }
  const argText = call.childForFieldName('arguments')?.text ?? '()';
  return `Register a System.TimeProvider instead: ${receiver.text}.${method}<TimeProvider>${argText} with a TimeProvider-derived instance, or ${receiver.text}.AddSingleton(TimeProvider.System)`;
}

const CLOCK_FINDINGS = {
  implemented: {
    message: 'Duende.IdentityServer.IClock is removed in 8.0: a custom clock is now a System.TimeProvider',
    suggestion: 'Derive from System.TimeProvider (override GetUtcNow()) and register it with services.AddSingleton<TimeProvider>(...)',
  },
  registered: {
    message: 'Duende.IdentityServer.IClock is removed in 8.0: IdentityServer reads the time from System.TimeProvider',
    suggestion: 'Register a TimeProvider instead, e.g. services.AddSingleton<TimeProvider>(TimeProvider.System) or a FakeTimeProvider in tests',
  },
  ambiguous: {
    message: 'IClock here is Duende.IdentityServer.IClock (removed in 8.0) or NodaTime.IClock: the file imports both, so it is not rewritten',
    suggestion: 'If it is Duende.IdentityServer.IClock, use System.TimeProvider: IClock clock -> TimeProvider timeProvider, clock.UtcNow -> timeProvider.GetUtcNow()',
  },
  other: {
    message: 'Duende.IdentityServer.IClock is removed in 8.0',
    suggestion: 'Use System.TimeProvider: IClock clock -> TimeProvider timeProvider, clock.UtcNow -> timeProvider.GetUtcNow()',
  },
};

/** A nullable `IClock?` is referenced through its inner name; the parameter's type node is the outer one. */
function outerType(n: Node): Node {
  return n.parent?.type === 'nullable_type' ? n.parent : n;
}

