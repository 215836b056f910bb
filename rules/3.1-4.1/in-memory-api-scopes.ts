/**
 * API scopes must be registered on their own since 4.0 (catalog §4.1 row 2).
 *
 * Matches: a call `.AddInMemoryApiResources(arg)` in a file that never calls `.AddInMemoryApiScopes(`.
 * Rewrites (review): when `arg` is `C.Member` or `C.Method()` with `C` a class name (not a local, parameter or field of
 * the file), `.AddInMemoryApiScopes(C.ApiScopes)` is chained right after the call, on its own line when the chain is
 * written one call per line. `C.ApiScopes` is the property the config-model rule adds beside the resources it
 * migrates; an info finding says so. Other arguments get a finding with the call to add.
 * Also reports configuration-store seeding that adds API resources (`<x>.ApiResources.Add(<y>.ToEntity())`) in a file
 * that never mentions `ApiScopes`: the scopes must be seeded too.
 */
import { walk, type Node } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';
import { declaredTypes } from '../../src/engine/cs/receivers';
import { argsOf, argumentValue, named } from '../../src/engine/cs/syntax';
import { indentAt } from '../../src/util/text';

const rule: FileRule = {
  id: '3.1-4.1/in-memory-api-scopes',
  title: 'Register API scopes: AddInMemoryApiScopes beside AddInMemoryApiResources; seed ApiScopes',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/',
  kind: 'fix',
  catalog: ['4.1#2'],
  reads: ['csharp'],
  triggers: ['AddInMemoryApiResources', 'ApiResources'],
  actsWithoutLibraryNamespace: true,
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const calls: Node[] = [];
    const seeds: Node[] = [];
    let registersScopes = false;
    let mentionsScopes = false;
    walk(root, (n) => {
      if (n.type === 'identifier' && n.text === 'ApiScopes') mentionsScopes = true;
      if (n.type !== 'invocation_expression') return;
      const fn = n.childForFieldName('function');
      if (fn?.type !== 'member_access_expression') return;
      const name = fn.childForFieldName('name')?.text;
      if (name === 'AddInMemoryApiScopes') registersScopes = true;
      if (name === 'AddInMemoryApiResources') calls.push(n);
      if (name === 'Add' && fn.childForFieldName('expression')?.type === 'member_access_expression' && fn.childForFieldName('expression')?.childForFieldName('name')?.text === 'ApiResources') {
        const arg = argumentValue(argsOf(n.childForFieldName('arguments'))[0] ?? n);
        if (arg?.type === 'invocation_expression' && /\.ToEntity$/.test(arg.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '')) seeds.push(n);
      }
    });

    if (!registersScopes) {
      const declared = declaredTypes(root);
      for (const call of calls) {
        const args = argsOf(call.childForFieldName('arguments'));
        const owner = args.length === 1 ? ownerClass(argumentValue(args[0]), declared) : undefined;
        if (!owner) {
          ctx.report(call, '4.0 needs the API scopes registered on their own: this AddInMemoryApiResources call has no AddInMemoryApiScopes beside it', {
            severity: 'warning',
            suggestion: 'Chain .AddInMemoryApiScopes(<the ApiScope list>) after it; the ApiScope list holds one ApiScope per scope the API resources list',
          });
          continue;
        }
        const fn = call.childForFieldName('function')!;
        const dot = ctx.text.lastIndexOf('.', fn.childForFieldName('name')!.startIndex);
        const lineStart = ctx.text.lastIndexOf('\n', dot - 1) + 1;
        const ownLine = /^[ \t]*$/.test(ctx.text.slice(lineStart, dot));
        const added = `.AddInMemoryApiScopes(${owner}.ApiScopes)`;
        ctx.edit(call.endIndex, call.endIndex, ownLine ? `${ctx.eol}${indentAt(ctx.text, dot)}${added}` : added, { review: true });
        ctx.report(call, `4.0 needs the API scopes registered on their own: AddInMemoryApiScopes(${owner}.ApiScopes) was added`, {
          severity: 'info',
          suggestion: `${owner}.ApiScopes is added by the config-model rule where it migrates ${owner}'s API resources; otherwise define it (one ApiScope per scope the API resources list)`,
        });
      }
    }
    if (!mentionsScopes) {
      for (const seed of seeds) {
        ctx.report(seed, 'API resources are seeded into the configuration store, but no API scopes: since 4.0 scopes are their own table (ConfigurationDbContext.ApiScopes)', {
          severity: 'warning',
          suggestion: 'Seed the scopes too, e.g. foreach (var scope in Config.ApiScopes) context.ApiScopes.Add(scope.ToEntity());',
        });
      }
    }
  },
};

export default rule;

/** `Config` of `Config.Apis` / `Config.GetApis()`, when `Config` is not a variable of the file. */
function ownerClass(value: Node | undefined, declared: Map<string, Node | null>): string | undefined {
  let v = value;
  if (v?.type === 'invocation_expression' && argsOf(v.childForFieldName('arguments')).length === 0) v = v.childForFieldName('function') ?? undefined;
  if (v?.type !== 'member_access_expression') return undefined;
  const owner = v.childForFieldName('expression');
  if (!owner || (owner.type !== 'identifier' && owner.type !== 'member_access_expression' && owner.type !== 'qualified_name')) return undefined;
  if (owner.type === 'member_access_expression' && !isDottedName(owner)) return undefined;
  const head = owner.text.split('.')[0].trim();
  if (declared.has(head) || !/^[A-Z]/.test(head)) return undefined;
  return owner.text.replace(/\s+/g, '');
}

function isDottedName(n: Node): boolean {
  if (n.type === 'identifier') return true;
  if (n.type !== 'member_access_expression') return false;
  const e = n.childForFieldName('expression');
  return !!e && isDottedName(e) && named(n).length === 2;
}
