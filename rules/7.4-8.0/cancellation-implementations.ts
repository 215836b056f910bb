/**
 * 8.0 added a required CancellationToken to nearly every async member of the public interfaces and to the virtual
 * members of the default implementations (catalog R3, Appendix A, §4.15 rows 1, 10, 16, 24, 25).
 *
 * Matches (data: src/plan/cancellation-8.0.ts):
 *  - impl: a method of a class (record, struct) whose base list names a changed interface (simple name when the file
 *    sees its namespace and declares no type of that name, or the qualified name), with the member's name and its 7.4
 *    parameter types (an explicit `I.M` implementation must name that interface);
 *  - override: an `override` in a class whose base list names a changed class (DefaultProfileService,
 *    DefaultGrantStore<T>, TokenResponseGenerator, …), same test; and overrides in classes of the same file that
 *    derive from a class this rule changed.
 * Rewrites: `CancellationToken ct` at the position of the 8.0 signature (appended, or before the first optional
 * parameter); `cancellationToken` when the method already uses the name `ct`. `IServerSideSessionStore.
 * QuerySessionsAsync(filter, cancellationToken)` gets its token moved to the front. Inside those classes, calls of the
 * changed members (`base.M(…)`, `this.M(…)`, `M(…)`) pass the method's token (AUTO) or, where the enclosing method
 * has none, `HttpContext.RequestAborted` / `CancellationToken.None` (listed for review).
 * `using System.Threading;` is added when the file does not already see CancellationToken (the project scan does not
 * record ImplicitUsings, so a redundant using is possible in an SDK-style project; it is harmless).
 * Left alone: methods that already have a CancellationToken parameter (members whose 7.4 token only became required
 * or was renamed keep theirs), other overloads, a user's own type of the same name. Return types (R4) are not
 * changed here.
 */
import type { Node } from '../../src/engine/csharp';
import { walk } from '../../src/engine/csharp';
import type { FileContext, FileRule } from '../../src/engine/rule';
import { addThreadingUsing, callEdits, declaredTypes, overridable, planDeclarations, tokenAt, type ClassInfo, type DeclarationPlan } from '../../src/engine/cs/cancellation';
import { membersOf, named } from '../../src/engine/cs/syntax';
import { CANCELLATION_8_0, type CtMember } from '../../src/plan/cancellation-8.0';

const DECLARED = CANCELLATION_8_0.filter((e) => e.kind === 'interface' || overridable(e) || (e.kind === 'class' && !e.modifiers.includes('static')));

const rule: FileRule = {
  id: '7.4-8.0/cancellation-implementations',
  title: 'Implementations and overrides of async members take a CancellationToken (8.0)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0',
  kind: 'fix',
  catalog: ['R3', 'A', '4.15#1', '4.15#10', '4.15#16', '4.15#24', '4.15#25'],
  reads: ['csharp'],
  triggers: [...new Set(DECLARED.map((e) => e.name))],
  run(ctx) {
    const plan = planDeclarations(ctx, CANCELLATION_8_0);
    let needsUsing = false;
    for (const m of plan.methods) {
      if (m.problem) {
        ctx.report(m.method.childForFieldName('name') ?? m.method, m.problem, {
          severity: 'warning',
          suggestion: `Add a CancellationToken parameter at position ${m.entry.at + 1} of ${m.entry.member} under a free name`,
        });
      } else if (m.edit) {
        ctx.edit(m.edit.start, m.edit.end, m.edit.text);
        if (m.edit.text.includes('CancellationToken ')) needsUsing = true;
      }
    }
    if (internalCalls(ctx, plan)) needsUsing = true;
    if (needsUsing) addThreadingUsing(ctx);
  },
};

export default rule;

const key = (e: CtMember) => `${e.ns}.${e.name}`;

/** Calls of changed members from inside the classes that declare or inherit them. Returns whether a call now names CancellationToken. */
function internalCalls(ctx: FileContext, plan: DeclarationPlan): boolean {
  let usesType = false;
  const declared = ctx.tree ? declaredTypes(ctx.tree.rootNode) : new Map();
  for (const info of plan.classes) {
    const own = plan.methods.filter((p) => p.cls.equals(info.decl));
    const inherited = inheritedEntries(info, plan);
    if (!own.length && !inherited.length) continue;
    const declaredNames = new Set(membersOf(info.decl).filter((m) => m.type === 'method_declaration').map((m) => m.childForFieldName('name')?.text));
    for (const call of callsIn(info.decl)) {
      const fn = call.childForFieldName('function');
      const args = call.childForFieldName('arguments');
      if (!fn || !args) continue;
      let name: string | undefined;
      let viaBase = false;
      if (fn.type === 'identifier') name = fn.text;
      else if (fn.type === 'member_access_expression') {
        const obj = fn.childForFieldName('expression');
        const objText = obj?.text ?? named(fn)[0]?.text;
        if (objText !== 'this' && objText !== 'base') continue;
        viaBase = objText === 'base';
        name = fn.childForFieldName('name')?.text;
      }
      if (!name) continue;
      let candidates: CtMember[];
      if (!viaBase && declaredNames.has(name)) {
        // The class's own methods of that name: only when the plan changed every one of them.
        const mine = membersOf(info.decl).filter((m) => m.type === 'method_declaration' && m.childForFieldName('name')?.text === name);
        if (!mine.every((m) => own.some((p) => p.method.equals(m) && p.edit))) continue;
        candidates = own.filter((p) => p.entry.member === name).map((p) => p.entry);
      } else candidates = inherited.filter((e) => e.member === name);
      if (!candidates.length) continue;
      const token = tokenAt(ctx, call, plan);
      const outcomes = candidates.map((e) => callEdits(ctx, args, e, token.expr, declared));
      if (outcomes.some((o) => o.kind === 'passes')) continue;
      const fits = outcomes.filter((o) => o.kind === 'edits');
      if (!fits.length || fits.some((o) => JSON.stringify(o) !== JSON.stringify(fits[0]))) continue;
      const chosen = fits[0];
      if (chosen.kind !== 'edits') continue;
      const review = token.from === 'none' || token.from === 'request';
      for (const e of chosen.edits) ctx.edit(e.start, e.end, e.text, { review });
      if (chosen.usesToken && token.from === 'none') usesType = true;
    }
  }
  return usesType;
}

/** Members a class inherits from the changed library classes it names, and from same-file classes the plan changed. */
function inheritedEntries(info: ClassInfo, plan: DeclarationPlan): CtMember[] {
  const fromLibrary = DECLARED.filter((e) => e.kind === 'class' && !e.modifiers.includes('static') && info.bases.some((b) => `${b.ns}.${b.name}` === key(e)));
  const fromFile = plan.methods.filter((p) => info.localBases.some((b) => b.equals(p.cls)) && p.edit).map((p) => p.entry);
  return [...fromLibrary, ...fromFile];
}

/** Invocations in a type's body, not inside nested types. */
function callsIn(decl: Node): Node[] {
  const out: Node[] = [];
  const body = decl.childForFieldName('body');
  if (!body) return out;
  walk(body, (n) => {
    if (n.type === 'class_declaration' || n.type === 'record_declaration' || n.type === 'struct_declaration' || n.type === 'interface_declaration') return false;
    if (n.type === 'invocation_expression') out.push(n);
  });
  return out;
}

