/**
 * 6.0 requires net6.0, and .NET 6 changed the default data-protection application name (the content root path now
 * ends with a directory separator): a host moving from netcoreapp3.1 or net5.0 loses access to the keys it used, and
 * with them to its cookies, antiforgery tokens and IdentityServer's automatic signing keys (catalog §4.6 row 13, the
 * 5.2 -> 6.0 upgrade guide's data-protection note). See src/engine/cs/data-protection.ts for the exact signal: a
 * warning at each AddDataProtection() whose file never sets the application name, else an info finding at
 * AddIdentityServer() when the file configures no data protection; only for projects with a framework below net6.0.
 */
import { checkDataProtectionName } from '../../src/engine/cs/data-protection';
import type { FileRule } from '../../src/engine/rule';

const rule: FileRule = {
  id: '5.2-6.0/data-protection-application-name',
  title: 'Set the data-protection application name before the host moves to .NET 6',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v5_2-to-v6_0',
  kind: 'finding',
  catalog: ['4.6#13'],
  reads: ['csharp'],
  triggers: ['AddDataProtection', 'AddIdentityServer'],
  actsWithoutLibraryNamespace: true,
  run(ctx) {
    checkDataProtectionName(ctx, {
      applies: (versions) => versions.some((v) => v < 6),
      message:
        'the move to net6.0 changes the default application name (.NET 6 appends a separator to the content root path), so data protected before the upgrade (cookies, antiforgery tokens, automatic signing keys) cannot be read after it; .NET 7 reverts that change, so the name changes again on the way to net8.0',
      suggestion:
        'Call .SetApplicationName("…") on AddDataProtection() with a stable name; to keep reading the existing keys use the name the host has today (its content root path without a trailing separator), and persist the keys where every instance finds them',
    });
  },
};

export default rule;
