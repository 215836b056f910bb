/**
 * Receivers of an options type in configuration code: the parameter of the lambda given to a registration call
 * (`AddIdentityServer(options => …)`, `Configure<IdentityServerOptions>(o => …)`), or a name declared in the file with
 * the options type (field, property, parameter, local).
 */
import type { Node } from '../csharp';
import type { FileContext } from '../rule';
import { declaredTypes, receiverName } from './receivers';
import { named, simpleIdentifier, typeMatcher, type TypeName } from './syntax';

/** The lambda that declares `name` as its parameter, if `at` lies in one. */
export function lambdaDeclaring(at: Node, name: string): Node | undefined {
  for (let p: Node | null = at.parent; p; p = p.parent) {
    if (p.type !== 'lambda_expression') continue;
    const params = p.childForFieldName('parameters');
    if (!params) continue;
    if (params.type === 'implicit_parameter' && params.text === name) return p;
    if (params.type === 'parameter_list') {
      const ps = named(params).filter((c) => c.type === 'parameter');
      if (ps.some((q) => q.childForFieldName('name')?.text === name)) return p;
    }
  }
  return undefined;
}

/** The invocation a lambda is an argument of, and its method name (`AddIdentityServer`, `Configure`, …) and type arguments. */
export function invocationOfLambda(lambda: Node): { call: Node; name: string; typeArgs: Node[] } | undefined {
  const arg = lambda.parent;
  const list = arg?.type === 'argument' ? arg.parent : undefined;
  const call = list?.type === 'argument_list' ? list.parent : undefined;
  if (call?.type !== 'invocation_expression') return undefined;
  const f = call.childForFieldName('function');
  const id = f?.type === 'member_access_expression' ? f.childForFieldName('name') : f;
  const name = id && simpleIdentifier(id);
  if (!name) return undefined;
  const typeArgs = id.type === 'generic_name' ? named(named(id).find((c) => c.type === 'type_argument_list') ?? id).filter((c) => !c.equals(named(id)[0])) : [];
  return { call, name, typeArgs };
}

/**
 * Whether `receiver` denotes an options object of `type`: a lambda parameter of one of `registrations` (method names
 * whose configure lambda gets the options), or of `Configure<T>`/`PostConfigure<T>`/`ConfigureAll<T>` with T = type,
 * or a name declared in the file with the type.
 */
export function isOptionsReceiver(ctx: FileContext, receiver: Node, type: TypeName, registrations: string[]): boolean {
  const name = receiverName(receiver);
  if (!name) return false;
  const matches = typeMatcher(ctx);
  const lambda = lambdaDeclaring(receiver, name);
  if (lambda) {
    const params = lambda.childForFieldName('parameters');
    const typed = params?.type === 'parameter_list' ? named(params).find((q) => q.childForFieldName('name')?.text === name)?.childForFieldName('type') : undefined;
    if (typed) return matches(typed, type);
    const inv = invocationOfLambda(lambda);
    if (!inv) return false;
    if (registrations.includes(inv.name)) return true;
    return ['Configure', 'PostConfigure', 'ConfigureAll', 'PostConfigureAll'].includes(inv.name) && inv.typeArgs.length === 1 && matches(inv.typeArgs[0], type);
  }
  const declared = ctx.tree ? declaredTypes(ctx.tree.rootNode).get(name) : undefined;
  return !!declared && matches(declared, type);
}
