/**
 * `HttpContext.SignInAsync(string subject, ...)` (catalog §4.1 row 9): the ten string-based overloads of
 * IdentityServer4's `AuthenticationManagerExtensions` (namespace Microsoft.AspNetCore.Http) were removed in 4.0; only
 * `SignInAsync(IdentityServerUser user[, AuthenticationProperties properties])` is left.
 *
 * Matches: `<x>.SignInAsync(...)` where `<x>` is `HttpContext`, `….HttpContext` or a name declared as HttpContext, in a
 * file that sees Microsoft.AspNetCore.Http. Each argument is classified from its syntax and the declarations of the
 * file: a string (literal, `nameof`, `.ToString()`, a `string` variable, a member named like SubjectId/Username/Id/…),
 * AuthenticationProperties, a Claim or a Claim[] (`new Claim(...)`, `list.ToArray()` of a List<Claim>, …), a list of
 * authentication methods, a ClaimsPrincipal, or unknown (which may stand only where the overload wants a string).
 * Rewrites (review) when exactly one removed overload fits and none of ASP.NET Core's own `SignInAsync(principal…)` /
 * `SignInAsync(scheme, principal…)` does:
 *   `SignInAsync(sub, name, idp, props, claims)` →
 *   `SignInAsync(new IdentityServerUser(sub) { DisplayName = name, IdentityProvider = idp, AdditionalClaims = claims }, props)`
 * (AuthenticationMethods for an amr list). Reports the call, with that replacement shape, when more than one overload
 * (or one of ASP.NET Core's) could fit.
 */
import type { Node } from '../../src/engine/csharp';
import type { FileContext, FileRule } from '../../src/engine/rule';
import { declaredTypes } from '../../src/engine/cs/receivers';
import { argsOf, argumentValue, fileSees, named } from '../../src/engine/cs/syntax';
import { walk } from '../../src/engine/csharp';

// 'other': a type the file declares that is none of the above (e.g. a user's AuthenticationProperties subclass), which
// must not be taken for a string the way an undeclared name may be.
type Kind = 'string' | 'props' | 'claim' | 'claims' | 'amr' | 'principal' | 'user' | 'unknown' | 'other';
type Slot = 'sub' | 'name' | 'idp' | 'amr' | 'props';

const OVERLOADS: Slot[][] = [
  ['sub'],
  ['sub', 'props'],
  ['sub', 'name'],
  ['sub', 'name', 'props'],
  ['sub', 'name', 'idp'],
  ['sub', 'name', 'idp', 'props'],
  ['sub', 'name', 'amr'],
  ['sub', 'name', 'amr', 'props'],
  ['sub', 'name', 'idp', 'amr'],
  ['sub', 'name', 'idp', 'amr', 'props'],
];
const STRING_MEMBERS = new Set(['SubjectId', 'Subject', 'Username', 'UserName', 'Id', 'DisplayName', 'Name', 'Email', 'ProviderKey', 'LoginProvider', 'Provider', 'Scheme']);
const COLLECTIONS = /^(?:System\.Collections\.Generic\.)?(List|HashSet|ICollection|IList|IReadOnlyCollection|IReadOnlyList|IEnumerable)<(.+)>$/;

