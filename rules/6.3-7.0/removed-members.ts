/**
 * Public members 7.0 removed or changed where user code reads or sets them (catalog §4.10 rows 16, 23, 24; verified
 * against is/6.3.0 and is/7.0.0). Findings only:
 *  - row 16: UnhandledExceptionEvent.Exception is gone (Details keeps the text; the Exception object is not carried
 *    any more); TokenRevocationErrorResult.Error is get-only (set it through the constructor);
 *  - row 23: IPersistedGrantDbContext gained `DbSet<PushedAuthorizationRequest> PushedAuthorizationRequests`: a class
 *    that implements the interface itself (not through PersistedGrantDbContext) must add it, and a migration;
 *  - row 24: the EF entity ServerSideSession.Id is a long (bigint) since 7.0: reading it into an int no longer compiles.
 * Signals: receivers declared with the type in the file, `x is T name` patterns, and `new T(...) { Member = ... }`.
 */
import type { Node } from '../../src/engine/csharp';
import { walk } from '../../src/engine/csharp';
import { initializerMembers } from '../../src/engine/cs/occurrences';
import { memberUsesOn, receiverName } from '../../src/engine/cs/receivers';
import { baseTypes, membersOf, named, typeMatcher, typesDerivingFrom, type TypeName } from '../../src/engine/cs/syntax';
import type { FileContext, FileRule } from '../../src/engine/rule';

const UNHANDLED: TypeName = { ns: 'Duende.IdentityServer.Events', name: 'UnhandledExceptionEvent' };
const REVOCATION_ERROR: TypeName = { ns: 'Duende.IdentityServer.Endpoints.Results', name: 'TokenRevocationErrorResult' };
const GRANT_CONTEXT: TypeName = { ns: 'Duende.IdentityServer.EntityFramework.Interfaces', name: 'IPersistedGrantDbContext' };
const GRANT_DB: TypeName = { ns: 'Duende.IdentityServer.EntityFramework.DbContexts', name: 'PersistedGrantDbContext' };
const SESSION: TypeName = { ns: 'Duende.IdentityServer.EntityFramework.Entities', name: 'ServerSideSession' };

/** `x is T name` / `case T name`: pattern variables of the type (declaredTypes does not see them). */
function patternVariables(ctx: FileContext, type: TypeName): Set<string> {
  const out = new Set<string>();
  const matches = typeMatcher(ctx);
  const root = ctx.tree?.rootNode;
  if (!root) return out;
  walk(root, (n) => {
    if (n.type !== 'declaration_pattern') return;
    const t = n.childForFieldName('type');
    const name = n.childForFieldName('name') ?? named(n).find((c) => c.type === 'identifier' && !c.equals(t!));
    if (t && name && matches(t, type)) out.add(name.text);
  });
  return out;
}

/** `name.Member` for pattern variables (memberUsesOn covers declared fields, parameters and locals). */
function patternMemberUses(ctx: FileContext, type: TypeName, member: string): Node[] {
  const names = patternVariables(ctx, type);
  const out: Node[] = [];
  const root = ctx.tree?.rootNode;
  if (!root || !names.size) return out;
  walk(root, (n) => {
    if (n.type !== 'member_access_expression' || n.childForFieldName('name')?.text !== member) return;
    const recv = receiverName(n.childForFieldName('expression'));
    if (recv && names.has(recv)) out.push(n);
  });
  return out;
}

function isAssignedTo(access: Node): boolean {
  const a = access.parent;
  return a?.type === 'assignment_expression' && !!a.childForFieldName('left')?.equals(access);
}

/** `int x = s.Id`, `(int)s.Id`. */
function readAsInt(access: Node): boolean {
  const p = access.parent;
  if (p?.type === 'cast_expression') return p.childForFieldName('type')?.text === 'int';
  if (p?.type === 'equals_value_clause' || p?.type === 'variable_declarator') {
    const declaration = p.type === 'variable_declarator' ? p.parent : p.parent?.parent;
    return declaration?.type === 'variable_declaration' && declaration.childForFieldName('type')?.text === 'int';
  }
  return false;
}

const rule: FileRule = {
  id: '6.3-7.0/removed-members',
  title: 'UnhandledExceptionEvent.Exception removed, TokenRevocationErrorResult.Error get-only, IPersistedGrantDbContext.PushedAuthorizationRequests, ServerSideSession.Id is long',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_3-to-v7_0',
  kind: 'finding',
  catalog: ['4.10#16', '4.10#23', '4.10#24'],
  reads: ['csharp'],
  triggers: ['UnhandledExceptionEvent', 'TokenRevocationErrorResult', 'IPersistedGrantDbContext', 'ServerSideSession'],
  run(ctx) {
    const found: { at: Node; message: string; suggestion: string }[] = [];
    const unhandled = 'UnhandledExceptionEvent.Exception was removed in IdentityServer 7.0';
    const unhandledFix = 'read evt.Details (the exception text) instead; to keep the exception object, log it where it is caught';
    for (const u of memberUsesOn(ctx, [UNHANDLED], 'Exception')) found.push({ at: u.access, message: unhandled, suggestion: unhandledFix });
    for (const u of patternMemberUses(ctx, UNHANDLED, 'Exception')) found.push({ at: u, message: unhandled, suggestion: unhandledFix });
    for (const i of initializerMembers(ctx, [UNHANDLED], ['Exception'])) found.push({ at: i.assignment, message: unhandled, suggestion: unhandledFix });

    const errorSet = 'TokenRevocationErrorResult.Error is get-only since IdentityServer 7.0';
    const errorFix = 'pass the error to the constructor: new TokenRevocationErrorResult(error)';
    for (const u of memberUsesOn(ctx, [REVOCATION_ERROR], 'Error')) if (isAssignedTo(u.access)) found.push({ at: u.access, message: errorSet, suggestion: errorFix });
    for (const i of initializerMembers(ctx, [REVOCATION_ERROR], ['Error'])) found.push({ at: i.assignment, message: errorSet, suggestion: errorFix });

    const matches = typeMatcher(ctx);
    for (const { decl } of typesDerivingFrom(ctx, [GRANT_CONTEXT])) {
      if (baseTypes(decl).some((b) => matches(b, GRANT_DB))) continue;
      if (membersOf(decl).some((m) => m.type === 'property_declaration' && m.childForFieldName('name')?.text === 'PushedAuthorizationRequests')) continue;
      found.push({
        at: decl.childForFieldName('name') ?? decl,
        message: 'IPersistedGrantDbContext has a PushedAuthorizationRequests set since IdentityServer 7.0',
        suggestion: 'add `public DbSet<PushedAuthorizationRequest> PushedAuthorizationRequests { get; set; }` (Duende.IdentityServer.EntityFramework.Entities), map it, and add a migration',
      });
    }

    for (const u of memberUsesOn(ctx, [SESSION], 'Id')) {
      if (!readAsInt(u.access)) continue;
      found.push({ at: u.access, message: 'ServerSideSession.Id is a long since IdentityServer 7.0', suggestion: 'read it as a long' });
    }

    found.sort((a, b) => a.at.startIndex - b.at.startIndex);
    for (const f of found) ctx.report(f.at, f.message, { severity: 'warning', suggestion: f.suggestion });
  },
};

export default rule;
