/**
 * The data-protection application name check shared by the 5.2 -> 6.0 and 6.1 -> 6.2 rules.
 *
 * ASP.NET Core isolates data-protection keys by application name, by default the host's content root path. .NET 6
 * normalised that path to end with a directory separator and .NET 7 reverted it, so a host moving from netcoreapp3.1 /
 * net5.0 to net6.0, or from net6.0 to net7.0+ (IdentityServer 7 requires net8.0), gets a new default name and can no
 * longer read what it protected before: cookies, antiforgery tokens, IdentityServer's automatic signing keys, server-
 * side session tickets. Setting the name explicitly (`AddDataProtection().SetApplicationName(…)`) avoids that.
 *
 * The signal, per C# file, when the project's frameworks cross the boundary:
 *  - nothing is reported when the file sets the name anywhere (`SetApplicationName(…)`, or `ApplicationDiscriminator`
 *    on DataProtectionOptions);
 *  - otherwise every `AddDataProtection(…)` call is a warning (configured here, without a name);
 *  - a file that calls `AddIdentityServer(…)` and has no `AddDataProtection` at all gets an info finding at that
 *    call: the configuration may live in another file, which this check cannot see.
 */
import type { FileContext } from '../rule';
import { callsNamed } from './calls';
import { walk } from '../csharp';

/** Major.minor of a .NET (Core) target framework; undefined for .NET Framework and anything unknown. */
export function netVersion(tfm: string): number | undefined {
  const core = /^netcoreapp(\d+)\.(\d+)$/.exec(tfm);
  if (core) return Number(core[1]) + Number(core[2]) / 10;
  const net = /^net(\d+)\.(\d+)(-.+)?$/.exec(tfm);
  if (net && Number(net[1]) >= 5) return Number(net[1]) + Number(net[2]) / 10;
  return undefined;
}

export interface DataProtectionCheck {
  /** Whether the project, with these target frameworks, crosses the boundary at this hop. */
  applies(frameworks: number[]): boolean;
  message: string;
  suggestion: string;
}

export function checkDataProtectionName(ctx: FileContext, check: DataProtectionCheck): void {
  const root = ctx.tree?.rootNode;
  if (!root) return;
  const versions = ctx.project.frameworks.map(netVersion).filter((v): v is number => v !== undefined);
  if (!versions.length || !check.applies(versions)) return;
  if (callsNamed(root, 'SetApplicationName').length) return;
  let discriminator = false;
  walk(root, (n) => {
    if (n.type === 'identifier' && n.text === 'ApplicationDiscriminator') discriminator = true;
    return !discriminator;
  });
  if (discriminator) return;
  const dp = callsNamed(root, 'AddDataProtection');
  for (const c of dp) ctx.report(c.name, `AddDataProtection() without SetApplicationName: ${check.message}`, { severity: 'warning', suggestion: check.suggestion });
  if (dp.length) return;
  const is = callsNamed(root, 'AddIdentityServer').filter((c) => c.receiver);
  if (is.length) {
    ctx.report(is[0].name, `No data-protection application name is set in this file: ${check.message} (ignore this if AddDataProtection().SetApplicationName(…) is called elsewhere)`, {
      severity: 'info',
      suggestion: check.suggestion,
    });
  }
}
