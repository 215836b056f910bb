/**
 * IdentityModel 4.x -> 5.x, which Duende IdentityServer 5.0 brings (catalog §4.2 row 3): Newtonsoft.Json gave way to
 * System.Text.Json and the `IDictionary<string, string>` / anonymous-object parameters to `Parameters`.
 *
 * In files that see IdentityModel.Client (a using, a project using, or qualified names):
 *  - `r.Json` where `r` is a protocol response (declared as TokenResponse, DiscoveryDocumentResponse, … or
 *    `var r = await x.RequestClientCredentialsTokenAsync(…)` / `GetDiscoveryDocumentAsync` / … ): a finding, because
 *    `Json` is a JsonElement now (was JObject), except for the calls that kept their shape (TryGetString, TryGetInt,
 *    TryGetBoolean, TryGetStringArray, ToClaims()). `disco.TryGetValue(…)` returns JsonElement (was JToken): finding.
 *  - `ru.Create(x)` on a RequestUrl, and `extra: x` of CreateAuthorizeUrl / CreateEndSessionUrl: `x` becomes
 *    `Parameters.FromObject(x)`, which turns an anonymous object or Dictionary<string, string> into Parameters exactly
 *    as IdentityModel 4 did (review).
 *  - `Parameters = new Dictionary<string, string> { { "a", b } }` in `new XxxRequest { … }` / `new TokenClientOptions
 *    { … }`, and the `parameters` argument of TokenClient.Request*Async: `new Dictionary<string, string>` becomes
 *    `new Parameters` when the initializer only adds pairs (review); any other value, and `["a"] = b` element
 *    initializers or element access on `.Parameters`, are findings.
 */
import { walk, type Node } from '../../src/engine/csharp';
import type { FileContext, FileRule } from '../../src/engine/rule';
import { reportOncePerLine } from '../../src/engine/cs/factories';
import { initializerMembers } from '../../src/engine/cs/occurrences';
import { declaredTypes, memberUsesOn, receiverName } from '../../src/engine/cs/receivers';
import { argsOf, argumentName, argumentValue, declaredTypeNames, dotted, fileSees, named, simpleIdentifier, typeMatcher, type TypeName } from '../../src/engine/cs/syntax';

const NS = 'IdentityModel.Client';
const im = (name: string): TypeName => ({ ns: NS, name });
const DOCS = 'https://docs.duendesoftware.com/identitymodel/';

const RESPONSES = ['ProtocolResponse', 'TokenResponse', 'DiscoveryDocumentResponse', 'UserInfoResponse', 'TokenIntrospectionResponse', 'TokenRevocationResponse', 'DeviceAuthorizationResponse', 'JsonWebKeySetResponse', 'DynamicClientRegistrationResponse'].map(im);
const DISCO = RESPONSES[2];

/** IdentityModel client methods and the response they return (for `var r = await x.M(...)`). */
const RETURNS: Record<string, string> = {
  GetDiscoveryDocumentAsync: 'DiscoveryDocumentResponse',
  GetUserInfoAsync: 'UserInfoResponse',
  IntrospectTokenAsync: 'TokenIntrospectionResponse',
  RevokeTokenAsync: 'TokenRevocationResponse',
  RequestDeviceAuthorizationAsync: 'DeviceAuthorizationResponse',
  GetJsonWebKeySetAsync: 'JsonWebKeySetResponse',
  RegisterClientAsync: 'DynamicClientRegistrationResponse',
};
const returns = (method: string) => RETURNS[method] ?? (/^Request\w*TokenAsync$/.test(method) ? 'TokenResponse' : undefined);

/** JObject calls whose JsonElement counterparts in IdentityModel 5 have the same shape. */
const SAME_ON_JSON = new Set(['TryGetString', 'TryGetInt', 'TryGetBoolean', 'TryGetStringArray']);

