/**
 * IdentityServer options removed in 4.0 (catalog §4.1 row 27).
 *
 * Matches the options object of `AddIdentityServer(o => ...)` and `Configure<IdentityServerOptions>(o => ...)` (the
 * lambda's parameter), names declared in the file as IdentityServerOptions (and AuthenticationOptions /
 * DiscoveryOptions of IdentityServer4.Configuration), and `new IdentityServerOptions { ... }`:
 *   - `o.PublicOrigin`: finding (set the origin per request with HttpContext.SetIdentityServerOrigin, or use the
 *     forwarded headers middleware);
 *   - `o.EmitLegacyResourceAudienceClaim`: finding (EmitStaticAudienceClaim is the nearest, with other semantics);
 *   - `o.Discovery.JwkSetContentType`: finding (the JWKS content type is fixed);
 *   - `o.Authentication.BackChannelLogoutTimeOut`: was obsolete with no effect (only the removed BackChannelHttpClient
 *     read it); a statement that only assigns it, alone on its line(s), is deleted (AUTO); any other use is reported.
 */
import { walk, type Node } from '../../src/engine/csharp';
import type { FileContext, FileRule } from '../../src/engine/rule';
import { reportOncePerLine } from '../../src/engine/cs/factories';
import { initializerMembers } from '../../src/engine/cs/occurrences';
import { receiverIdentifier, typedNames } from '../../src/engine/cs/typed-names';
import { argsOf, argumentValue, named, simpleIdentifier, type TypeName } from '../../src/engine/cs/syntax';

const CONFIG = 'IdentityServer4.Configuration';
const OPTIONS: TypeName = { ns: CONFIG, name: 'IdentityServerOptions' };
const AUTHENTICATION: TypeName = { ns: CONFIG, name: 'AuthenticationOptions' };
const DISCOVERY: TypeName = { ns: CONFIG, name: 'DiscoveryOptions' };

interface Removed {
  /** Member path from an IdentityServerOptions, and from the sub-options type when it has one. */
  path: string[];
  sub?: TypeName;
  message: string;
  suggestion: string;
}

const REMOVED: Removed[] = [
  {
    path: ['PublicOrigin'],
    message: 'IdentityServerOptions.PublicOrigin was removed in 4.0',
    suggestion: 'Set the origin per request: app.Use(async (ctx, next) => { ctx.SetIdentityServerOrigin("https://your.origin"); await next(); }); (IdentityServer4.Extensions), or configure the forwarded headers middleware',
  },
  {
    path: ['EmitLegacyResourceAudienceClaim'],
    message: 'IdentityServerOptions.EmitLegacyResourceAudienceClaim was removed in 4.0',
    suggestion: 'EmitStaticAudienceClaim = true adds an "issuer/resources" audience to every access token; APIs that validated the legacy audience must accept it (different semantics)',
  },
  { path: ['Discovery', 'JwkSetContentType'], sub: DISCOVERY, message: 'DiscoveryOptions.JwkSetContentType was removed in 4.0', suggestion: 'Remove the setting; the JWKS endpoint content type is no longer configurable' },
  {
    path: ['Authentication', 'BackChannelLogoutTimeOut'],
    sub: AUTHENTICATION,
    message: 'AuthenticationOptions.BackChannelLogoutTimeOut (obsolete) was removed in 4.0',
    suggestion: 'Remove it; set the timeout on the back-channel logout HttpClient: builder.AddBackChannelLogoutHttpClient(client => client.Timeout = ...)',
  },
];

