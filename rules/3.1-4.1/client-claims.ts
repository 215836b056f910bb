/**
 * `Client.Claims` holds `ClientClaim`s since 4.0 (was `System.Security.Claims.Claim`) (catalog §4.1 row 3).
 *
 * Matches, in a file that names IdentityServer4.Models.Client (a using or the qualified name) and sees
 * System.Security.Claims:
 *   - `new Client { Claims = { new Claim(t, v), ... } }`, `Claims = new List<Claim> { ... }`, `new Claim[] { ... }`,
 *     `new[] { ... }` → each `new Claim(t, v[, valueType])` becomes `new ClientClaim(...)` (same arguments), and the
 *     collection's element type `Claim` becomes `ClientClaim`;
 *   - `client.Claims.Add(new Claim(t, v))` where `client` is declared in the file as a Client.
 * Edits are for review. A claim built another way (4 or more arguments, a variable, a method call) or a Claims value
 * that is not a list is a finding. Files that also see IdentityServer4.EntityFramework.Entities (whose Client entity
 * has its own Claims) are left alone when `Client` is written without a namespace.
 */
import type { Node } from '../../src/engine/csharp';
import type { FileContext, FileRule } from '../../src/engine/rule';
import { initializerMembers } from '../../src/engine/cs/occurrences';
import { memberUsesOnNames, typedNames } from '../../src/engine/cs/typed-names';
import { argsOf, fileSees, isQualified, named, typeMatcher, type TypeName } from '../../src/engine/cs/syntax';

const CLIENT: TypeName = { ns: 'IdentityServer4.Models', name: 'Client' };
const CLAIM: TypeName = { ns: 'System.Security.Claims', name: 'Claim' };

const rule: FileRule = {
  id: '3.1-4.1/client-claims',
  title: 'Client.Claims holds ClientClaim instead of Claim',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/',
  kind: 'fix',
  catalog: ['4.1#3'],
  reads: ['csharp'],
  triggers: ['Claims'],
  run(ctx) {
    if (!ctx.tree) return;
    if (fileSees(ctx, 'IdentityServer4.EntityFramework.Entities') && !/IdentityServer4\s*\.\s*Models\s*\.\s*Client\b/.test(ctx.text)) return;
    const matches = typeMatcher(ctx);
    const clientClaim = fileSees(ctx, CLIENT.ns) ? 'ClientClaim' : `${CLIENT.ns}.ClientClaim`;
    const isClaim = (n: Node | null | undefined) => matches(n, CLAIM);

    for (const m of initializerMembers(ctx, [CLIENT], ['Claims'])) {
      const list = claimList(m.value, isClaim);
      if (typeof list === 'string') {
        ctx.report(m.name, `Client.Claims holds ClientClaim objects since 4.0: ${list}`, {
          severity: 'warning',
          suggestion: 'Build the client claims with new ClientClaim(type, value[, valueType]) (IdentityServer4.Models)',
        });
        continue;
      }
      if (list.elementType) rename(ctx, list.elementType, clientClaim);
      for (const e of list.claims) rename(ctx, e.childForFieldName('type')!, clientClaim);
    }

    const clients = typedNames(ctx, [CLIENT]);
    for (const use of memberUsesOnNames(ctx, clients, 'Claims')) {
      const add = use.access.parent;
      if (add?.type !== 'member_access_expression' || add.childForFieldName('name')?.text !== 'Add') continue;
      const call = add.parent;
      if (call?.type !== 'invocation_expression') continue;
      const args = argsOf(call.childForFieldName('arguments'));
      const claim = args.length === 1 ? named(args[0])[named(args[0]).length - 1] : undefined;
      if (claim && isPlainClaim(claim, isClaim)) rename(ctx, claim.childForFieldName('type')!, clientClaim);
      else if (!claim || !isClientClaim(claim, matches)) {
        ctx.report(call, 'Client.Claims holds ClientClaim objects since 4.0', { severity: 'warning', suggestion: 'Add new ClientClaim(type, value[, valueType]) (IdentityServer4.Models)' });
      }
    }
  },
};

export default rule;

function rename(ctx: FileContext, type: Node, clientClaim: string): void {
  if (isQualified(type)) {
    const last = type.childForFieldName('name')!;
    ctx.edit(type.startIndex, last.endIndex, clientClaim, { review: true });
  } else ctx.edit(type.startIndex, type.endIndex, clientClaim, { review: true });
}

/** `new Claim(t, v)` or `new Claim(t, v, valueType)` without an initializer. */
function isPlainClaim(e: Node, isClaim: (n: Node | null) => boolean): boolean {
  if (e.type !== 'object_creation_expression' || !isClaim(e.childForFieldName('type'))) return false;
  const n = argsOf(e.childForFieldName('arguments')).length;
  return (n === 2 || n === 3) && !e.childForFieldName('initializer') && !argsOf(e.childForFieldName('arguments')).some((a) => a.childForFieldName('name'));
}

function isClientClaim(e: Node, matches: ReturnType<typeof typeMatcher>): boolean {
  return e.type === 'object_creation_expression' && matches(e.childForFieldName('type'), { ns: CLIENT.ns, name: 'ClientClaim' });
}

/** The claims of a Claims value and the element type node to rename, or why it cannot be rewritten. */
function claimList(value: Node, isClaim: (n: Node | null) => boolean): { claims: Node[]; elementType?: Node } | string {
  let list: Node | undefined;
  let elementType: Node | undefined;
  if (value.type === 'initializer_expression') list = value;
  else if (value.type === 'implicit_array_creation_expression') list = named(value).find((c) => c.type === 'initializer_expression');
  else if (value.type === 'object_creation_expression' || value.type === 'array_creation_expression') {
    const t = value.childForFieldName('type');
    if (t?.type === 'array_type') elementType = t.childForFieldName('type') ?? undefined;
    else if (t?.type === 'generic_name' && ['List', 'HashSet', 'Collection'].includes(named(t)[0]?.text ?? '')) {
      const targs = named(named(t).find((c) => c.type === 'type_argument_list') ?? t);
      if (targs.length === 1) elementType = targs[0];
    }
    if (!elementType) return `'${value.text.replace(/\s+/g, ' ')}' is not a list of claims`;
    if (!isClaim(elementType)) return elementType.text === 'ClientClaim' || /\.ClientClaim$/.test(elementType.text) ? { claims: [] } : `'${value.text.replace(/\s+/g, ' ')}' is not a list of claims`;
    list = value.childForFieldName('initializer') ?? named(value).find((c) => c.type === 'initializer_expression');
  } else return `the claims come from '${value.text.replace(/\s+/g, ' ')}'`;
  const claims = list ? named(list).filter((c) => c.type !== 'comment') : [];
  const odd = claims.find((c) => !isPlainClaim(c, isClaim));
  if (odd) {
    if (odd.type === 'object_creation_expression' && /ClientClaim$/.test(odd.childForFieldName('type')?.text ?? '')) return { claims: [] };
    return `'${odd.text.replace(/\s+/g, ' ')}' is not a plain new Claim(type, value[, valueType])`;
  }
  return { claims, elementType };
}
