/**
 * Types replaced or removed in 4.0 (catalog §4.1 row 26).
 *
 * Renames (AUTO) every reference (simple names where the file sees the namespace, qualified names):
 *   Stores.DefaultSigningCredentialsStore → InMemorySigningCredentialsStore (same constructor and members),
 *   Stores.DefaultValidationKeysStore → InMemoryValidationKeysStore (same),
 *   Hosting.MutualTlsTokenEndpointMiddleware → MutualTlsEndpointMiddleware.
 * Services.BackChannelLogoutHttpClient and Services.JwtRequestUriHttpClient became an interface plus a default class:
 * where the type declares a value (parameter, field, property, local) it becomes IBackChannelLogoutHttpClient /
 * IJwtRequestUriHttpClient (same PostAsync / GetJwtAsync), AUTO; anywhere else (a base list, `new`, a type argument)
 * it is reported with both replacements.
 * Reports the removed IdentityServerConstants.MutualTls, Infrastructure.BackChannelHttpClient,
 * Infrastructure.NameValueCollectionConverter and Extensions.DictionaryExtensions (JObject.AddDictionary).
 */
import { walk, type Node } from '../../src/engine/csharp';
import type { FileContext, FileRule } from '../../src/engine/rule';
import { reportOncePerLine, typeFindingRule } from '../../src/engine/cs/factories';
import { typeReferences } from '../../src/engine/cs/occurrences';
import { dotted, fileSees, isQualified, named, simpleIdentifier, type TypeName } from '../../src/engine/cs/syntax';

const DOCS = 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/';
const RENAMES: [TypeName, string][] = [
  [{ ns: 'IdentityServer4.Stores', name: 'DefaultSigningCredentialsStore' }, 'InMemorySigningCredentialsStore'],
  [{ ns: 'IdentityServer4.Stores', name: 'DefaultValidationKeysStore' }, 'InMemoryValidationKeysStore'],
  [{ ns: 'IdentityServer4.Hosting', name: 'MutualTlsTokenEndpointMiddleware' }, 'MutualTlsEndpointMiddleware'],
];
const SPLIT: [TypeName, string, string, string][] = [
  [{ ns: 'IdentityServer4.Services', name: 'BackChannelLogoutHttpClient' }, 'IBackChannelLogoutHttpClient', 'DefaultBackChannelLogoutHttpClient', '(HttpClient client, ILoggerFactory loggerFactory)'],
  [{ ns: 'IdentityServer4.Services', name: 'JwtRequestUriHttpClient' }, 'IJwtRequestUriHttpClient', 'DefaultJwtRequestUriHttpClient', '(HttpClient client, IdentityServerOptions options, ILoggerFactory loggerFactory)'],
];

const removed = typeFindingRule({
  id: '3.1-4.1/replaced-types',
  title: '',
  docs: DOCS,
  types: [
    { type: { ns: 'IdentityServer4.Infrastructure', name: 'BackChannelHttpClient' }, message: 'Infrastructure.BackChannelHttpClient (obsolete) was removed in 4.0', suggestion: 'Configure the back-channel logout HttpClient with AddBackChannelLogoutHttpClient(client => ...) on the IdentityServer builder' },
    { type: { ns: 'IdentityServer4.Infrastructure', name: 'NameValueCollectionConverter' }, message: 'Infrastructure.NameValueCollectionConverter was removed in 4.0', suggestion: 'Keep a copy of the converter in your code if you serialize NameValueCollections' },
    { type: { ns: 'IdentityServer4.Extensions', name: 'DictionaryExtensions' }, message: 'Extensions.DictionaryExtensions (JObject.AddDictionary) was removed in 4.0', suggestion: 'Add the dictionary entries to the JObject yourself' },
  ],
});

const rule: FileRule = {
  id: '3.1-4.1/replaced-types',
  title: 'Replaced types: Default*Store → InMemory*Store, *HttpClient → interfaces, MutualTlsTokenEndpointMiddleware; removed types reported',
  docs: DOCS,
  kind: 'fix',
  catalog: ['4.1#26'],
  reads: ['csharp'],
  triggers: ['DefaultSigningCredentialsStore', 'DefaultValidationKeysStore', 'MutualTlsTokenEndpointMiddleware', 'BackChannelLogoutHttpClient', 'JwtRequestUriHttpClient', 'MutualTls', 'BackChannelHttpClient', 'NameValueCollectionConverter', 'DictionaryExtensions', 'AddDictionary'],
  run(ctx) {
    for (const [type, to] of RENAMES) for (const ref of typeReferences(ctx, type)) renameLast(ctx, ref, to);
    for (const [type, iface, impl, ctor] of SPLIT) {
      const other: number[] = [];
      for (const ref of typeReferences(ctx, type)) {
        if (declaresValue(ref)) renameLast(ctx, ref, iface);
        else other.push(ref.startIndex);
      }
      reportOncePerLine(ctx, other, {
        message: `${type.name} was replaced in 4.0 by the interface ${iface} and its default implementation ${impl}`,
        suggestion: `Depend on ${iface}; derive from or register ${impl}, whose constructor is ${impl}${ctor}`,
      });
    }
    removed.run(ctx);
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const seesRoot = fileSees(ctx, 'IdentityServer4');
    const seesExtensions = fileSees(ctx, 'IdentityServer4.Extensions');
    const mtls: number[] = [];
    const addDictionary: number[] = [];
    walk(root, (n) => {
      if (n.type === 'member_access_expression' || n.type === 'qualified_name') {
        const name = n.childForFieldName('name');
        const owner = n.childForFieldName(n.type === 'qualified_name' ? 'qualifier' : 'expression');
        if (name?.text === 'MutualTls' && owner) {
          const o = dotted(owner);
          if (o === 'IdentityServer4.IdentityServerConstants' || (seesRoot && o === 'IdentityServerConstants')) mtls.push(name.startIndex);
        }
      }
      if (seesExtensions && n.type === 'invocation_expression') {
        const fn = n.childForFieldName('function');
        if (fn?.type === 'member_access_expression' && fn.childForFieldName('name')?.text === 'AddDictionary') addDictionary.push(fn.childForFieldName('name')!.startIndex);
      }
    });
    reportOncePerLine(ctx, mtls, { message: 'IdentityServerConstants.MutualTls was removed in 4.0', suggestion: 'Use the literal "IdentityServer:MTLS:X509Certificate" if you relied on X509CertificateItemKey' });
    reportOncePerLine(ctx, addDictionary, { message: 'The JObject.AddDictionary extension (IdentityServer4.Extensions.DictionaryExtensions) was removed in 4.0', suggestion: 'Add the entries yourself: foreach (var item in dictionary) jobject.Add(item.Key, JToken.FromObject(item.Value));' });
  },
};

export default rule;

function renameLast(ctx: FileContext, ref: Node, to: string): void {
  let last: Node | null = ref;
  if (isQualified(ref) || ref.type === 'member_access_expression') last = ref.childForFieldName('name');
  if (last?.type === 'generic_name') last = named(last)[0];
  if (last && simpleIdentifier(last)) ctx.edit(last.startIndex, last.endIndex, to);
}

/** The reference is the declared type of a parameter, field, property or local (possibly `T?`). */
function declaresValue(ref: Node): boolean {
  let n = ref;
  if (n.parent?.type === 'nullable_type') n = n.parent;
  const p = n.parent;
  if (!p || !['parameter', 'variable_declaration', 'property_declaration'].includes(p.type)) return false;
  return !!p.childForFieldName('type')?.equals(n);
}
