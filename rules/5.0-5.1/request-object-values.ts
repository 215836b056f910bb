/**
 * 5.1 changed the request object values from `Dictionary<string, string>` to `IEnumerable<Claim>` (one claim per JWT
 * claim, Type = claim name): AuthorizationRequest.RequestObjectValues, ValidatedAuthorizeRequest.RequestObjectValues and
 * JwtRequestValidationResult.Payload (catalog §4.4 row 1; verified at is/5.0.0 and is/5.1.0).
 *
 * Rewrites (HEUR, listed for review; call(recv:T)): a read of one value by key on a receiver declared in the file with
 * one of those types, `request.RequestObjectValues["k"]` -> `request.RequestObjectValues.FirstOrDefault(c => c.Type
 * == "k")?.Value` (adds `using System.Linq;`). The result is null where the indexer threw KeyNotFoundException.
 * Reports: any other use on such a receiver (TryGetValue, ContainsKey, Keys, assignment, iteration over pairs), and
 * `.RequestObjectValues` on receivers the file does not declare (the name is the library's) when the file imports
 * Duende.IdentityServer.Models or Duende.IdentityServer.Validation.
 */
import { walk, type Node } from '../../src/engine/csharp';
import { NS, t } from '../../src/engine/cs/duende-names';
import { memberUsesOn, receiverName, declaredTypes } from '../../src/engine/cs/receivers';
import { argsOf, fileSees, named, type TypeName } from '../../src/engine/cs/syntax';
import { addUsings } from '../../src/engine/namespace-rename';
import type { FileContext, FileRule } from '../../src/engine/rule';

const MEMBERS: { on: TypeName[]; member: string }[] = [
  { on: [t(NS.models, 'AuthorizationRequest'), t(NS.validation, 'ValidatedAuthorizeRequest')], member: 'RequestObjectValues' },
  { on: [t(NS.validation, 'JwtRequestValidationResult')], member: 'Payload' },
];
const MESSAGE = (m: string) => `${m} is an IEnumerable<Claim> since 5.1 (was Dictionary<string, string>)`;
const SUGGESTION = (m: string) => `Look values up by claim type: ${m}.FirstOrDefault(c => c.Type == "key")?.Value, or ${m}.Where(c => c.Type == "key") for repeated claims`;

/** A lambda parameter name not used as an identifier in the enclosing member. */
function freshName(n: Node): string {
  let scope: Node = n;
  while (scope.parent && !/(method|constructor|property|local_function|accessor)_declaration|local_function_statement|global_statement/.test(scope.type)) scope = scope.parent;
  const used = new Set<string>();
  walk(scope, (x) => void (x.type === 'identifier' && used.add(x.text)));
  return ['c', 'claim', 'requestClaim', 'rc'].find((s) => !used.has(s)) ?? 'requestObjectClaim';
}

function rewriteIndexer(ctx: FileContext, access: Node): boolean {
  const element = access.parent;
  if (element?.type !== 'element_access_expression' || !element.childForFieldName('expression')?.equals(access)) return false;
  const args = argsOf(named(element).find((c) => c.type === 'bracketed_argument_list'));
  if (args.length !== 1 || named(args[0]).length !== 1) return false;
  const parent = element.parent;
  if (parent?.type === 'assignment_expression' && parent.childForFieldName('left')?.equals(element)) return false;
  if (parent?.type === 'postfix_unary_expression' || parent?.type === 'prefix_unary_expression' || parent?.type === 'argument' && /^\s*(ref|out)\b/.test(parent.text)) return false;
  const c = freshName(element);
  ctx.edit(access.endIndex, element.endIndex, `.FirstOrDefault(${c} => ${c}.Type == ${args[0].text})?.Value`, { review: true });
  return true;
}

const rule: FileRule = {
  id: '5.0-5.1/request-object-values',
  title: 'RequestObjectValues / JwtRequestValidationResult.Payload are claims, not a dictionary',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v5_0-to-v5_1',
  kind: 'fix',
  review: true,
  catalog: ['4.4#1'],
  reads: ['csharp'],
  triggers: ['RequestObjectValues', 'JwtRequestValidationResult'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    let rewritten = 0;
    const seen = new Set<number>();
    for (const { on, member } of MEMBERS) {
      for (const use of memberUsesOn(ctx, on, member)) {
        seen.add(use.access.startIndex);
        if (rewriteIndexer(ctx, use.access)) rewritten++;
        else if (!isEnumerableUse(use.access)) ctx.report(use.name, MESSAGE(member), { severity: 'warning', suggestion: SUGGESTION(use.access.text) });
      }
    }
    if (fileSees(ctx, NS.models) || fileSees(ctx, NS.validation)) {
      const declared = declaredTypes(root);
      walk(root, (n) => {
        if (n.type !== 'member_access_expression' || seen.has(n.startIndex)) return;
        const name = n.childForFieldName('name');
        if (name?.text !== 'RequestObjectValues') return;
        const recv = receiverName(n.childForFieldName('expression'));
        if (recv && declared.get(recv)) return; // declared with another type
        if (isEnumerableUse(n)) return;
        ctx.report(name, MESSAGE('RequestObjectValues'), { severity: 'warning', suggestion: SUGGESTION(n.text) });
      });
    }
    if (rewritten && !fileSees(ctx, 'System.Linq')) addUsings(ctx, ['System.Linq']);
  },
};

/** Uses that read the same on an IEnumerable<Claim>: `.Any()`, `.Count()`, passing it on... are not. Only LINQ `Any()` with no argument is safe. */
function isEnumerableUse(access: Node): boolean {
  const parent = access.parent;
  if (parent?.type !== 'member_access_expression' || !parent.childForFieldName('expression')?.equals(access)) return false;
  const call = parent.parent;
  return parent.childForFieldName('name')?.text === 'Any' && call?.type === 'invocation_expression' && argsOf(call.childForFieldName('arguments')).length === 0;
}

export default rule;