const rule: FileRule = {
  id: '3.1-4.1/sign-in-subject',
  title: 'HttpContext.SignInAsync(subject, …) → SignInAsync(new IdentityServerUser(subject) { … })',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/',
  kind: 'fix',
  catalog: ['4.1#9'],
  reads: ['csharp'],
  triggers: ['SignInAsync'],
  actsWithoutLibraryNamespace: true,
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root || !fileSees(ctx, 'Microsoft.AspNetCore.Http')) return;
    const declared = declaredTypes(root);
    const userType = fileSees(ctx, 'IdentityServer4') ? 'IdentityServerUser' : 'IdentityServer4.IdentityServerUser';
    walk(root, (n) => {
      if (n.type !== 'invocation_expression') return;
      const fn = n.childForFieldName('function');
      if (fn?.type !== 'member_access_expression' || fn.childForFieldName('name')?.text !== 'SignInAsync') return;
      if (!isHttpContext(fn.childForFieldName('expression'), declared)) return;
      const args = argsOf(n.childForFieldName('arguments'));
      if (args.length === 0 || args.some((a) => a.childForFieldName('name'))) return;
      const values = args.map((a) => argumentValue(a)!);
      const kinds = values.map((v) => kindOf(v, declared));
      if (kinds[0] === 'user' || kinds[0] === 'principal') return;
      const fits = OVERLOADS.filter((o) => fitsOverload(o, kinds));
      if (fits.length === 0) return;
      const aspnet = fitsAspNet(kinds);
      const shape = fits.length === 1 ? replacement(ctx, fits[0], values, kinds, declared, userType) : undefined;
      if (fits.length === 1 && !aspnet && shape) {
        ctx.edit(values[0].startIndex, values[values.length - 1].endIndex, shape, { review: true });
        return;
      }
      ctx.report(n, 'IdentityServer4 4.0 removed the HttpContext.SignInAsync(subject, …) overloads; if this call uses one, it must pass an IdentityServerUser', {
        severity: 'warning',
        suggestion: shape
          ? `SignInAsync(${shape})`
          : 'SignInAsync(new IdentityServerUser(subject) { DisplayName = name, IdentityProvider = idp, AuthenticationMethods = amr, AdditionalClaims = claims }, properties)',
      });
    });
  },
};

export default rule;

function isHttpContext(recv: Node | null, declared: Map<string, Node | null>): boolean {
  if (!recv) return false;
  if (recv.type === 'identifier') return recv.text === 'HttpContext' || declared.get(recv.text)?.text.replace(/\s+/g, '') === 'HttpContext';
  if (recv.type === 'member_access_expression') return recv.childForFieldName('name')?.text === 'HttpContext';
  return false;
}

function typeText(n: Node | null | undefined): string {
  return n ? n.text.replace(/\s+/g, '').replace(/^global::/, '') : '';
}

function kindOfType(t: string): Kind {
  t = t.replace(/\?$/, '');
  if (t === 'string' || t === 'String' || t === 'System.String') return 'string';
  if (/(^|\.)AuthenticationProperties$/.test(t)) return 'props';
  if (/(^|\.)Claim\[\]$/.test(t)) return 'claims';
  if (/(^|\.)Claim$/.test(t)) return 'claim';
  if (/(^|\.)ClaimsPrincipal$/.test(t)) return 'principal';
  if (/(^|\.)IdentityServerUser$/.test(t)) return 'user';
  if (t === 'string[]' || COLLECTIONS.exec(t)?.[2] === 'string') return 'amr';
  return 'unknown';
}

/** The kind of a type the file names: one it does not recognise is 'other' (object and dynamic stay 'unknown'). */
function known(k: Kind, t: string): Kind {
  return k === 'unknown' && !/^(object|Object|System\.Object|dynamic)\??$/.test(t) ? 'other' : k;
}

