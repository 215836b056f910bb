/**
 * The places that call TokenCleanupService's constructor (Duende.IdentityServer.EntityFramework): `base(...)` of a
 * class deriving from it (and the class's primary-constructor base call), and `new TokenCleanupService(...)`. Shared
 * by the 6.0 -> 6.1 rule (IServerSideSessionsMarker inserted before the notification parameter) and the 6.2 -> 6.3
 * rule (the marker removed again).
 */
import type { Node } from '../csharp';
import type { FileContext } from '../rule';
import { creationsOf } from './calls';
import { argsOf, constructorsOf, typesDerivingFrom, type CtorSite, type TypeName } from './syntax';

export const TokenCleanupService: TypeName = { ns: 'Duende.IdentityServer.EntityFramework', name: 'TokenCleanupService' };

/** 6.1-6.2 parameter names, in order. */
export const CLEANUP_PARAMS_61 = ['options', 'persistedGrantDbContext', 'logger', 'serverSideSessionsMarker', 'operationalStoreNotification'];

export interface CleanupCall {
  list: Node; // argument_list
  args: Node[];
  /** The derived constructor, when this is its base call. */
  site?: CtorSite;
  label: string;
}

export function cleanupCalls(ctx: FileContext): CleanupCall[] {
  const out: CleanupCall[] = [];
  for (const { decl } of typesDerivingFrom(ctx, [TokenCleanupService])) {
    for (const site of constructorsOf(decl)) if (site.baseCall) out.push({ list: site.baseCall, args: argsOf(site.baseCall), site, label: site.label });
  }
  for (const c of creationsOf(ctx, [TokenCleanupService])) {
    const list = c.node.childForFieldName('arguments');
    if (list) out.push({ list, args: c.args, label: 'new TokenCleanupService(...)' });
  }
  return out;
}
