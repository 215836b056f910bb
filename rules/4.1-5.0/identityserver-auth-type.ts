/**
 * String literals are never rewritten (catalog §2.2 #5): cookie, scheme and policy names that say "IdentityServer4"
 * keep working as they are. One literal changed meaning, though: the authentication type of the identities that
 * IdentityServer builds (IdentityServerUser.CreatePrincipal, the session cookie) was the internal constant
 * "IdentityServer4" and is "Duende.IdentityServer" from 5.0 on.
 *
 * Matches: the literal "IdentityServer4" (exactly) compared with something: an operand of == / !=, an argument of an
 * Equals(...) call, a `case` label, an `is` pattern or a switch-expression arm.
 * Reports it; edits nothing.
 */
import { walk, type Node } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';

const LITERAL = 'IdentityServer4';

const rule: FileRule = {
  id: '4.1-5.0/identityserver-auth-type',
  title: 'Code comparing against the authentication type "IdentityServer4" (now "Duende.IdentityServer")',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-to-duende-identityserver-v5/',
  kind: 'finding',
  catalog: ['2.2#5'],
  reads: ['csharp'],
  triggers: [`"${LITERAL}"`],
  actsWithoutLibraryNamespace: true,
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    walk(root, (n) => {
      if (n.type !== 'string_literal' && n.type !== 'verbatim_string_literal') return;
      if (!/^@?"IdentityServer4"$/.test(n.text) || !compared(n)) return false;
      ctx.report(n, 'the authentication type of identities issued by IdentityServer was "IdentityServer4" and is "Duende.IdentityServer" from Duende IdentityServer 5.0 on: this comparison no longer matches (the literal was left as it is)', {
        suggestion: 'compare with "Duende.IdentityServer", or test User.Identity.IsAuthenticated / the authentication scheme instead of the authentication type',
      });
      return false;
    });
  },
};

export default rule;

function compared(literal: Node): boolean {
  let n = literal;
  while (n.parent?.type === 'parenthesized_expression') n = n.parent;
  const p = n.parent;
  if (!p) return false;
  if (p.type === 'binary_expression') return /^(==|!=)$/.test(p.childForFieldName('operator')?.text ?? '');
  if (p.type === 'constant_pattern' || p.type === 'case_switch_label' || p.type === 'switch_expression_arm' || p.type === 'is_pattern_expression') return true;
  if (p.type === 'case_pattern_switch_label' || p.type === 'switch_label') return true;
  if (p.type === 'argument') {
    const call = p.parent?.parent;
    const fn = call?.type === 'invocation_expression' ? call.childForFieldName('function') : undefined;
    const name = fn?.type === 'member_access_expression' ? fn.childForFieldName('name')?.text : fn?.text;
    return name === 'Equals';
  }
  return false;
}