function kindOf(v: Node, declared: Map<string, Node | null>): Kind {
  switch (v.type) {
    case 'string_literal':
    case 'verbatim_string_literal':
    case 'raw_string_literal':
    case 'interpolated_string_expression':
      return 'string';
    case 'identifier': {
      const t = declared.get(v.text);
      if (t) return known(kindOfType(typeText(t)), typeText(t));
      return /principal/i.test(v.text) || v.text === 'User' ? 'principal' : 'unknown';
    }
    case 'member_access_expression': {
      const name = v.childForFieldName('name')?.text ?? '';
      if (name === 'Principal' || name === 'User') return 'principal';
      return STRING_MEMBERS.has(name) ? 'string' : 'unknown';
    }
    case 'object_creation_expression':
      return known(kindOfType(typeText(v.childForFieldName('type'))), typeText(v.childForFieldName('type')));
    case 'array_creation_expression':
      return kindOfType(typeText(v.childForFieldName('type')));
    case 'implicit_array_creation_expression': {
      const items = named(named(v).find((c) => c.type === 'initializer_expression') ?? v);
      if (items.length && items.every((i) => i.type === 'string_literal')) return 'amr';
      if (items.length && items.every((i) => i.type === 'object_creation_expression' && kindOfType(typeText(i.childForFieldName('type'))) === 'claim')) return 'claims';
      return 'unknown';
    }
    case 'invocation_expression': {
      const fn = v.childForFieldName('function');
      if (fn?.type === 'identifier' && fn.text === 'nameof') return 'string';
      if (fn?.type !== 'member_access_expression') return 'unknown';
      const method = fn.childForFieldName('name')?.text;
      if (method === 'ToString') return 'string';
      const recv = fn.childForFieldName('expression');
      if (method === 'ToArray' && recv?.type === 'identifier') {
        const t = typeText(declared.get(recv.text));
        const element = COLLECTIONS.exec(t)?.[2];
        if (element && kindOfType(element) === 'claim') return 'claims';
      }
      return 'unknown';
    }
    default:
      return 'unknown';
  }
}

function fitsSlot(slot: Slot, k: Kind): boolean {
  if (slot === 'sub' || slot === 'name' || slot === 'idp') return k === 'string' || k === 'unknown';
  if (slot === 'props') return k === 'props';
  return k === 'amr';
}

function fitsOverload(o: Slot[], kinds: Kind[]): boolean {
  if (kinds.length < o.length) return false;
  if (!o.every((slot, i) => fitsSlot(slot, kinds[i]))) return false;
  const rest = kinds.slice(o.length);
  return rest.every((k) => k === 'claim') || (rest.length === 1 && rest[0] === 'claims');
}

/** ASP.NET Core's SignInAsync(principal[, props]) and SignInAsync(scheme, principal[, props]). */
function fitsAspNet(kinds: Kind[]): boolean {
  const principal = (k: Kind) => k === 'principal' || k === 'unknown';
  const str = (k: Kind) => k === 'string' || k === 'unknown';
  const props = (k: Kind) => k === 'props' || k === 'unknown';
  if (kinds.length === 1) return principal(kinds[0]);
  if (kinds.length === 2) return (principal(kinds[0]) && props(kinds[1])) || (str(kinds[0]) && principal(kinds[1]));
  if (kinds.length === 3) return str(kinds[0]) && principal(kinds[1]) && props(kinds[2]);
  return false;
}

function replacement(ctx: FileContext, o: Slot[], values: Node[], kinds: Kind[], declared: Map<string, Node | null>, userType: string): string | undefined {
  const at = (slot: Slot) => {
    const i = o.indexOf(slot);
    return i === -1 ? undefined : values[i];
  };
  const init: string[] = [];
  const name = at('name');
  const idp = at('idp');
  const amr = at('amr');
  if (name) init.push(`DisplayName = ${name.text}`);
  if (idp) init.push(`IdentityProvider = ${idp.text}`);
  if (amr) {
    // AuthenticationMethods is an ICollection<string>: arrays and lists assign as they are.
    const t = amr.type === 'identifier' ? typeText(declared.get(amr.text)) : '';
    if (amr.type === 'identifier' && !/^(string\[\]|(System\.Collections\.Generic\.)?(List|HashSet|ICollection|IList)<string>)$/.test(t)) return undefined;
    init.push(`AuthenticationMethods = ${amr.text}`);
  }
  const claims = values.slice(o.length);
  if (claims.length === 1 && kinds[o.length] === 'claims') init.push(`AdditionalClaims = ${claims[0].text}`);
  else if (claims.length) init.push(`AdditionalClaims = { ${claims.map((c) => c.text).join(', ')} }`);
  if ([...values].some((v) => v.text.includes('\n'))) return undefined;
  const user = `new ${userType}(${values[0].text})${init.length ? ` { ${init.join(', ')} }` : ''}`;
  const props = at('props');
  void ctx;
  return props ? `${user}, ${props.text}` : user;
}
