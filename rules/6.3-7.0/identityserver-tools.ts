/**
 * IdentityServerTools at 7.0 (catalog §4.10 row 4, verified against is/6.3.0 and is/7.0.0): IdentityServer registers
 * only the new interface (`AddTransient<IIdentityServerTools, IdentityServerTools>`), so a constructor that asks for
 * the class no longer resolves. The interface has every public member the class had (IssueJwtAsync x3) plus
 * IssueClientJwtAsync, which moved from the removed static IdentityServerToolsExtensions onto the class and interface.
 *
 * Rewrites (HEUR, listed for review), where the file sees Duende.IdentityServer or spells the type out:
 *  - `IdentityServerTools` -> `IIdentityServerTools` as the type of parameters, fields, properties, locals, method
 *    returns and the type argument of GetService/GetRequiredService; never in a base list, `new IdentityServerTools(...)`,
 *    `typeof`/`nameof`, or constructor parameters of DefaultBackChannelLogoutService subclasses (base-constructors owns them);
 *  - `IdentityServerToolsExtensions.IssueClientJwtAsync(tools, ...)` -> `tools.IssueClientJwtAsync(...)`.
 * Reports: DI registrations naming the class (`AddTransient<IdentityServerTools, MyTools>()`): register the interface.
 */
import type { Node } from '../../src/engine/csharp';
import { walk } from '../../src/engine/csharp';
import { typeReferences } from '../../src/engine/cs/occurrences';
import { argsOf, argumentName, dotted, fileSees, isQualified, named, simpleIdentifier, typesDerivingFrom, type TypeName } from '../../src/engine/cs/syntax';
import type { FileContext, FileRule } from '../../src/engine/rule';

const TOOLS: TypeName = { ns: 'Duende.IdentityServer', name: 'IdentityServerTools' };
const LOGOUT: TypeName = { ns: 'Duende.IdentityServer.Services', name: 'DefaultBackChannelLogoutService' };
const REGISTRATION = /^(Try)?Add(Transient|Scoped|Singleton)$/;

/** Declaration sites where the type names what a value is. */
function isDeclaredType(ref: Node): boolean {
  let n = ref;
  if (n.parent?.type === 'nullable_type') n = n.parent;
  const parent = n.parent;
  if (!parent) return false;
  const typed = (p: Node) => p.childForFieldName('type')?.equals(n) || p.childForFieldName('returns')?.equals(n);
  if (['parameter', 'property_declaration', 'method_declaration', 'local_function_statement', 'variable_declaration'].includes(parent.type)) return !!typed(parent);
  return false;
}

/** `GetService<IdentityServerTools>()` / `GetRequiredService<...>()`: the type argument. */
function isServiceLookup(ref: Node): boolean {
  const list = ref.parent;
  const generic = list?.type === 'type_argument_list' ? list.parent : undefined;
  return generic?.type === 'generic_name' && ['GetService', 'GetRequiredService'].includes(simpleIdentifier(generic) ?? '') && named(list!).length === 1;
}

/** `services.AddTransient<IdentityServerTools, X>()` and the like. */
function isRegistration(ref: Node): boolean {
  const list = ref.parent;
  const generic = list?.type === 'type_argument_list' ? list.parent : undefined;
  return generic?.type === 'generic_name' && REGISTRATION.test(simpleIdentifier(generic) ?? '');
}

function insideCtorOfLogoutService(ctx: FileContext, ref: Node): boolean {
  return typesDerivingFrom(ctx, [LOGOUT]).some(({ decl }) => {
    for (let p: Node | null = ref; p && !p.equals(decl); p = p.parent) {
      if (p.type === 'parameter_list' && (p.parent?.type === 'constructor_declaration' || p.parent?.equals(decl))) return true;
    }
    return false;
  });
}

/** The identifier to rewrite: the name itself, or the last part of a qualified name. */
function nameNode(ref: Node): Node | undefined {
  if (ref.type === 'identifier') return ref;
  if (isQualified(ref)) {
    const last = ref.childForFieldName('name');
    return last?.type === 'identifier' ? last : undefined;
  }
  return undefined;
}

/** `IdentityServerToolsExtensions.IssueClientJwtAsync(t, ...)` with t a plain name or member chain. */
function staticExtensionCalls(ctx: FileContext): { call: Node; receiver: Node; rest: Node[] }[] {
  const root = ctx.tree?.rootNode;
  if (!root) return [];
  const sees = fileSees(ctx, TOOLS.ns);
  const out: { call: Node; receiver: Node; rest: Node[] }[] = [];
  walk(root, (n) => {
    if (n.type !== 'invocation_expression') return;
    const fn = n.childForFieldName('function');
    if (fn?.type !== 'member_access_expression' || fn.childForFieldName('name')?.text !== 'IssueClientJwtAsync') return;
    const owner = dotted(fn.childForFieldName('expression') ?? '');
    if (!(owner === `${TOOLS.ns}.IdentityServerToolsExtensions` || (sees && owner === 'IdentityServerToolsExtensions'))) return;
    const args = argsOf(n.childForFieldName('arguments'));
    const first = args[0];
    const value = first && named(first)[named(first).length - 1];
    if (!first || argumentName(first) || !value || !/^(identifier|member_access_expression|this_expression)$/.test(value.type)) return;
    out.push({ call: n, receiver: value, rest: args.slice(1) });
  });
  return out;
}

const rule: FileRule = {
  id: '6.3-7.0/identityserver-tools',
  title: 'Inject IIdentityServerTools instead of the IdentityServerTools class; IssueClientJwtAsync is an instance method',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_3-to-v7_0',
  kind: 'fix',
  review: true,
  catalog: ['4.10#4'],
  reads: ['csharp'],
  triggers: ['IdentityServerTools'],
  run(ctx) {
    for (const ref of typeReferences(ctx, TOOLS)) {
      if (isRegistration(ref)) {
        ctx.report(ref, 'IdentityServer 7.0 resolves IIdentityServerTools, not the IdentityServerTools class', {
          severity: 'warning',
          suggestion: 'register your implementation as IIdentityServerTools (e.g. AddTransient<IIdentityServerTools, MyTools>())',
        });
        continue;
      }
      if (!(isDeclaredType(ref) || isServiceLookup(ref)) || insideCtorOfLogoutService(ctx, ref)) continue;
      const id = nameNode(ref);
      if (id) ctx.edit(id.startIndex, id.endIndex, 'IIdentityServerTools');
    }
    for (const { call, receiver, rest } of staticExtensionCalls(ctx)) {
      const list = call.childForFieldName('arguments')!;
      const args = rest.length ? ctx.text.slice(rest[0].startIndex, rest[rest.length - 1].endIndex) : '';
      ctx.edit(call.startIndex, list.endIndex, `${receiver.text}.IssueClientJwtAsync(${args})`);
    }
  },
};

export default rule;
