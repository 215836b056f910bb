/**
 * 6.3 extracted ITokenCleanupService (Duende.IdentityServer.EntityFramework) from TokenCleanupService; IdentityServer
 * now registers and resolves the interface (`AddTransient<ITokenCleanupService, TokenCleanupService>()`, and
 * TokenCleanupHost asks for ITokenCleanupService), and the constructor drops `IServerSideSessionsMarker
 * serverSideSessionsMarker` again: `(OperationalStoreOptions options, IPersistedGrantDbContext persistedGrantDbContext,
 * ILogger<TokenCleanupService> logger, IOperationalStoreNotification operationalStoreNotification = null)`.
 * Catalog §4.9 row 2, §5; verified at is/6.2.5, is/6.3.0 and is/6.3.10.
 *
 * Rewrites:
 *  - AUTO (base-ctor, and `new TokenCleanupService(...)`): the argument that binds to serverSideSessionsMarker goes
 *    (named, or the fourth of five positional ones, or a fourth positional one declared in the file as
 *    IServerSideSessionsMarker); so does the derived constructor's parameter it forwarded, when nothing else uses it.
 *    A fourth positional `null` binds to null in either version and stays; a fourth positional argument of unknown
 *    type is reported.
 *  - HEUR, listed for review: `services.AddTransient<TokenCleanupService, MyCleanup>()` (Scoped, Singleton, TryAdd*,
 *    Replace) -> `AddTransient<ITokenCleanupService, MyCleanup>()`; without it the custom class is never used.
 *  - HEUR, listed for review: `GetRequiredService<TokenCleanupService>()` (or GetService) whose result only serves the
 *    cleanup call (chained onto it, or a `var` local used for nothing else) -> `GetRequiredService<ITokenCleanupService>()`.
 * Reports: other resolutions of TokenCleanupService itself: the class is no longer registered as itself.
 */
import { registrationsOf, resolutionsOf } from '../../src/engine/cs/calls';
import { respliced } from '../../src/engine/cs/ctor-change';
import { declaredTypes } from '../../src/engine/cs/receivers';
import { argumentName, argumentValue, isPlainReference, isQualified, named, referencesTo, typeMatcher } from '../../src/engine/cs/syntax';
import type { Node } from '../../src/engine/csharp';
import { CLEANUP_PARAMS_61, TokenCleanupService, cleanupCalls } from '../../src/engine/cs/token-cleanup';
import type { FileRule } from '../../src/engine/rule';

const MARKER = 'serverSideSessionsMarker';
const IServerSideSessionsMarker = { ns: 'Duende.IdentityServer.Stores', name: 'IServerSideSessionsMarker' };
const IOperationalStoreNotification = { ns: 'Duende.IdentityServer.EntityFramework', name: 'IOperationalStoreNotification' };

const CLEANUP = new Set(['RemoveExpiredGrantsAsync', 'CleanupGrantsAsync']);

/** `recv.RemoveExpiredGrantsAsync(…)` / `recv.CleanupGrantsAsync(…)` with `recv` being `n`. */
function cleansUp(n: Node): boolean {
  const access = n.parent;
  return access?.type === 'member_access_expression' && !!access.childForFieldName('expression')?.equals(n) && CLEANUP.has(access.childForFieldName('name')?.text ?? '')
    && access.parent?.type === 'invocation_expression';
}

/**
 * The resolved service is used for the cleanup call only: chained straight onto it, or kept in a `var` local whose
 * every use is that call. Then asking for ITokenCleanupService instead changes nothing else.
 */
function onlyCleansUp(call: Node): boolean {
  if (cleansUp(call)) return true;
  const init = call.parent?.type === 'equals_value_clause' ? call.parent : undefined;
  const declarator = (init ?? call).parent;
  const declaration = declarator?.parent;
  if (declarator?.type !== 'variable_declarator' || declaration?.type !== 'variable_declaration') return false;
  if (declaration.childForFieldName('type')?.type !== 'implicit_type') return false;
  const name = declarator.childForFieldName('name') ?? named(declarator)[0];
  let scope: Node | null = declaration;
  while (scope && scope.type !== 'block' && scope.type !== 'compilation_unit') scope = scope.parent;
  if (!scope || !name) return false;
  const uses = referencesTo(scope, name.text, name);
  return uses.length > 0 && uses.every(cleansUp);
}

