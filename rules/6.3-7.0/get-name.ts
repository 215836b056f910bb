/**
 * 7.0 removed the [Obsolete] PrincipalExtensions.GetName(this IPrincipal) and GetName(this IIdentity)
 * (Duende.IdentityServer.Extensions; catalog §4.10 row 19, verified against is/6.3.0 and is/7.0.0). Their obsolete
 * message points to GetDisplayName(this ClaimsPrincipal): the `name` claim's value (through Identity.Name, whose
 * claim type IdentityServer's cookie sets to `name`), else the subject id, where GetName threw without a name claim.
 *
 * In a file that sees Duende.IdentityServer.Extensions, `r.GetName()` with no arguments where r is:
 *  - `User` or `x.User` (controllers, Razor pages, HttpContext), or a name declared ClaimsPrincipal in the file:
 *    renamed to GetDisplayName (HEUR, listed for review: GetDisplayName falls back to the subject id);
 *  - declared IPrincipal, or an identity (`x.Identity`, declared IIdentity / ClaimsIdentity): reported, since
 *    GetDisplayName only exists on ClaimsPrincipal.
 * Any other receiver is left alone: a GetName() of the application's own is common.
 */
import type { Node } from '../../src/engine/csharp';
import { walk } from '../../src/engine/csharp';
import { declaredTypes, receiverName } from '../../src/engine/cs/receivers';
import { argsOf, fileSees, typeMatcher, type TypeName } from '../../src/engine/cs/syntax';
import type { FileRule } from '../../src/engine/rule';

const EXT = 'Duende.IdentityServer.Extensions';
const CLAIMS = 'System.Security.Claims';
const PRINCIPAL: TypeName = { ns: 'System.Security.Principal', name: 'IPrincipal' };
const IDENTITIES: TypeName[] = [
  { ns: 'System.Security.Principal', name: 'IIdentity' },
  { ns: CLAIMS, name: 'ClaimsIdentity' },
];
const CLAIMS_PRINCIPAL: TypeName = { ns: CLAIMS, name: 'ClaimsPrincipal' };

type Kind = 'claims-principal' | 'principal' | 'identity' | undefined;

function kindOf(recv: Node, declared: Map<string, Node | null>, matches: ReturnType<typeof typeMatcher>): Kind {
  const name = receiverName(recv);
  const type = name !== undefined ? declared.get(name) : undefined;
  if (type) {
    if (matches(type, CLAIMS_PRINCIPAL)) return 'claims-principal';
    if (matches(type, PRINCIPAL)) return 'principal';
    if (IDENTITIES.some((t) => matches(type, t))) return 'identity';
    return undefined; // declared as something else: not ours to judge
  }
  if (name !== undefined && declared.has(name)) return undefined; // declared with two types
  const last = recv.type === 'member_access_expression' ? recv.childForFieldName('name')?.text : recv.type === 'identifier' ? recv.text : undefined;
  if (last === 'User') return 'claims-principal';
  if (last === 'Identity') return 'identity';
  return undefined;
}

const rule: FileRule = {
  id: '6.3-7.0/get-name',
  title: 'User.GetName() was removed at 7.0: GetDisplayName()',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_3-to-v7_0',
  kind: 'fix',
  review: true,
  catalog: ['4.10#19'],
  reads: ['csharp'],
  triggers: ['GetName'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root || !fileSees(ctx, EXT)) return;
    const declared = declaredTypes(root);
    const matches = typeMatcher(ctx);
    walk(root, (n) => {
      if (n.type !== 'invocation_expression' || argsOf(n.childForFieldName('arguments')).length) return;
      const fn = n.childForFieldName('function');
      const method = fn?.type === 'member_access_expression' ? fn.childForFieldName('name') : undefined;
      const recv = fn?.childForFieldName('expression');
      if (method?.text !== 'GetName' || !recv) return;
      const kind = kindOf(recv, declared, matches);
      if (kind === 'claims-principal') ctx.edit(method.startIndex, method.endIndex, 'GetDisplayName');
      else if (kind === 'principal') {
        ctx.report(n, 'GetName() on an IPrincipal was removed in IdentityServer 7.0; GetDisplayName() exists only on ClaimsPrincipal', {
          severity: 'warning',
          suggestion: `use \`((ClaimsPrincipal)${recv.text}).GetDisplayName()\` or \`${recv.text}.Identity?.Name\``,
        });
      } else if (kind === 'identity') {
        ctx.report(n, 'GetName() on an identity was removed in IdentityServer 7.0', {
          severity: 'warning',
          suggestion: `use \`${recv.text}.Name\`, or \`(${recv.text} as ClaimsIdentity)?.FindFirst(JwtClaimTypes.Name)?.Value\` for exactly the \`name\` claim GetName() read`,
        });
      }
    });
  },
};

export default rule;
