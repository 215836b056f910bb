/**
 * Callers of the members that take a required CancellationToken since 8.0 (catalog R3 call sites, Appendix A, §4.15
 * rows 1, 8 and 13) must pass one.
 *
 * Matches: a call `x.M(…)` / `this.x.M(…)` whose receiver x is a field, property, parameter or local declared in the
 * same file with a changed interface or class (the call(recv:T) signal; simple names only when the file sees the
 * namespace and declares no type of that name), or with the receiver type of a changed extension method
 * (`IResourceStore.FindEnabledResourcesByScopeAsync`), where the arguments fit the member's 7.4 parameters.
 * Rewrites (listed for review): the token goes where the 8.0 signature has it. It is the enclosing method's,
 * local function's or lambda's CancellationToken parameter, including the `ct` that 7.4-8.0/cancellation-
 * implementations adds in the same hop (both rules read one plan of the file, computed from the same text, so this
 * rule knows the name before the parameter exists); else `<HttpContext parameter>.RequestAborted`; else
 * `HttpContext.RequestAborted` in a Controller, ControllerBase or PageModel; else `CancellationToken.None` (and
 * `using System.Threading;` when the file does not see it). Positional optional arguments after the token become
 * named (`GrantConsentAsync(request, consent, ct, subject: sub)`); parameters that lost their default get it
 * written out (`ValidateAccessTokenAsync(token)` -> `(token, expectedScope: null, ct)`); a 7.4 token passed as
 * `cancellationToken:` is renamed `ct:`; `QuerySessionsAsync(filter, token)` gets the token moved to the front.
 * Left alone: calls that already pass a token (a CancellationToken-typed argument, `ct`, `….RequestAborted`,
 * `CancellationToken.None`), calls whose arguments fit no 7.4 overload, receivers of a user's own type.
 * Run it together with cancellation-implementations: with that rule skipped, a `ct` it passes may not exist yet.
 */
import type { Node } from '../../src/engine/csharp';
import type { FileContext, FileRule } from '../../src/engine/rule';
import { addThreadingUsing, callEdits, declaredTypeNames, declaredTypes, extensionOf, planDeclarations, tokenAt, typeOfEntry } from '../../src/engine/cs/cancellation';
import { memberUsesOn, receiverName } from '../../src/engine/cs/receivers';
import type { TypeName } from '../../src/engine/cs/syntax';
import { CANCELLATION_8_0, type CtMember } from '../../src/plan/cancellation-8.0';

const key = (t: TypeName) => `${t.ns}.${t.name}`;

/** Entries callable on a receiver of each type: instance members of the type, and extension methods on it. */
const BY_RECEIVER = new Map<string, { type: TypeName; entries: CtMember[] }>();
for (const e of CANCELLATION_8_0) {
  const ext = extensionOf(e);
  const recv = ext ?? (e.modifiers.includes('static') ? undefined : typeOfEntry(e));
  if (!recv) continue;
  const k = key(recv);
  if (!BY_RECEIVER.has(k)) BY_RECEIVER.set(k, { type: recv, entries: [] });
  BY_RECEIVER.get(k)!.entries.push(e);
}
const RECEIVERS = [...BY_RECEIVER.values()].map((r) => r.type);
const MEMBERS = new Set(CANCELLATION_8_0.map((e) => e.member));

const rule: FileRule = {
  id: '7.4-8.0/cancellation-call-sites',
  title: 'Calls of async members pass a CancellationToken (8.0)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_4-to-v8_0',
  kind: 'fix',
  review: true,
  catalog: ['R3', 'A', '4.15#1', '4.15#8', '4.15#13'],
  reads: ['csharp'],
  // A receiver declared in the file names its type there.
  triggers: [...new Set(RECEIVERS.map((t) => t.name))],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const plan = planDeclarations(ctx, CANCELLATION_8_0);
    const declared = declaredTypes(root);
    const own = declaredTypeNames(root);
    let needsUsing = false;
    for (const use of memberUsesOn(ctx, RECEIVERS, (n) => MEMBERS.has(n))) {
      // A simple type name the file declares itself is the file's type, whatever the usings say.
      const recvType = declared.get(receiverName(use.receiver) ?? '');
      if (own.has(use.type.name) && recvType && !recvType.text.includes('.')) continue;
      if (!use.call || !use.args) {
        if (!inNameof(use.access)) reportMethodGroup(ctx, use.access, use.type, use.name.text);
        continue;
      }
      const member = use.name.text;
      const candidates = (BY_RECEIVER.get(key(use.type))?.entries ?? []).filter((e) => e.member === member);
      if (!candidates.length) continue;
      const token = tokenAt(ctx, use.call, plan);
      const outcomes = candidates.map((e) => callEdits(ctx, use.args!, e, token.expr, declared));
      if (outcomes.some((o) => o.kind === 'passes')) continue;
      const fits = outcomes.filter((o) => o.kind === 'edits');
      if (!fits.length || fits.some((o) => JSON.stringify(o) !== JSON.stringify(fits[0]))) continue;
      const chosen = fits[0];
      if (chosen.kind !== 'edits') continue;
      for (const e of chosen.edits) ctx.edit(e.start, e.end, e.text, { review: true });
      if (chosen.usesToken && token.from === 'none') needsUsing = true;
    }
    if (needsUsing) addThreadingUsing(ctx);
  },
};

export default rule;

function inNameof(n: Node): boolean {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'invocation_expression' && p.childForFieldName('function')?.text === 'nameof') return true;
  return false;
}

/** `Func<string, Task<Client?>> find = _store.FindClientByIdAsync;`: the delegate type must change; no rewrite. */
function reportMethodGroup(ctx: FileContext, at: Node, type: TypeName, member: string): void {
  const entries = (BY_RECEIVER.get(key(type))?.entries ?? []).filter((e) => e.member === member && e.change !== 'renamed');
  if (!entries.length) return;
  const sig = (e: CtMember) => `${member}(${e.new.filter((p) => !p.this).map((p) => `${p.type} ${p.name}`).join(', ')})`;
  ctx.report(at, `${type.name}.${member} is used as a method group; since 8.0 it takes a CancellationToken: ${[...new Set(entries.map(sig))].join(' or ')}`, {
    severity: 'warning',
    suggestion: `Use a lambda that passes a token, or change the delegate type to take a CancellationToken at that position`,
  });
}