const rule: FileRule = {
  id: '6.2-6.3/token-cleanup-service',
  title: 'TokenCleanupService: constructor without IServerSideSessionsMarker, registered as ITokenCleanupService',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_2-to-v6_3',
  kind: 'fix',
  catalog: ['4.9#2'],
  reads: ['csharp'],
  triggers: ['TokenCleanupService'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const declared = declaredTypes(root);
    const matches = typeMatcher(ctx);
    for (const c of cleanupCalls(ctx)) {
      const index = c.args.findIndex((a, i) => (argumentName(a) ?? CLEANUP_PARAMS_61[i]) === MARKER);
      if (index === -1) continue;
      const marker = c.args[index];
      // Four positional arguments read the same in 6.2 (…, marker) and 6.3 (…, notification): decide by what is passed.
      if (!argumentName(marker) && c.args.length === 4) {
        const value = argumentValue(marker);
        if (!value || /^(null|default)$/.test(value.text)) continue; // binds to null either way
        const type = value.type === 'identifier' ? declared.get(value.text) : undefined;
        if (type && matches(type, IOperationalStoreNotification)) continue; // already the 6.3 meaning
        if (!type || !matches(type, IServerSideSessionsMarker)) {
          ctx.report(marker, `${c.label}: in 6.3 a fourth argument binds to operationalStoreNotification (6.1-6.2: serverSideSessionsMarker)`, {
            severity: 'warning',
            suggestion: 'Remove the argument if it is the IServerSideSessionsMarker; keep it if it is the IOperationalStoreNotification',
          });
          continue;
        }
      }
      const kept = c.args.filter((a) => !a.equals(marker));
      const argEdit = respliced(ctx, c.list, c.args, kept.map((a) => a.text));
      // The derived constructor's own parameter, when it only fed the marker.
      const param = c.site?.parameters.find((q) => isPlainReference(argumentValue(marker), q.childForFieldName('name')?.text ?? ''));
      const dropParam = param && referencesTo(c.site!.scope, param.childForFieldName('name')!.text, param).length === 1 && c.site!.list;
      const paramEdit = dropParam ? respliced(ctx, c.site!.list!, c.site!.parameters, c.site!.parameters.filter((q) => !q.equals(param)).map((q) => q.text)) : undefined;
      if (argEdit === null || paramEdit === null) {
        ctx.report(c.list, `${c.label}: TokenCleanupService no longer takes IServerSideSessionsMarker (6.3); a comment keeps the argument from being removed automatically`, {
          severity: 'warning',
          suggestion: 'Remove the serverSideSessionsMarker argument: (options, persistedGrantDbContext, logger, operationalStoreNotification)',
        });
        continue;
      }
      if (c.args.length === 1) ctx.edit(c.list.startIndex + 1, c.list.endIndex - 1, '');
      else ctx.edit(argEdit.start, argEdit.end, argEdit.text);
      if (paramEdit) {
        if (c.site!.parameters.length === 1) ctx.edit(c.site!.list!.startIndex + 1, c.site!.list!.endIndex - 1, '');
        else ctx.edit(paramEdit.start, paramEdit.end, paramEdit.text);
      }
    }

    for (const r of registrationsOf(ctx, TokenCleanupService).pairs) {
      const s = isQualified(r.service) ? r.service.childForFieldName('name')! : r.service;
      ctx.edit(s.startIndex, s.endIndex, 'ITokenCleanupService', { review: true });
    }
    for (const r of resolutionsOf(ctx, TokenCleanupService)) {
      if (onlyCleansUp(r.call)) {
        const s = isQualified(r.service) ? r.service.childForFieldName('name')! : r.service;
        ctx.edit(s.startIndex, s.endIndex, 'ITokenCleanupService', { review: true });
        continue;
      }
      ctx.report(r.service, 'TokenCleanupService is registered as ITokenCleanupService since 6.3; resolving the class itself fails', {
        severity: 'warning',
        suggestion: 'Resolve ITokenCleanupService and call CleanupGrantsAsync()',
      });
    }
  },
};

export default rule;