const rule: FileRule = {
  id: '3.1-4.1/removed-options',
  title: 'Removed options: PublicOrigin, EmitLegacyResourceAudienceClaim, JwkSetContentType, BackChannelLogoutTimeOut',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/',
  kind: 'fix',
  catalog: ['4.1#27'],
  reads: ['csharp'],
  triggers: ['PublicOrigin', 'EmitLegacyResourceAudienceClaim', 'JwkSetContentType', 'BackChannelLogoutTimeOut'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const typed = typedNames(ctx, [OPTIONS, AUTHENTICATION, DISCOVERY]);
    const lambdaParams = optionLambdas(root);
    const found = new Map<Removed, Node[]>();
    const add = (r: Removed, n: Node) => found.set(r, [...(found.get(r) ?? []), n]);

    walk(root, (n) => {
      if (n.type !== 'member_access_expression') return;
      const name = n.childForFieldName('name')?.text;
      const candidates = REMOVED.filter((r) => r.path[r.path.length - 1] === name);
      if (!candidates.length) return;
      const chain = chainOf(n);
      if (!chain) return;
      const rootType = typed.typeOf(chain.root) ?? (lambdaParams.some((p) => p.name === chain.root.text && within(chain.root, p.body)) ? OPTIONS : undefined);
      for (const r of candidates) {
        const fromOptions = rootType === OPTIONS && chain.path.join('.') === r.path.join('.');
        const fromSub = !!r.sub && rootType === r.sub && chain.path.length === 1;
        if (fromOptions || fromSub) add(r, n);
      }
    });
    for (const r of REMOVED) {
      for (const m of initializerMembers(ctx, [OPTIONS], [r.path[0]])) if (r.path.length === 1) add(r, m.name);
    }

    for (const [r, nodes] of found) {
      const reported: number[] = [];
      for (const n of nodes) {
        if (r.path[r.path.length - 1] === 'BackChannelLogoutTimeOut' && deleteStatement(ctx, n)) continue;
        reported.push((n.type === 'member_access_expression' ? n.childForFieldName('name')! : n).startIndex);
      }
      reportOncePerLine(ctx, reported, { message: r.message, suggestion: r.suggestion });
    }
  },
};

export default rule;

function within(n: Node, outer: Node): boolean {
  return n.startIndex >= outer.startIndex && n.endIndex <= outer.endIndex;
}

/** `o.A.B`: the root identifier and the member names up to and including the last. */
function chainOf(n: Node): { root: Node; path: string[] } | undefined {
  const path: string[] = [];
  let e: Node | null = n;
  while (e?.type === 'member_access_expression') {
    const inner: Node | null = e.childForFieldName('expression');
    if (!inner) {
      const id = receiverIdentifier(e);
      return id ? { root: id, path: path.reverse() } : undefined;
    }
    path.push(e.childForFieldName('name')?.text ?? '');
    e = inner;
  }
  return e?.type === 'identifier' ? { root: e, path: path.reverse() } : undefined;
}

/** Lambdas passed to AddIdentityServer(...) or Configure<IdentityServerOptions>(...): parameter name and body. */
function optionLambdas(root: Node): { name: string; body: Node }[] {
  const out: { name: string; body: Node }[] = [];
  walk(root, (n) => {
    if (n.type !== 'invocation_expression') return;
    const fn = n.childForFieldName('function');
    const method = fn?.type === 'member_access_expression' ? fn.childForFieldName('name') : fn;
    const simple = method && simpleIdentifier(method);
    const isOptions = simple === 'AddIdentityServer' || (simple === 'Configure' && method?.type === 'generic_name' && /IdentityServerOptions>$/.test(method.text.replace(/\s+/g, '')));
    if (!isOptions) return;
    for (const a of argsOf(n.childForFieldName('arguments'))) {
      const lambda = argumentValue(a);
      if (lambda?.type !== 'lambda_expression') continue;
      const params = lambda.childForFieldName('parameters');
      const name = params?.type === 'implicit_parameter' || params?.type === 'identifier' ? params.text : params?.type === 'parameter_list' && named(params).length === 1 ? named(params)[0].childForFieldName('name')?.text : undefined;
      const body = lambda.childForFieldName('body');
      if (name && body) out.push({ name, body });
    }
  });
  return out;
}

/** Deletes `x.Y = value;` when it is a statement of its own on its own line(s). */
function deleteStatement(ctx: FileContext, access: Node): boolean {
  const assign = access.parent;
  if (assign?.type !== 'assignment_expression' || !assign.childForFieldName('left')?.equals(access)) return false;
  const stmt = assign.parent;
  if (stmt?.type !== 'expression_statement') return false;
  const lineStart = ctx.text.lastIndexOf('\n', stmt.startIndex - 1) + 1;
  if (!/^[ \t]*$/.test(ctx.text.slice(lineStart, stmt.startIndex))) return false;
  const nl = ctx.text.indexOf('\n', stmt.endIndex);
  const rest = ctx.text.slice(stmt.endIndex, nl === -1 ? ctx.text.length : nl);
  if (!/^[ \t\r]*$/.test(rest)) return false;
  ctx.edit(lineStart, nl === -1 ? ctx.text.length : nl + 1, '');
  return true;
}
