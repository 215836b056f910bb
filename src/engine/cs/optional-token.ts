/**
 * Adding a `CancellationToken cancellationToken = default` parameter to methods that override or implement a library
 * member that gained one (6.0 EF notifications and cleanup virtuals; the same shape recurs in 8.0).
 */
import { walk, type Node } from '../csharp';
import type { FileContext } from '../rule';
import { addUsings } from '../namespace-rename';
import { argsOf, fileSees, named, paramsOf } from './syntax';

export interface AddTokenOptions {
  /** Only methods with exactly this many parameters are changed (the old signature); others are left alone. */
  paramsBefore: number;
  /** Pass the token on in `base.SameMethod()` calls without arguments inside the method. */
  forwardBaseCalls: boolean;
}

/** Appends the parameter to each method (its old signature only) and adds `using System.Threading;` when needed. */
export function addCancellationToken(ctx: FileContext, methods: Node[], options: AddTokenOptions): number {
  let changed = 0;
  for (const m of methods) {
    const list = m.childForFieldName('parameters');
    const params = paramsOf(list);
    if (!list || params.length !== options.paramsBefore) continue;
    if (params.some((p) => p.childForFieldName('name')?.text === 'cancellationToken')) continue;
    const explicit = named(m).some((c) => c.type === 'explicit_interface_specifier');
    const param = `CancellationToken cancellationToken${explicit ? '' : ' = default'}`;
    if (params.length === 0) ctx.edit(list.startIndex + 1, list.endIndex - 1, param);
    else ctx.edit(params[params.length - 1].endIndex, params[params.length - 1].endIndex, `, ${param}`);
    if (options.forwardBaseCalls) forwardToBase(ctx, m);
    changed++;
  }
  if (changed && !fileSees(ctx, 'System.Threading')) addUsings(ctx, ['System.Threading']);
  return changed;
}

/** `base.Name()` inside method `m` (named like it) gets `(cancellationToken)`. */
function forwardToBase(ctx: FileContext, m: Node): void {
  const name = m.childForFieldName('name')?.text;
  const body = m.childForFieldName('body') ?? named(m).find((c) => c.type === 'arrow_expression_clause');
  if (!name || !body) return;
  walk(body, (n) => {
    if (n.type === 'lambda_expression' || n.type === 'local_function_statement') return false;
    if (n.type !== 'invocation_expression') return;
    const fn = n.childForFieldName('function');
    if (fn?.type !== 'member_access_expression' || fn.childForFieldName('name')?.text !== name) return;
    const recv = fn.childForFieldName('expression');
    const isBase = recv ? recv.type === 'base_expression' || recv.text === 'base' : named(fn).length === 1 && fn.text.startsWith('base');
    const args = n.childForFieldName('arguments');
    if (!isBase || !args || argsOf(args).length) return;
    ctx.edit(args.startIndex + 1, args.endIndex - 1, 'cancellationToken');
  });
}