const REQUESTS = [
  'ProtocolRequest', 'TokenRequest', 'ClientCredentialsTokenRequest', 'PasswordTokenRequest', 'AuthorizationCodeTokenRequest', 'RefreshTokenRequest',
  'DeviceTokenRequest', 'TokenIntrospectionRequest', 'TokenRevocationRequest', 'UserInfoRequest', 'DiscoveryDocumentRequest', 'DeviceAuthorizationRequest',
  'DynamicClientRegistrationRequest', 'JsonWebKeySetRequest', 'TokenClientOptions', 'ClientOptions',
].map(im);

/** Position of the `parameters` argument of TokenClient's methods (IdentityModel 4.4 and 5.0 agree). */
const TOKEN_CLIENT_PARAMETERS: Record<string, number> = {
  RequestClientCredentialsTokenAsync: 1,
  RequestDeviceTokenAsync: 1,
  RequestPasswordTokenAsync: 3,
  RequestAuthorizationCodeTokenAsync: 3,
  RequestRefreshTokenAsync: 2,
  RequestTokenAsync: 1,
};

const rule: FileRule = {
  id: '4.1-5.0/identitymodel5-client',
  title: 'IdentityModel 5: response JSON is a JsonElement, extra parameters are Parameters',
  docs: DOCS,
  kind: 'fix',
  catalog: ['4.2#3'],
  reads: ['csharp'],
  triggers: ['IdentityModel'],
  run: upgradeIdentityModel4Client,
};

export default rule;

/** The IdentityModel 4 -> 5 rewrites and findings on one file; also run by 7.0-7.1/identitymodel-legacy-client. */
export function upgradeIdentityModel4Client(ctx: FileContext): void {
  const root = ctx.tree?.rootNode;
  if (!root || !(fileSees(ctx, NS) || /\bIdentityModel\s*\.\s*Client\s*\./.test(ctx.text))) return;
  jsonAccess(ctx, root);
  requestUrls(ctx);
  requestParameters(ctx);
  tokenClientParameters(ctx);
}

// ---- response JSON ----

/** Receiver names of the file whose type is a protocol response: declared so, or `var r = await x.RequestXxxAsync(…)`. */
export function responseVariables(ctx: FileContext, root: Node): Map<string, TypeName> {
  const matches = typeMatcher(ctx);
  const out = new Map<string, TypeName>();
  for (const [name, type] of declaredTypes(root)) {
    const t = type ? RESPONSES.find((r) => matches(type, r)) : undefined;
    if (t) out.set(name, t);
  }
  const inferred = new Map<string, TypeName | null>();
  const declared = declaredTypes(root);
  // `x.RequestXxxAsync(…)` on a receiver declared with a type of the file's own is the user's method, not IdentityModel's.
  const own = declaredTypeNames(root);
  const ownReceiver = (fn: Node) => {
    const recv = receiverName(fn.childForFieldName('expression'));
    const type = recv ? declared.get(recv) : undefined;
    return !!type && own.has(simpleIdentifier(type) ?? '');
  };
  walk(root, (n) => {
    if (n.type !== 'variable_declaration' || n.childForFieldName('type')?.type !== 'implicit_type') return;
    for (const d of named(n).filter((c) => c.type === 'variable_declarator')) {
      const name = d.childForFieldName('name')?.text;
      let value = named(d).find((c) => c.type !== 'identifier' || !c.equals(d.childForFieldName('name')!));
      if (value?.type === 'await_expression') value = named(value)[0];
      const fn = value?.type === 'invocation_expression' ? value.childForFieldName('function') : undefined;
      const method = fn?.type === 'member_access_expression' ? fn.childForFieldName('name') : undefined;
      const response = method && returns(simpleIdentifier(method) ?? '');
      if (!name || !response || ownReceiver(fn!)) continue;
      const known = inferred.get(name);
      inferred.set(name, known === undefined || known?.name === response ? im(response) : null);
    }
  });
  for (const [name, t] of inferred) if (t && !declared.has(name) && !out.has(name)) out.set(name, t);
  return out;
}

