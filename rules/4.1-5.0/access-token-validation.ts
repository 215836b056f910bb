/**
 * IdentityServer4.AccessTokenValidation has no Duende build (catalog §2.2 #1, §1.1): an API validates JWTs with
 * Microsoft.AspNetCore.Authentication.JwtBearer instead (the package itself is swapped by identityserver4-packages).
 *
 * Fires only in projects that reference IdentityServer4.AccessTokenValidation, or in files naming its namespace.
 * Rewrites (listed for review):
 *  - `.AddIdentityServerAuthentication([scheme,] o => { o.Authority = A; o.ApiName = N; })` to
 *    `.AddJwtBearer([scheme,] o => { o.Authority = A; o.Audience = N; })` when the lambda only sets options that mean
 *    the same on JwtBearerOptions (Authority, ApiName -> Audience, RequireHttpsMetadata, SaveToken,
 *    NameClaimType/RoleClaimType -> TokenValidationParameters.*, `SupportedTokens = SupportedTokens.Jwt`, dropped).
 *    An info finding at the call says how claim types differ. Anything else (ApiSecret, reference tokens, caching,
 *    events, options configured elsewhere) is a finding carrying the AddJwtBearer / AddOAuth2Introspection text.
 *  - `policy.RequireScope(s…)` -> `policy.RequireClaim("scope", s…)` and `ScopePolicy.Create(s…)` ->
 *    `new AuthorizationPolicyBuilder().RequireClaim("scope", s…).Build()`: what the package's helpers did.
 * Rewrites (AUTO): `IdentityServerAuthenticationDefaults.AuthenticationScheme` -> `JwtBearerDefaults.AuthenticationScheme`
 *  (both "Bearer"), adding `using Microsoft.AspNetCore.Authentication.JwtBearer;`.
 * Then `using IdentityServer4.AccessTokenValidation;` is removed when nothing in the file still names its types;
 * remaining names are findings. The namespace is never mapped to Duende.IdentityServer (identityserver4-namespaces
 * leaves it alone).
 */
import { SAME_ON_JWT_BEARER, uncleanAccessTokenValidationOptions } from '../../src/engine/cs/is4-duende';
import { walk, type Node } from '../../src/engine/csharp';
import { addUsings } from '../../src/engine/namespace-rename';
import type { FileContext, FileRule } from '../../src/engine/rule';
import { invocationsOf, optionsLambda, removalSpan, removeUsing, type OptionAssignment } from '../../src/engine/cs/is4-duende';
import { typeReferences } from '../../src/engine/cs/occurrences';
import { argumentName, argumentValue, dotted, fileSees, named, type TypeName } from '../../src/engine/cs/syntax';

const NS = 'IdentityServer4.AccessTokenValidation';
const JWT_NS = 'Microsoft.AspNetCore.Authentication.JwtBearer';
const DI_NS = 'Microsoft.Extensions.DependencyInjection';
const DOCS = 'https://docs.duendesoftware.com/identityserver/apis/aspnetcore/jwt/';

const type = (name: string): TypeName => ({ ns: NS, name });
const DEFAULTS = type('IdentityServerAuthenticationDefaults');
const SUPPORTED_TOKENS = type('SupportedTokens');
const TYPES = [DEFAULTS, type('IdentityServerAuthenticationOptions'), type('IdentityServerAuthenticationHandler'), SUPPORTED_TOKENS];

const CLAIMS_NOTE =
  'IdentityServer4.AccessTokenValidation kept JWT claim types as issued (no inbound claim mapping) and read the user name and roles from "name" and "role"; JwtBearer maps inbound claim types by default (sub becomes ClaimTypes.NameIdentifier, role becomes ClaimTypes.Role), so code reading "sub", "name" or "role" may see nothing';

