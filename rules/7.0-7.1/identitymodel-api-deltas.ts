/**
 * API deltas between IdentityModel 6.2 and Duende.IdentityModel 7.0 that a namespace rename does not fix
 * (catalog §4.11 row 2):
 * - `CreateAuthorizeUrl` gained `requestUri` before `extra`: a call passing 17 or more positional arguments binds
 *   its 17th to `requestUri` now;
 * - `DynamicClientRegistrationDocument.Extensions` holds `JsonElement` values instead of `object`;
 * - `OidcConstants.Algorithms.Symmetric.HS384` now reads "HS384" (was the typo "HS284").
 * All are findings: the fix depends on what the code does with the value.
 */
import { walk, type Node } from '../../src/engine/csharp';
import { argumentName, fileSees } from '../../src/engine/cs/syntax';
import { memberUsesOn, receiverName } from '../../src/engine/cs/receivers';
import { invocationsNamed, reportOncePerLine } from '../../src/engine/cs/factories';
import type { FileContext, FileRule } from '../../src/engine/rule';
import { responseVariables } from '../4.1-5.0/identitymodel5-client';

const CLIENT_NAMESPACES = ['IdentityModel.Client', 'Duende.IdentityModel.Client'];
const MODEL_NAMESPACES = ['IdentityModel', 'Duende.IdentityModel'];

const rule: FileRule = {
  id: '7.0-7.1/identitymodel-api-deltas',
  title: 'IdentityModel → Duende.IdentityModel API changes beyond the rename (CreateAuthorizeUrl, DCR Extensions, HS384)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_0-to-v7_1',
  kind: 'finding',
  catalog: ['4.11#2'],
  reads: ['csharp'],
  triggers: ['CreateAuthorizeUrl', 'Extensions', 'HS384', 'Json'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    if (CLIENT_NAMESPACES.some((ns) => fileSees(ctx, ns))) {
      for (const { args } of invocationsNamed(ctx, 'CreateAuthorizeUrl')) {
        const positional = args.filter((a) => !argumentName(a));
        if (positional.length >= 17) {
          ctx.report(positional[16], 'CreateAuthorizeUrl: Duende.IdentityModel 7.0 inserted `string? requestUri = null` before `Parameters? extra`, so this 17th positional argument now binds to requestUri', {
            severity: 'error',
            suggestion: `Name it: extra: ${positional[16].text}`,
          });
        }
      }
      const dcr = CLIENT_NAMESPACES.map((ns) => ({ ns, name: 'DynamicClientRegistrationDocument' }));
      reportOncePerLine(ctx, memberUsesOn(ctx, dcr, 'Extensions').map((u) => u.name.startIndex), {
        message: 'DynamicClientRegistrationDocument.Extensions is IDictionary<string, JsonElement> in Duende.IdentityModel 7.0 (was IDictionary<string, object>)',
        suggestion: 'Read values with JsonElement accessors (GetString(), GetInt32(), ...) and store JsonElement values (e.g. JsonSerializer.SerializeToElement(value))',
      });
    }
    // A `global using IdentityModel.Client;` in another file is not in the project's usings: a project referencing
    // IdentityModel gets the check too (the receivers are then only those inferred from `var r = await x.RequestXAsync(…)`).
    if (CLIENT_NAMESPACES.some((ns) => fileSees(ctx, ns)) || ctx.project.packages.some((p) => /^identitymodel$/i.test(p.id))) nullableJson(ctx);
    if (MODEL_NAMESPACES.some((ns) => fileSees(ctx, ns)) || /\bIdentityModel\.OidcConstants\b/.test(ctx.text)) {
      walk(root, (n) => {
        if (n.type === 'member_access_expression' && /(^|\.)Algorithms\s*\.\s*Symmetric\s*\.\s*HS384$/.test(n.text.replace(/\s+/g, ''))) {
          ctx.report(n, 'OidcConstants.Algorithms.Symmetric.HS384 now holds "HS384" (IdentityModel had the typo "HS284")', {
            severity: 'info',
            suggestion: 'Check stored configuration or comparisons that relied on the old "HS284" value',
          });
          return false;
        }
      });
    }
  },
};

export default rule;

const OBJECT_MEMBERS = new Set(['ToString', 'Equals', 'GetHashCode', 'GetType']);

/** The declared type of `T x = <value>` for the declarator (or its `= value` clause) holding the value. */
function declarationType(n: Node): string | undefined {
  const declarator = n.type === 'variable_declarator' ? n : n.parent;
  const declaration = declarator?.parent;
  return declaration?.type === 'variable_declaration' ? declaration.childForFieldName('type')?.text.replace(/\s+/g, '').replace(/^global::/, '') : undefined;
}

/** `r.Json` on a protocol response, except `r.Json?.…`: Duende.IdentityModel made it `JsonElement?`. */
function nullableJson(ctx: FileContext): void {
  const root = ctx.tree!.rootNode;
  const responses = responseVariables(ctx, root);
  if (!responses.size) return;
  const at: number[] = [];
  walk(root, (n) => {
    if (n.type !== 'member_access_expression' || n.childForFieldName('name')?.text !== 'Json') return;
    const recv = receiverName(n.childForFieldName('expression'));
    if (!recv || !responses.has(recv)) return;
    // Only what breaks for sure: a member of JsonElement read on it (not `?.`, not what object declares), or a
    // JsonElement-typed variable initialised with it. As an argument or `var`, it may well still compile (object).
    const parent = n.parent;
    const member = parent?.type === 'member_access_expression' && parent.childForFieldName('expression')?.equals(n) ? parent.childForFieldName('name')?.text : undefined;
    const declared = parent?.type === 'equals_value_clause' || parent?.type === 'variable_declarator' ? declarationType(parent) : undefined;
    if (!(member && !OBJECT_MEMBERS.has(member)) && !(declared && /^(System\.Text\.Json\.)?JsonElement$/.test(declared))) return;
    at.push(n.childForFieldName('name')!.startIndex);
  });
  reportOncePerLine(ctx, at, {
    message: 'ProtocolResponse.Json is JsonElement? (a Nullable<JsonElement>) in Duende.IdentityModel; it was a JsonElement, so JsonElement members and extension methods no longer apply to it directly, and it no longer converts to JsonElement',
    suggestion: 'Write r.Json?.TryGetString("name") (null when the response had no JSON), or r.Json.Value / r.Json.GetValueOrDefault() where a JsonElement is needed',
  });
}
