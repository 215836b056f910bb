/**
 * Refresh tokens in Duende IdentityServer 5.0 (catalog §4.2 rows 4 and 5).
 *
 * Row 4 (HEUR, listed for review): IRefreshTokenService.CreateRefreshTokenAsync(ClaimsPrincipal subject, Token
 * accessToken, Client client) became CreateRefreshTokenAsync(RefreshTokenCreationRequest request), and
 * UpdateRefreshTokenAsync(string handle, RefreshToken refreshToken, Client client) became
 * UpdateRefreshTokenAsync(RefreshTokenUpdateRequest request); DefaultRefreshTokenService's virtuals changed alike.
 * In a class implementing the interface (or overriding the default service) the method's parameter list becomes the
 * request, uses of the old parameters become `request.Subject`, `request.AccessToken`, `request.Client`,
 * `request.Handle`, `request.RefreshToken`, and `base.X(subject, accessToken, client)` becomes `base.X(request)`.
 * Reported instead: another parameter list, a name `request` already in use, a base call with other arguments, and
 * calls on receivers declared as the service (the request needs AuthorizedScopes and more, which only the caller
 * knows).
 *
 * Row 5: RefreshToken.Scopes was removed: `x.Scopes` on a receiver declared RefreshToken becomes `x.AuthorizedScopes`
 * (review); RefreshToken.AccessToken is obsolete (info finding: GetAccessToken() / SetAccessToken()).
 */
import type { Node } from '../../src/engine/csharp';
import { addUsings } from '../../src/engine/namespace-rename';
import type { FileContext, FileRule } from '../../src/engine/rule';
import { memberFindingRule, memberRenameRule, reportOncePerLine } from '../../src/engine/cs/factories';
import { invocationsOf } from '../../src/engine/cs/is4-duende';
import { derivedMethods } from '../../src/engine/cs/occurrences';
import { memberUsesOn } from '../../src/engine/cs/receivers';
import { dotted, fileSees, modifiersOf, paramsOf, referencesTo, type TypeName } from '../../src/engine/cs/syntax';

const IS4 = 'IdentityServer4';
const ISERVICE: TypeName = { ns: `${IS4}.Services`, name: 'IRefreshTokenService' };
const DEFAULT: TypeName = { ns: `${IS4}.Services`, name: 'DefaultRefreshTokenService' };
const REFRESH_TOKEN: TypeName = { ns: `${IS4}.Models`, name: 'RefreshToken' };
const DOCS = 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-to-duende-identityserver-v5/';

interface Shape {
  request: string;
  /** Old parameter types (simple names) and the request property each maps to. */
  params: [string, string][];
}

const SHAPES: Record<string, Shape> = {
  CreateRefreshTokenAsync: { request: 'RefreshTokenCreationRequest', params: [['ClaimsPrincipal', 'Subject'], ['Token', 'AccessToken'], ['Client', 'Client']] },
  UpdateRefreshTokenAsync: { request: 'RefreshTokenUpdateRequest', params: [['string', 'Handle'], ['RefreshToken', 'RefreshToken'], ['Client', 'Client']] },
};

const scopes = memberRenameRule({ id: '4.1-5.0/refresh-tokens', title: '', docs: DOCS, renames: [{ on: [REFRESH_TOKEN], from: 'Scopes', to: 'AuthorizedScopes', at: ['calls'] }] });
const accessToken = memberFindingRule({
  id: '4.1-5.0/refresh-tokens',
  title: '',
  docs: DOCS,
  members: [
    {
      on: [REFRESH_TOKEN],
      member: 'AccessToken',
      severity: 'info',
      message: 'RefreshToken.AccessToken is obsolete in Duende IdentityServer 5.0 (a refresh token can hold one access token per resource indicator)',
      suggestion: 'use GetAccessToken() / SetAccessToken(token)',
    },
  ],
});

const rule: FileRule = {
  id: '4.1-5.0/refresh-tokens',
  title: 'IRefreshTokenService takes request objects; RefreshToken.Scopes becomes AuthorizedScopes',
  docs: DOCS,
  kind: 'fix',
  catalog: ['4.2#4', '4.2#5'],
  reads: ['csharp'],
  triggers: ['RefreshTokenService', 'RefreshToken'],
  run(ctx) {
    serviceMethods(ctx);
    serviceCalls(ctx);
    scopes.run(ctx);
    accessToken.run(ctx);
  },
};

export default rule;

const simpleType = (n: Node | null) => (n ? dotted(n).replace(/\?$/, '').split('.').pop()! : '');

