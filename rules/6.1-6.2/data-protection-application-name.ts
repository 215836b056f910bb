/**
 * 6.2 adds net7.0, and IdentityServer 7 requires net8.0. .NET 7 reverted .NET 6's normalisation of the content root
 * path (the trailing separator) that ASP.NET Core uses as the default data-protection application name, so a host that
 * moves off net6.0 gets a new default name and cannot read the keys and data it protected on net6.0 (catalog §4.8
 * row 2, the 6.1 -> 6.2 upgrade guide's "Verify Data Protection Configuration" step). See
 * src/engine/cs/data-protection.ts for the signal; only for projects on net6.0 and none below it (a project coming
 * from net5.0 or older was already told at 5.2 -> 6.0).
 * The other item of row 2, the new LoggingOptions.UnhandledExceptionLoggingFilter, is an addition that needs nothing.
 */
import { checkDataProtectionName } from '../../src/engine/cs/data-protection';
import type { FileRule } from '../../src/engine/rule';

const rule: FileRule = {
  id: '6.1-6.2/data-protection-application-name',
  title: 'Set the data-protection application name before the host moves off .NET 6',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_1-to-v6_2',
  kind: 'finding',
  catalog: ['4.8#2'],
  reads: ['csharp'],
  triggers: ['AddDataProtection', 'AddIdentityServer'],
  actsWithoutLibraryNamespace: true,
  run(ctx) {
    checkDataProtectionName(ctx, {
      applies: (versions) => versions.some((v) => v >= 6 && v < 7) && !versions.some((v) => v < 6),
      message:
        'moving this host from net6.0 to net7.0 or later (IdentityServer 7 requires net8.0) changes the default application name (.NET 7 drops the separator .NET 6 appended to the content root path), so data protected on net6.0 (cookies, antiforgery tokens, automatic signing keys) cannot be read afterwards',
      suggestion:
        'Call .SetApplicationName("…") on AddDataProtection() with a stable name before changing the framework; to keep reading the existing keys use the name the host has on net6.0 (its content root path with the trailing separator)',
    });
  },
};

export default rule;
