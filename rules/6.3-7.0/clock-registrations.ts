/**
 * R1 outside derived classes (catalog R1 at its 7.0 step, §4.10 row 1; verified against is/7.0.0): IdentityServer 7.0
 * reads the time from Duende.IdentityServer.IClock, whose default implementation wraps System.TimeProvider; it no
 * longer resolves ASP.NET Core's ISystemClock unless the host calls AddLegacyClock(). Findings:
 *  - a DI registration of ISystemClock (`AddSingleton<ISystemClock, FakeClock>()`, `TryAdd*`, `typeof(ISystemClock)`):
 *    a test or fixed clock registered that way no longer reaches IdentityServer;
 *  - TokenExtensions.CreateJwtPayloadDictionary(token, options, clock, logger) called with a clock declared as
 *    ISystemClock in the file: the parameter is an IClock now.
 */
import type { Node } from '../../src/engine/csharp';
import { walk } from '../../src/engine/csharp';
import { declaredTypes, receiverName } from '../../src/engine/cs/receivers';
import { argsOf, named, simpleIdentifier, typeMatcher, type TypeName } from '../../src/engine/cs/syntax';
import type { FileRule } from '../../src/engine/rule';

const SYSTEM_CLOCK: TypeName = { ns: 'Microsoft.AspNetCore.Authentication', name: 'ISystemClock' };
const REGISTRATION = /^(Try)?Add(Transient|Scoped|Singleton)$|^Replace$/;

/** The first type argument of `Add*<T, ...>` or the `typeof(T)` first argument of `Add*(typeof(T), ...)`. */
function registeredType(call: Node): Node | undefined {
  const fn = call.childForFieldName('function');
  const method = fn?.type === 'member_access_expression' ? fn.childForFieldName('name') : fn;
  if (!method || !REGISTRATION.test(simpleIdentifier(method) ?? '')) return undefined;
  if (method.type === 'generic_name') {
    const list = named(method).find((c) => c.type === 'type_argument_list');
    return list ? named(list)[0] : undefined;
  }
  const first = argsOf(call.childForFieldName('arguments'))[0];
  const value = first && named(first)[named(first).length - 1];
  return value?.type === 'typeof_expression' ? (value.childForFieldName('type') ?? undefined) : undefined;
}

const rule: FileRule = {
  id: '6.3-7.0/clock-registrations',
  title: 'ISystemClock registrations no longer reach IdentityServer 7.0 (IClock / TimeProvider)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_3-to-v7_0',
  kind: 'finding',
  catalog: ['R1', '4.10#1'],
  reads: ['csharp'],
  triggers: ['ISystemClock'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const matches = typeMatcher(ctx);
    const declared = declaredTypes(root);
    walk(root, (n) => {
      if (n.type !== 'invocation_expression') return;
      const registered = registeredType(n);
      if (registered && matches(registered, SYSTEM_CLOCK)) {
        ctx.report(n, 'IdentityServer 7.0 takes the time from Duende.IdentityServer.IClock (backed by TimeProvider); this ISystemClock registration no longer reaches it', {
          severity: 'warning',
          suggestion: 'register the clock as a TimeProvider (services.AddSingleton<TimeProvider>(...), e.g. FakeTimeProvider in tests), or call .AddLegacyClock() on the IdentityServer builder to keep using this ISystemClock until 8.0',
        });
        return;
      }
      const fn = n.childForFieldName('function');
      if (fn?.type !== 'member_access_expression' || fn.childForFieldName('name')?.text !== 'CreateJwtPayloadDictionary') return;
      const args = argsOf(n.childForFieldName('arguments'));
      const clock = args.length === 3 ? named(args[1])[named(args[1]).length - 1] : undefined;
      const name = receiverName(clock);
      const type = name ? declared.get(name) : undefined;
      if (clock && type && matches(type, SYSTEM_CLOCK)) {
        ctx.report(clock, 'TokenExtensions.CreateJwtPayloadDictionary takes a Duende.IdentityServer.IClock since 7.0', {
          severity: 'warning',
          suggestion: 'pass an IClock (in a DefaultTokenCreationService subclass: the protected Clock)',
        });
      }
    });
  },
};

export default rule;