const rule: FileRule = {
  id: '4.1-5.0/access-token-validation',
  title: 'IdentityServer4.AccessTokenValidation: AddIdentityServerAuthentication becomes AddJwtBearer, its defaults and scope helpers their JwtBearer / claim equivalents',
  docs: DOCS,
  kind: 'fix',
  catalog: ['2.2#1'],
  reads: ['csharp'],
  triggers: ['AddIdentityServerAuthentication', 'IdentityServerAuthentication', 'AccessTokenValidation', 'RequireScope', 'ScopePolicy', 'SupportedTokens'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const referenced = ctx.project.packages.some((p) => p.id.toLowerCase() === NS.toLowerCase());
    if (!referenced && !fileSees(ctx, NS) && !TYPES.some((t) => typeReferences(ctx, t).length)) return;
    // A helper of the same name declared in the file is the user's own.
    const ownHelper = (name: string) => ctx.text.includes(name) && !!findDeclaredMethod(root, name);

    const handled = new Set<number>(); // start offsets of type references rewritten or removed
    const usings = new Set<string>();

    // AddIdentityServerAuthentication(...)
    for (const inv of ownHelper('AddIdentityServerAuthentication') ? [] : invocationsOf(root, 'AddIdentityServerAuthentication')) {
      if (!inv.access) continue;
      const lambdaArg = inv.args.length === 1 ? inv.args[0] : inv.args.length === 2 ? inv.args[1] : undefined;
      const options = optionsLambda(lambdaArg && !argumentName(lambdaArg) ? argumentValue(lambdaArg) : undefined);
      const unclean = options ? options.assignments.filter((a) => !cleanOption(ctx, a)) : [];
      // The package rule reads the same registrations from the text; both must agree, or the package and the code part ways.
      if (!options || unclean.length || uncleanAccessTokenValidationOptions(ctx.text).length) {
        report(ctx, inv.name, options?.assignments ?? [], unclean);
        continue;
      }
      ctx.edit(inv.name.startIndex, inv.name.endIndex, 'AddJwtBearer', { review: true });
      for (const a of options.assignments) {
        const mapped = SAME_ON_JWT_BEARER[a.member.text];
        if (mapped) {
          ctx.edit(a.member.startIndex, a.member.endIndex, mapped, { review: true });
        } else {
          // `o.SupportedTokens = SupportedTokens.Jwt`: JwtBearer handles JWTs only anyway.
          ctx.edit(...removalSpan(ctx.text, a.statement.startIndex, a.statement.endIndex), '', { review: true });
          handled.add(a.value.startIndex);
        }
      }
      if (!fileSees(ctx, DI_NS) && !named(root).some((c) => c.type === 'global_statement')) usings.add(DI_NS);
      ctx.report(inv.name, `AddIdentityServerAuthentication rewritten to AddJwtBearer: ${CLAIMS_NOTE}`, {
        severity: 'info',
        suggestion: `to keep the old claim types, add to the options: ${options.param}.MapInboundClaims = false; ${options.param}.TokenValidationParameters.NameClaimType = "name"; ${options.param}.TokenValidationParameters.RoleClaimType = "role"; (where JwtBearerOptions has no MapInboundClaims, clear JwtSecurityTokenHandler.DefaultInboundClaimTypeMap instead)`,
      });
    }

    // IdentityServerAuthenticationDefaults.AuthenticationScheme -> JwtBearerDefaults.AuthenticationScheme
    for (const ref of typeReferences(ctx, DEFAULTS)) {
      const access = ref.parent;
      if (access?.type !== 'member_access_expression' || !access.childForFieldName('expression')?.equals(ref)) continue;
      if (access.childForFieldName('name')?.text !== 'AuthenticationScheme') continue;
      if (ref.type === 'identifier') {
        ctx.edit(ref.startIndex, ref.endIndex, 'JwtBearerDefaults');
        if (!fileSees(ctx, JWT_NS)) usings.add(JWT_NS);
      } else {
        ctx.edit(ref.startIndex, ref.endIndex, `${JWT_NS}.JwtBearerDefaults`);
      }
      handled.add(ref.startIndex);
    }

    if (!ownHelper('RequireScope')) rewriteScopeHelpers(ctx, root);

    // What is left of the namespace: the using goes when nothing names its types any more.
    const left = TYPES.flatMap((t) => typeReferences(ctx, t).map((n) => ({ n, t }))).filter(({ n }) => !handled.has(n.startIndex))
      .sort((a, b) => a.n.startIndex - b.n.startIndex);
    for (const { n, t } of left) {
      ctx.report(n, `${t.name} comes from IdentityServer4.AccessTokenValidation, which has no Duende build`, {
        suggestion: t === DEFAULTS ? 'use JwtBearerDefaults (Microsoft.AspNetCore.Authentication.JwtBearer) or the scheme name of your AddJwtBearer / AddOAuth2Introspection registration' : 'configure JwtBearerOptions (AddJwtBearer) or OAuth2IntrospectionOptions (AddOAuth2Introspection) instead',
      });
    }
    if (!left.length && !ctx.project.usings.includes(NS)) removeUsing(ctx, NS);
    if (usings.size) addUsings(ctx, [...usings].sort());
  },
};