function jsonAccess(ctx: FileContext, root: Node): void {
  const responses = responseVariables(ctx, root);
  const json: number[] = [];
  const toClaims: number[] = [];
  const tryGetValue: number[] = [];
  walk(root, (n) => {
    if (n.type !== 'member_access_expression') return;
    const name = n.childForFieldName('name');
    const recv = receiverName(n.childForFieldName('expression'));
    const type = recv ? responses.get(recv) : undefined;
    if (!name || !type) return;
    if (name.text === 'TryGetValue') {
      if (type.name === DISCO.name && isCalled(n)) tryGetValue.push(name.startIndex);
      return;
    }
    if (name.text !== 'Json') return;
    const outer = n.parent?.type === 'member_access_expression' && n.parent.childForFieldName('expression')?.equals(n) ? n.parent : undefined;
    const call = outer?.childForFieldName('name')?.text;
    if (outer && call && SAME_ON_JSON.has(call) && isCalled(outer)) return;
    if (outer && call === 'ToClaims' && isCalled(outer)) {
      if (argsOf(outer.parent!.childForFieldName('arguments')).length) toClaims.push(outer.childForFieldName('name')!.startIndex);
      return;
    }
    json.push(name.startIndex);
  });
  reportOncePerLine(ctx, json, {
    message: 'ProtocolResponse.Json is a System.Text.Json JsonElement in IdentityModel 5 (IdentityServer 5.0 brings it); it was a Newtonsoft JObject',
    suggestion: 'read values with Json.TryGetString("name") / TryGetInt / TryGetBoolean / TryGetStringArray (same calls as before), or JsonElement APIs (GetProperty, TryGetProperty, GetRawText())',
  });
  reportOncePerLine(ctx, toClaims, {
    message: 'Json.ToClaims(...) takes an issuer first in IdentityModel 5: ToClaims(string issuer = null, params string[] excludeKeys); the first excluded key would now be read as the issuer',
    suggestion: 'pass the excluded keys after an issuer: Json.ToClaims(null, "key1", "key2")',
  });
  reportOncePerLine(ctx, tryGetValue, {
    message: 'DiscoveryDocumentResponse.TryGetValue(name) returns a System.Text.Json JsonElement in IdentityModel 5 (was a Newtonsoft JToken)',
    suggestion: 'use TryGetString / TryGetBoolean / TryGetStringArray, or JsonElement APIs on the result',
  });
}

function isCalled(access: Node): boolean {
  return access.parent?.type === 'invocation_expression' && !!access.parent.childForFieldName('function')?.equals(access);
}

// ---- Parameters ----

/** How to write the type in this file. */
const parametersType = (ctx: FileContext) => (fileSees(ctx, NS) ? 'Parameters' : `${NS}.Parameters`);

