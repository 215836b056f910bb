/**
 * Calls and object creations by name: `x.AddIdentityServer(...)`, `AddDataProtection()`, `services.AddTransient<A, B>()`,
 * `new T(...)`, and the fluent chain a call heads (`AddDataProtection().PersistKeysToX().SetApplicationName(...)`).
 * Used by rules whose signal is a host-configuration call rather than a type relation.
 */
import { walk, type Node } from '../csharp';
import type { FileContext } from '../rule';
import { argsOf, named, typeMatcher, type TypeName } from './syntax';

export interface Call {
  call: Node; // invocation_expression
  /** The method name node (identifier, or the identifier of a generic name). */
  name: Node;
  /** `x` of `x.M()`; undefined for a bare `M()`. */
  receiver?: Node;
  /** Type arguments of `M<A, B>()`. */
  typeArgs: Node[];
  args: Node[];
}

function callOf(n: Node): Call | undefined {
  if (n.type !== 'invocation_expression') return undefined;
  const fn = n.childForFieldName('function');
  if (!fn) return undefined;
  let nameNode: Node | null = fn;
  let receiver: Node | undefined;
  if (fn.type === 'member_access_expression') {
    nameNode = fn.childForFieldName('name');
    receiver = fn.childForFieldName('expression') ?? undefined;
  }
  if (!nameNode || (nameNode.type !== 'identifier' && nameNode.type !== 'generic_name')) return undefined;
  const id = nameNode.type === 'generic_name' ? named(nameNode)[0] : nameNode;
  const list = nameNode.type === 'generic_name' ? named(nameNode).find((c) => c.type === 'type_argument_list') : undefined;
  return { call: n, name: id, receiver, typeArgs: list ? named(list) : [], args: argsOf(n.childForFieldName('arguments')) };
}

/** Invocations of a method named `name` (any receiver), in source order. */
export function callsNamed(root: Node, name: string | ((n: string) => boolean)): Call[] {
  const wanted = typeof name === 'string' ? (n: string) => n === name : name;
  const out: Call[] = [];
  walk(root, (n) => {
    const c = callOf(n);
    if (c && wanted(c.name.text)) out.push(c);
  });
  return out;
}

/** The calls chained after `call`: for `a.X().Y().Z()` and X, the calls Y and Z. */
export function chainedAfter(call: Node): Call[] {
  const out: Call[] = [];
  let cur = call;
  for (;;) {
    const access = cur.parent;
    if (access?.type !== 'member_access_expression' || !access.childForFieldName('expression')?.equals(cur)) break;
    const inv = access.parent;
    const c = inv && callOf(inv);
    if (!c || !inv!.childForFieldName('function')?.equals(access)) break;
    out.push(c);
    cur = inv!;
  }
  return out;
}

/** `new T(...)` (also `new T(...) { ... }`) where T names one of the types. */
export function creationsOf(ctx: FileContext, types: readonly TypeName[]): { node: Node; type: TypeName; args: Node[] }[] {
  const root = ctx.tree?.rootNode;
  if (!root) return [];
  const matches = typeMatcher(ctx);
  const out: { node: Node; type: TypeName; args: Node[] }[] = [];
  walk(root, (n) => {
    if (n.type !== 'object_creation_expression') return;
    const t = n.childForFieldName('type');
    const type = types.find((x) => matches(t, x));
    if (type) out.push({ node: n, type, args: argsOf(n.childForFieldName('arguments')) });
  });
  return out;
}

/** DI registration methods whose first type argument is the service type. */
const REGISTRATIONS = /^(Try)?Add(Transient|Scoped|Singleton)$|^Replace$/;

/**
 * `services.AddTransient<Service, Impl>()` (and Scoped/Singleton, TryAdd*) whose service type argument names `type`,
 * with a second type argument (an implementation). `one` lists registrations with the service type only
 * (`AddTransient<Service>(...)`).
 */
export function registrationsOf(ctx: FileContext, type: TypeName): { pairs: (Call & { service: Node })[]; one: (Call & { service: Node })[] } {
  const root = ctx.tree?.rootNode;
  const pairs: (Call & { service: Node })[] = [];
  const one: (Call & { service: Node })[] = [];
  if (!root) return { pairs, one };
  const matches = typeMatcher(ctx);
  for (const c of callsNamed(root, (n) => REGISTRATIONS.test(n))) {
    if (!c.typeArgs.length || !matches(c.typeArgs[0], type)) continue;
    (c.typeArgs.length === 2 ? pairs : one).push({ ...c, service: c.typeArgs[0] });
  }
  return { pairs, one };
}

/** `sp.GetService<T>()`, `GetRequiredService<T>()` (and the `typeof(T)` forms) naming `type`. */
export function resolutionsOf(ctx: FileContext, type: TypeName): (Call & { service: Node })[] {
  const root = ctx.tree?.rootNode;
  if (!root) return [];
  const matches = typeMatcher(ctx);
  const out: (Call & { service: Node })[] = [];
  for (const c of callsNamed(root, (n) => n === 'GetService' || n === 'GetRequiredService')) {
    let service = c.typeArgs[0];
    if (!service && c.args.length === 1) {
      const v = named(c.args[0])[0];
      if (v?.type === 'typeof_expression') service = named(v)[0];
    }
    if (service && matches(service, type)) out.push({ ...c, service });
  }
  return out;
}

/**
 * Replaces the arguments of a call with one object built from them: `(a, b)` -> `(new Ctx { A = a, B = b })`, for a
 * method whose positional parameters became the members of a context class. Only when there are exactly as many plain
 * positional arguments as members and no comment inside the list; returns whether it edited.
 */
export function wrapArgumentsInto(ctx: FileContext, argList: Node, contextType: string, members: readonly string[], options?: { review?: boolean }): boolean {
  const args = argsOf(argList);
  if (args.length !== members.length) return false;
  if (args.some((a) => a.childForFieldName('name') || named(a).length !== 1 || /^\s*(ref|out|in)\b/.test(a.text))) return false;
  if (named(argList).some((c) => c.type === 'comment')) return false;
  const init = args.map((a, i) => `${members[i]} = ${a.text}`).join(', ');
  ctx.edit(args[0].startIndex, args[args.length - 1].endIndex, `new ${contextType} { ${init} }`, options);
  return true;
}