export default rule;

function findDeclaredMethod(root: Node, name: string): Node | undefined {
  let found: Node | undefined;
  walk(root, (n) => {
    if (found) return false;
    if (n.type === 'method_declaration' && n.childForFieldName('name')?.text === name) found = n;
  });
  return found;
}

/** An assignment that means the same on JwtBearerOptions. */
function cleanOption(ctx: FileContext, a: OptionAssignment): boolean {
  if (SAME_ON_JWT_BEARER[a.member.text]) return true;
  if (a.member.text !== 'SupportedTokens') return false;
  const v = dotted(a.value);
  return v === 'SupportedTokens.Jwt' ? fileSees(ctx, NS) : v === `${NS}.SupportedTokens.Jwt`;
}

function report(ctx: FileContext, at: Node, assignments: OptionAssignment[], unclean: OptionAssignment[]): void {
  const value = (member: string) => assignments.find((a) => a.member.text === member)?.value.text;
  const authority = value('Authority') ?? '"https://your-identityserver"';
  const api = value('ApiName') ?? '"your-api"';
  const secret = value('ApiSecret');
  const why = unclean.length ? `it sets ${unclean.map((a) => a.member.text).join(', ')}, which JwtBearer has no direct equivalent for` : 'its options are not a simple lambda of assignments';
  const jwt = `AddJwtBearer(o => { o.Authority = ${authority}; o.Audience = ${api}; })`;
  const introspection = `AddOAuth2Introspection("introspection", o => { o.Authority = ${authority}; o.ClientId = ${api}; o.ClientSecret = ${secret ?? '"secret"'}; })`;
  ctx.report(at, `AddIdentityServerAuthentication (IdentityServer4.AccessTokenValidation, no Duende build) not rewritten: ${why}`, {
    suggestion: `validate JWTs with ${jwt}${secret || unclean.some((a) => /Secret|Cach|Introspection|SupportedTokens/.test(a.member.text)) ? `; validate reference tokens with ${introspection} (package IdentityModel.AspNetCore.OAuth2Introspection, or its successor Duende.AspNetCore.Authentication.OAuth2Introspection on current .NET) and forward to it from the JwtBearer scheme (ForwardDefaultSelector) for tokens without a dot` : ''}`,
  });
}

/** RequireScope / ScopePolicy.Create were thin helpers over RequireClaim("scope", …). */
function rewriteScopeHelpers(ctx: FileContext, root: Node): void {
  if (fileSees(ctx, 'Microsoft.Identity.Web')) return; // Microsoft.Identity.Web has a RequireScope of its own
  for (const inv of invocationsOf(root, 'RequireScope')) {
    if (!inv.access || inv.args.some((a) => argumentName(a))) continue;
    ctx.edit(inv.name.startIndex, inv.name.endIndex, 'RequireClaim', { review: true });
    const open = inv.argList.startIndex + 1;
    ctx.edit(open, open, inv.args.length ? '"scope", ' : '"scope"', { review: true });
  }
  for (const inv of invocationsOf(root, 'Create')) {
    const recv = inv.access?.childForFieldName('expression');
    const qualified = recv && dotted(recv) === 'Microsoft.AspNetCore.Authorization.ScopePolicy';
    if (!recv || !(qualified || (recv.type === 'identifier' && recv.text === 'ScopePolicy' && fileSees(ctx, 'Microsoft.AspNetCore.Authorization')))) continue;
    if (inv.args.some((a) => argumentName(a))) continue;
    const args = ctx.text.slice(inv.argList.startIndex + 1, inv.argList.endIndex - 1);
    const builder = qualified ? 'Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder' : 'AuthorizationPolicyBuilder';
    ctx.edit(inv.call.startIndex, inv.call.endIndex, `new ${builder}().RequireClaim("scope"${args.trim() ? `, ${args}` : ''}).Build()`, { review: true });
  }
}