const isParametersAlready = (v: Node) => /^(?:new\s+(?:IdentityModel\.Client\.)?Parameters\b|(?:IdentityModel\.Client\.)?Parameters\s*\.\s*FromObject\s*\()/.test(v.text) || v.type === 'null_literal';

function requestUrls(ctx: FileContext): void {
  const wrap = (v: Node | undefined) => {
    if (!v || isParametersAlready(v)) return;
    ctx.edit(v.startIndex, v.startIndex, `${parametersType(ctx)}.FromObject(`, { review: true });
    ctx.edit(v.endIndex, v.endIndex, ')', { review: true });
  };
  for (const u of memberUsesOn(ctx, [im('RequestUrl')], (m) => m === 'Create' || m === 'CreateAuthorizeUrl' || m === 'CreateEndSessionUrl')) {
    const args = argsOf(u.args);
    if (!u.call) continue;
    if (u.name.text === 'Create') {
      if (args.length === 1) wrap(argumentValue(args[0]));
      continue;
    }
    const extra = args.find((a) => argumentName(a) === 'extra');
    if (extra) wrap(argumentValue(extra));
    else if (u.name.text === 'CreateEndSessionUrl' && args.length === 4 && !args.some((a) => argumentName(a))) wrap(argumentValue(args[3]));
    else if (u.name.text === 'CreateAuthorizeUrl' && args.length === 17 && !args.some((a) => argumentName(a))) wrap(argumentValue(args[16]));
  }
}

/** `new Dictionary<string, string> { { a, b }, … }` (or with no initializer): the span of the type to replace. */
function dictionaryOfPairs(v: Node): Node | undefined {
  if (v.type !== 'object_creation_expression') return undefined;
  const type = v.childForFieldName('type');
  if (!type || dotted(type).replace(/^System\.Collections\.Generic\./, '') !== 'Dictionary<string,string>') return undefined;
  const args = argsOf(v.childForFieldName('arguments'));
  if (args.length) return undefined; // a comparer or a source dictionary
  const init = named(v).find((c) => c.type === 'initializer_expression');
  if (init && named(init).some((e) => e.type !== 'initializer_expression' || named(e).length !== 2)) return undefined;
  return type;
}

function toParameters(ctx: FileContext, value: Node, at: Node, what: string): void {
  if (isParametersAlready(value)) return;
  const type = dictionaryOfPairs(value);
  if (type) {
    ctx.edit(type.startIndex, type.endIndex, parametersType(ctx), { review: true });
    return;
  }
  ctx.report(at, `${what} is IdentityModel.Client.Parameters in IdentityModel 5 (IdentityServer 5.0 brings it), no longer IDictionary<string, string>`, {
    suggestion: `wrap the value: new Parameters(${value.text.length > 60 ? 'value' : value.text}) (a list of key/value pairs; Add(key, value) works as before)`,
  });
}

function requestParameters(ctx: FileContext): void {
  for (const i of initializerMembers(ctx, REQUESTS, ['Parameters'])) {
    if (i.value.type === 'initializer_expression') {
      // `Parameters = { { "a", "b" } }` adds to the existing collection: fine, unless it uses `["a"] = "b"`.
      if (named(i.value).some((e) => e.type !== 'initializer_expression')) ctx.report(i.name, 'Parameters is IdentityModel.Client.Parameters in IdentityModel 5: it has no settable indexer', { suggestion: 'write the pairs as { "key", "value" }' });
      continue;
    }
    toParameters(ctx, i.value, i.name, 'Parameters');
  }
  const elementAccess: number[] = [];
  for (const u of memberUsesOn(ctx, REQUESTS, 'Parameters')) {
    const parent = u.access.parent;
    if (parent?.type === 'element_access_expression') elementAccess.push(u.name.startIndex);
    else if (parent?.type === 'assignment_expression' && parent.childForFieldName('left')?.equals(u.access) && parent.childForFieldName('operator')?.text === '=') {
      const value = parent.childForFieldName('right');
      if (value) toParameters(ctx, value, u.name, 'Parameters');
    }
  }
  reportOncePerLine(ctx, elementAccess, {
    message: 'Parameters is IdentityModel.Client.Parameters in IdentityModel 5: its indexer is get-only and returns every value of the key',
    suggestion: 'use Parameters.Add(key, value, ParameterReplaceBehavior.Single) to set a value, GetValues(key) to read',
  });
}

function tokenClientParameters(ctx: FileContext): void {
  for (const u of memberUsesOn(ctx, [im('TokenClient')], (m) => m in TOKEN_CLIENT_PARAMETERS)) {
    const args = argsOf(u.args);
    const arg = args.find((a) => argumentName(a) === 'parameters') ?? (args.some((a) => argumentName(a)) ? undefined : args[TOKEN_CLIENT_PARAMETERS[u.name.text]]);
    const value = arg && argumentValue(arg);
    if (value) toParameters(ctx, value, arg!, `The parameters argument of TokenClient.${u.name.text}`);
  }
}