function serviceMethods(ctx: FileContext): void {
  let needsModels = false;
  for (const d of derivedMethods(ctx, [ISERVICE, DEFAULT], (n) => n in SHAPES, false)) {
    if (d.base === DEFAULT && !modifiersOf(d.member).includes('override')) continue;
    const shape = SHAPES[d.name.text];
    const list = d.member.childForFieldName('parameters');
    const params = paramsOf(list);
    if (params.length === 1 && simpleType(params[0].childForFieldName('type')) === shape.request) continue; // migrated
    const fail = (why: string) =>
      ctx.report(d.name, `${d.name.text}: Duende IdentityServer 5.0 passes a ${shape.request} instead of (${shape.params.map((p) => p[0]).join(', ')}); ${why}`, {
        suggestion: `change the signature to ${d.name.text}(${shape.request} request) and read ${shape.params.map((p) => `request.${p[1]}`).join(', ')}`,
      });
    if (!list || params.length !== 3 || params.some((p, i) => simpleType(p.childForFieldName('type')) !== shape.params[i][0])) {
      fail('its parameter list is not the IdentityServer4 one, so it was not rewritten');
      continue;
    }
    if (referencesTo(d.member, 'request').length || params.some((p) => p.childForFieldName('name')?.text === 'request')) {
      fail("the name 'request' is already used in it");
      continue;
    }
    const names = params.map((p) => p.childForFieldName('name')!.text);
    // `base.X(...)`: in this grammar `base` is an unnamed node in the access's `expression` field.
    const baseCalls = invocationsOf(d.member, d.name.text).filter((i) => i.access?.childForFieldName('expression')?.type === 'base');
    const forwarding = (args: Node[]) => args.length === 3 && args.every((a, i) => a.text.trim() === names[i]);
    if (baseCalls.some((c) => !forwarding(c.args))) {
      fail('it calls the base method with other arguments');
      continue;
    }
    if (params.some((p, i) => referencesTo(d.member, names[i], p).some(unsplittable))) {
      fail('it names a parameter where request.X cannot stand in (nameof, or an anonymous-object member name)');
      continue;
    }
    const skip = new Set(baseCalls.flatMap((c) => c.args.map((a) => a.startIndex)));
    ctx.edit(list.startIndex + 1, list.endIndex - 1, `${shape.request} request`, { review: true });
    for (const c of baseCalls) ctx.edit(c.argList.startIndex + 1, c.argList.endIndex - 1, 'request', { review: true });
    params.forEach((p, i) => {
      for (const ref of referencesTo(d.member, names[i], p)) {
        if (!skip.has(ref.startIndex) && !insideArgs(ref, baseCalls)) ctx.edit(ref.startIndex, ref.endIndex, `request.${shape.params[i][1]}`, { review: true });
      }
    });
    needsModels = true;
  }
  if (needsModels && !fileSees(ctx, `${IS4}.Models`) && !fileSees(ctx, 'Duende.IdentityServer.Models')) addUsings(ctx, ['Duende.IdentityServer.Models']);
}

/** `nameof(x)` and the member names of `new { x = … }` / `new { x }`, where `request.X` would change or break the code. */
function unsplittable(ref: Node): boolean {
  const parent = ref.parent;
  if (parent?.type === 'anonymous_object_creation_expression') return ref.previousSibling?.type !== '=';
  const call = parent?.type === 'argument' ? parent.parent?.parent : undefined;
  return call?.type === 'invocation_expression' && call.childForFieldName('function')?.text === 'nameof';
}

function insideArgs(n: Node, calls: { argList: Node }[]): boolean {
  return calls.some((c) => c.argList.startIndex <= n.startIndex && n.endIndex <= c.argList.endIndex);
}

function serviceCalls(ctx: FileContext): void {
  for (const [method, shape] of Object.entries(SHAPES)) {
    const uses = memberUsesOn(ctx, [ISERVICE, DEFAULT], method).filter((u) => u.call && u.args && u.args.namedChildren.filter((a) => a?.type === 'argument').length === 3);
    reportOncePerLine(
      ctx,
      uses.map((u) => u.name.startIndex),
      {
        message: `${method}(${shape.params.map((p) => p[0]).join(', ')}) was replaced by ${method}(${shape.request}) in Duende IdentityServer 5.0`,
        suggestion:
          method === 'CreateRefreshTokenAsync'
            ? 'pass new RefreshTokenCreationRequest { Subject = …, AccessToken = …, Client = …, AuthorizedScopes = <granted scopes>, AuthorizedResourceIndicators = … }: the scopes are no longer taken from the access token'
            : 'pass new RefreshTokenUpdateRequest { Handle = …, RefreshToken = …, Client = …, MustUpdate = … }',
      },
    );
  }
}
