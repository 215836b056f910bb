/**
 * Framework-tied packages as data: for each target framework, the version of the package families whose major
 * version follows the framework (ASP.NET Core, EF Core, the Microsoft.Extensions.* packages versioned with .NET,
 * the Npgsql EF Core provider), and the dependency floors each IdentityServer release puts on them.
 *
 * Sources:
 * - Newest patch of each line: the packages NuGet served on 2026-11-25 (.NET 8.0.34, 9.0.23, 10.0.15), and for the
 *   lines out of support the last servicing release of each (.NET Core 3.1.32, .NET 5.0.17, 6.0.36, 7.0.20), which
 *   ASP.NET Core and EF Core packages all shipped (they are published at every patch).
 * - Microsoft.Extensions.* from dotnet/runtime (Logging, Configuration, DependencyInjection, ...) were, for .NET 5 to 8,
 *   only republished when they changed: each line's GA version (X.0.0) exists for all of them, later patches per
 *   package as served on 2026-11-25. In 3.1 they shipped from dotnet/extensions at every patch (3.1.32).
 * - Floors: the PackageReferences of the shipped IdentityServer projects at every release tag of
 *   DuendeSoftware/products, per target framework (catalog §1.2; where the catalog and the tags differ, the tags win:
 *   7.3.3+ and 7.4.8 raised EF Core in patch releases).
 *
 * A package whose line is missing here is unknown for that line: rules report it and never guess a version.
 */
import { compareVersions } from '../scan/nuget-version';

export const FRAMEWORKS = ['netcoreapp3.1', 'net5.0', 'net6.0', 'net7.0', 'net8.0', 'net9.0', 'net10.0'] as const;
export type Tfm = (typeof FRAMEWORKS)[number];
type Versions = Partial<Record<Tfm, string>>;

export type FamilyName = 'aspnetcore' | 'efcore' | 'extensions' | 'npgsql';

export interface PackageFamily {
  name: FamilyName;
  title: string;
  /** Package ids, with the first framework each exists for when that is later than netcoreapp3.1. */
  ids: Readonly<Record<string, Tfm | ''>>;
  versions: Versions;
  /** Per package, where its newest patch of a line differs from the family's (null: not published for that line). */
  perId?: Readonly<Record<string, Partial<Record<Tfm, string | null>>>>;
}

const servicing: Versions = { 'netcoreapp3.1': '3.1.32', 'net5.0': '5.0.17', 'net6.0': '6.0.36', 'net7.0': '7.0.20', 'net8.0': '8.0.34', 'net9.0': '9.0.23', 'net10.0': '10.0.15' };

const all = (names: string[], prefix: string, since: Tfm | '' = ''): Record<string, Tfm | ''> => Object.fromEntries(names.map((n) => [`${prefix}${n}`, since]));

/** ASP.NET Core packages shipped per framework from dotnet/aspnetcore (most of ASP.NET Core is in the shared framework instead). */
const ASPNETCORE: PackageFamily = {
  name: 'aspnetcore',
  title: 'ASP.NET Core',
  ids: {
    ...all(
      [
        'Authentication.Certificate', 'Authentication.Facebook', 'Authentication.Google', 'Authentication.JwtBearer', 'Authentication.MicrosoftAccount',
        'Authentication.Negotiate', 'Authentication.OpenIdConnect', 'Authentication.Twitter', 'Authentication.WsFederation', 'Authorization',
        'Components', 'Components.Authorization', 'Components.Forms', 'Components.Web', 'Cryptography.Internal', 'Cryptography.KeyDerivation',
        'DataProtection', 'DataProtection.Abstractions', 'DataProtection.EntityFrameworkCore', 'DataProtection.Extensions', 'DataProtection.StackExchangeRedis',
        'Diagnostics.EntityFrameworkCore', 'HeaderPropagation', 'Http.Connections.Client', 'Http.Connections.Common', 'Identity.EntityFrameworkCore', 'Identity.UI',
        'JsonPatch', 'Mvc.NewtonsoftJson', 'Mvc.Razor.RuntimeCompilation', 'Mvc.Testing', 'SignalR.Client', 'SignalR.Client.Core', 'SignalR.Common',
        'SignalR.Protocols.Json', 'SignalR.Protocols.MessagePack', 'SignalR.Protocols.NewtonsoftJson', 'SignalR.StackExchangeRedis', 'SpaServices.Extensions', 'TestHost',
      ],
      'Microsoft.AspNetCore.',
    ),
    ...all(['Components.WebAssembly', 'Components.WebAssembly.Authentication', 'Components.WebAssembly.DevServer', 'Components.WebAssembly.Server', 'Metadata'], 'Microsoft.AspNetCore.', 'net5.0'),
    ...all(['OpenApi'], 'Microsoft.AspNetCore.', 'net7.0'),
    ...all(['Components.QuickGrid', 'Components.QuickGrid.EntityFrameworkAdapter', 'OutputCaching.StackExchangeRedis', 'WebUtilities'], 'Microsoft.AspNetCore.', 'net8.0'),
  },
  versions: servicing,
};

/** EF Core and Microsoft's providers (EF Core 3.1/5/6/7 run on older frameworks too; the version is the one of the framework's own line). */
const EFCORE: PackageFamily = {
  name: 'efcore',
  title: 'EF Core',
  ids: {
    ...all(
      ['', '.Abstractions', '.Analyzers', '.Cosmos', '.Design', '.InMemory', '.Proxies', '.Relational', '.Sqlite', '.Sqlite.Core', '.Sqlite.NetTopologySuite', '.SqlServer', '.SqlServer.NetTopologySuite', '.Tools'],
      'Microsoft.EntityFrameworkCore',
    ),
    'Microsoft.EntityFrameworkCore.SqlServer.HierarchyId': 'net8.0',
    'Microsoft.EntityFrameworkCore.Tasks': 'net9.0',
  },
  versions: servicing,
};

/** The Npgsql provider's major follows EF Core's (its patches do not); 7.0 is not known here. */
const NPGSQL: PackageFamily = {
  name: 'npgsql',
  title: 'Npgsql EF Core provider',
  ids: { 'Npgsql.EntityFrameworkCore.PostgreSQL': '' },
  versions: { 'netcoreapp3.1': '3.1.0', 'net5.0': '5.0.10', 'net6.0': '6.0.22', 'net8.0': '8.0.11', 'net9.0': '9.0.4', 'net10.0': '10.0.3' },
};

const RUNTIME_EXTENSIONS = [
  'Caching.Abstractions', 'Caching.Memory', 'Configuration', 'Configuration.Abstractions', 'Configuration.Binder', 'Configuration.CommandLine',
  'Configuration.EnvironmentVariables', 'Configuration.FileExtensions', 'Configuration.Ini', 'Configuration.Json', 'Configuration.UserSecrets', 'Configuration.Xml',
  'DependencyInjection', 'DependencyInjection.Abstractions', 'DependencyModel', 'FileProviders.Abstractions', 'FileProviders.Composite', 'FileProviders.Physical',
  'FileSystemGlobbing', 'Hosting', 'Hosting.Abstractions', 'Hosting.Systemd', 'Hosting.WindowsServices', 'Http', 'Logging', 'Logging.Abstractions',
  'Logging.Configuration', 'Logging.Console', 'Logging.Debug', 'Logging.EventLog', 'Logging.EventSource', 'Logging.TraceSource', 'Options',
  'Options.ConfigurationExtensions', 'Options.DataAnnotations', 'Primitives',
];

/** Microsoft.Extensions.* shipped from dotnet/aspnetcore, at every patch like ASP.NET Core. */
const ASPNETCORE_EXTENSIONS = [
  'Caching.SqlServer', 'Caching.StackExchangeRedis', 'Configuration.KeyPerFile', 'Diagnostics.HealthChecks', 'Diagnostics.HealthChecks.Abstractions',
  'Diagnostics.HealthChecks.EntityFrameworkCore', 'FileProviders.Embedded', 'Identity.Core', 'Identity.Stores', 'Localization', 'Localization.Abstractions',
  'Logging.AzureAppServices', 'ObjectPool', 'WebEncoders',
];

const ext = (v: Partial<Record<Tfm, string | null>>) => v;

/**
 * Microsoft.Extensions.* whose version follows .NET. Those that do not (Caching.Hybrid, Http.Resilience, Resilience,
 * Telemetry*, Compliance.*, AI*, ServiceDiscovery*, Diagnostics.ResourceMonitoring, TimeProvider.Testing, ...: dotnet/extensions,
 * own versions) and Http.Polly (its patches do not follow either line) are not in the table and are left alone.
 */
const EXTENSIONS: PackageFamily = {
  name: 'extensions',
  title: 'Microsoft.Extensions',
  ids: { ...all(RUNTIME_EXTENSIONS, 'Microsoft.Extensions.'), ...all(ASPNETCORE_EXTENSIONS, 'Microsoft.Extensions.'), ...all(['Diagnostics', 'Diagnostics.Abstractions'], 'Microsoft.Extensions.', 'net8.0') },
  versions: { 'netcoreapp3.1': '3.1.32', 'net5.0': '5.0.0', 'net6.0': '6.0.0', 'net7.0': '7.0.0', 'net8.0': '8.0.0', 'net9.0': '9.0.23', 'net10.0': '10.0.15' },
  perId: {
    ...Object.fromEntries(ASPNETCORE_EXTENSIONS.map((n) => [`Microsoft.Extensions.${n}`, { ...servicing }])),
    // dotnet/runtime packages republished after GA (newest served patch of the line).
    'Microsoft.Extensions.Caching.Abstractions': ext({ 'net6.0': '6.0.1' }),
    'Microsoft.Extensions.Caching.Memory': ext({ 'net6.0': '6.0.1', 'net8.0': '8.0.1' }),
    'Microsoft.Extensions.Configuration': ext({ 'net6.0': '6.0.2' }),
    'Microsoft.Extensions.Configuration.Abstractions': ext({ 'net6.0': '6.0.1' }),
    'Microsoft.Extensions.Configuration.Binder': ext({ 'net6.0': '6.0.1', 'net7.0': '7.0.4', 'net8.0': '8.0.2' }),
    'Microsoft.Extensions.Configuration.EnvironmentVariables': ext({ 'net6.0': '6.0.2' }),
    'Microsoft.Extensions.Configuration.FileExtensions': ext({ 'net8.0': '8.0.1' }),
    'Microsoft.Extensions.Configuration.Json': ext({ 'net8.0': '8.0.1' }),
    'Microsoft.Extensions.Configuration.UserSecrets': ext({ 'net6.0': '6.0.1', 'net8.0': '8.0.1' }),
    'Microsoft.Extensions.Configuration.Xml': ext({ 'net8.0': '8.0.1' }),
    'Microsoft.Extensions.DependencyInjection': ext({ 'net6.0': '6.0.2', 'net8.0': '8.0.1' }),
    'Microsoft.Extensions.DependencyInjection.Abstractions': ext({ 'net8.0': '8.0.2' }),
    'Microsoft.Extensions.DependencyModel': ext({ 'netcoreapp3.1': null, 'net6.0': '6.0.2', 'net8.0': '8.0.2' }),
    'Microsoft.Extensions.Diagnostics': ext({ 'net8.0': '8.0.1' }),
    'Microsoft.Extensions.Diagnostics.Abstractions': ext({ 'net8.0': '8.0.1' }),
    'Microsoft.Extensions.FileProviders.Abstractions': ext({ 'net6.0': '6.0.1' }),
    'Microsoft.Extensions.Hosting': ext({ 'net6.0': '6.0.1', 'net7.0': '7.0.1', 'net8.0': '8.0.1' }),
    'Microsoft.Extensions.Hosting.Abstractions': ext({ 'net6.0': '6.0.1', 'net8.0': '8.0.1' }),
    'Microsoft.Extensions.Hosting.Systemd': ext({ 'net8.0': '8.0.1' }),
    'Microsoft.Extensions.Hosting.WindowsServices': ext({ 'net8.0': '8.0.1' }),
    'Microsoft.Extensions.Http': ext({ 'net8.0': '8.0.1' }),
    'Microsoft.Extensions.Logging': ext({ 'net6.0': '6.0.1', 'net8.0': '8.0.1' }),
    'Microsoft.Extensions.Logging.Abstractions': ext({ 'net6.0': '6.0.4', 'net7.0': '7.0.1', 'net8.0': '8.0.3' }),
    'Microsoft.Extensions.Logging.Configuration': ext({ 'net8.0': '8.0.1' }),
    'Microsoft.Extensions.Logging.Console': ext({ 'net8.0': '8.0.1' }),
    'Microsoft.Extensions.Logging.Debug': ext({ 'net8.0': '8.0.1' }),
    'Microsoft.Extensions.Logging.EventLog': ext({ 'net8.0': '8.0.1' }),
    'Microsoft.Extensions.Logging.EventSource': ext({ 'net8.0': '8.0.1' }),
    'Microsoft.Extensions.Options': ext({ 'net6.0': '6.0.1', 'net7.0': '7.0.1', 'net8.0': '8.0.2' }),
    'Microsoft.Extensions.Options.DataAnnotations': ext({ 'net9.0': '9.0.22' }),
    'Microsoft.Extensions.Primitives': ext({ 'net6.0': '6.0.1' }),
  },
};

export const FAMILIES: readonly PackageFamily[] = [ASPNETCORE, EFCORE, NPGSQL, EXTENSIONS];

const byId = new Map<string, { family: PackageFamily; id: string }>();
for (const family of FAMILIES) for (const id of Object.keys(family.ids)) byId.set(id.toLowerCase(), { family, id });

/** The family of a package id (case-insensitive), or undefined when the table does not know it. */
export function familyOf(id: string): PackageFamily | undefined {
  return byId.get(id.toLowerCase())?.family;
}

/** .NET (Core) version of a moniker (3.1, 8, 10), or undefined for .NET Framework / .NET Standard / unknown. */
export function dotnetVersion(tfm: string): number | undefined {
  const m = /^(?:netcoreapp|net)(\d+\.\d+)(?:-[\w.]+)?$/.exec(tfm.trim().toLowerCase());
  return m ? Number(m[1]) : undefined;
}

/** The table's framework line for a moniker: itself, or the newest line not newer than it (net11.0 -> net10.0). */
export function frameworkLine(tfm: string): Tfm | undefined {
  const v = dotnetVersion(tfm);
  if (v === undefined) return undefined;
  return [...FRAMEWORKS].reverse().find((f) => dotnetVersion(f)! <= v);
}

/** The framework line whose packages have this major version (3 -> netcoreapp3.1, 9 -> net9.0). */
export function lineOfMajor(major: number): Tfm | undefined {
  return FRAMEWORKS.find((f) => Math.floor(dotnetVersion(f)!) === major);
}

/** Version of a known package for a framework line; undefined when the table has none (unknown line, or not published then). */
export function frameworkPackageVersion(id: string, tfm: Tfm): string | undefined {
  const hit = byId.get(id.toLowerCase());
  if (!hit) return undefined;
  const since = hit.family.ids[hit.id];
  if (since && FRAMEWORKS.indexOf(since) > FRAMEWORKS.indexOf(tfm)) return undefined;
  const own = hit.family.perId?.[hit.id];
  if (own && tfm in own) return own[tfm] ?? undefined;
  return hit.family.versions[tfm];
}

/** Ids that look framework-tied: an unknown one is reported rather than left silently behind. */
export function looksFrameworkTied(id: string): boolean {
  return /^microsoft\.(aspnetcore|entityframeworkcore)\./i.test(id) || /(^|\.)entityframeworkcore(\.|$)/i.test(id);
}

// ---------------------------------------------------------------------------------------------------------------
// Dependency floors per release: what the IdentityServer packages themselves reference, per target framework of the
// consuming project. A direct reference below a floor is a NuGet downgrade (NU1605, an error by default) or, for
// EF Core, a provider of an older major than the Relational package IdentityServer brings.

/** Which IdentityServer packages carry the dependency: a project referencing one of them directly gets the floor. */
export type FloorVia = 'core' | 'storage' | 'ef' | 'configuration';

export const FLOOR_VIA: Readonly<Record<FloorVia, readonly string[]>> = {
  // Duende.IdentityServer and the packages built on it.
  core: ['IdentityServer4', 'IdentityServer4.AspNetIdentity', 'IdentityServer4.EntityFramework', 'Duende.IdentityServer', 'Duende.IdentityServer.AspNetIdentity', 'Duende.IdentityServer.EntityFramework'],
  // Every Duende package builds on Duende.IdentityServer.Storage.
  storage: ['Duende.IdentityServer', 'Duende.IdentityServer.Storage', 'Duende.IdentityServer.AspNetIdentity', 'Duende.IdentityServer.EntityFramework', 'Duende.IdentityServer.EntityFramework.Storage', 'Duende.IdentityServer.Configuration', 'Duende.IdentityServer.Configuration.EntityFramework'],
  // The EF Core stores (Microsoft.EntityFrameworkCore.Relational).
  ef: ['IdentityServer4.EntityFramework', 'IdentityServer4.EntityFramework.Storage', 'Duende.IdentityServer.EntityFramework', 'Duende.IdentityServer.EntityFramework.Storage', 'Duende.IdentityServer.Configuration.EntityFramework'],
  // Dynamic client registration (Microsoft.IdentityModel.JsonWebTokens).
  configuration: ['Duende.IdentityServer.Configuration', 'Duende.IdentityServer.Configuration.EntityFramework'],
};

/**
 * What a floor constrains: `efcore` = the EF Core family, the Npgsql provider and the Microsoft.Extensions.* packages
 * EF Core itself depends on, all moved to the floor's major line together; `wilson` = the Microsoft.IdentityModel.*
 * packages (released in lockstep), raised to the floor itself; a list = those ids, raised to the newest patch of the
 * floor's line.
 */
export type FloorTarget = 'efcore' | 'wilson' | readonly string[];

export interface DependencyFloor {
  line: string; // release line, "7.4"
  /** First patch of the line the floor holds for; a later entry of the same line and target replaces it. */
  since?: string;
  via: FloorVia;
  target: FloorTarget;
  /** Lowest version, keyed by the target framework of the IdentityServer package's asset. */
  min: Versions;
}

const OIDC = ['Microsoft.AspNetCore.Authentication.OpenIdConnect'];
const DATA_PROTECTION = ['Microsoft.AspNetCore.DataProtection.Abstractions'];

export const FLOORS: readonly DependencyFloor[] = [
  ...['3.1', '4.1'].flatMap((line): DependencyFloor[] => [
    { line, via: 'ef', target: 'efcore', min: { 'netcoreapp3.1': '3.1.0' } },
    { line, via: 'core', target: OIDC, min: { 'netcoreapp3.1': '3.1.0' } },
  ]),
  { line: '4.1', via: 'core', target: 'wilson', min: { 'netcoreapp3.1': '5.6.0' } },
  ...['5.0', '5.1', '5.2'].flatMap((line): DependencyFloor[] => [
    { line, via: 'ef', target: 'efcore', min: { 'netcoreapp3.1': '3.1.0', 'net5.0': '5.0.0' } },
    { line, via: 'core', target: OIDC, min: { 'netcoreapp3.1': '3.1.0', 'net5.0': '5.0.0' } },
    { line, via: 'storage', target: DATA_PROTECTION, min: { 'netcoreapp3.1': '3.1.0', 'net5.0': '5.0.0' } },
    { line, via: 'core', target: 'wilson', min: { 'netcoreapp3.1': '5.6.0', 'net5.0': '6.8.0' } },
  ]),
  ...['6.0', '6.1'].flatMap((line): DependencyFloor[] => [
    { line, via: 'ef', target: 'efcore', min: { 'net6.0': '6.0.0' } },
    { line, via: 'core', target: OIDC, min: { 'net6.0': '6.0.0' } },
    { line, via: 'storage', target: DATA_PROTECTION, min: { 'net6.0': '6.0.0' } },
  ]),
  { line: '6.2', via: 'ef', target: 'efcore', min: { 'net6.0': '6.0.0', 'net7.0': '7.0.0' } },
  { line: '6.2', via: 'core', target: OIDC, min: { 'net6.0': '6.0.0', 'net7.0': '7.0.0' } },
  { line: '6.2', via: 'storage', target: DATA_PROTECTION, min: { 'net6.0': '6.0.0', 'net7.0': '7.0.0' } },
  { line: '6.3', via: 'ef', target: 'efcore', min: { 'net6.0': '6.0.0', 'net7.0': '7.0.0' } },
  { line: '6.3', via: 'core', target: OIDC, min: { 'net6.0': '6.0.0', 'net7.0': '7.0.0' } },
  { line: '6.3', since: '6.3.9', via: 'core', target: OIDC, min: { 'net6.0': '6.0.26', 'net7.0': '7.0.15' } },
  { line: '6.3', via: 'storage', target: DATA_PROTECTION, min: { 'net6.0': '6.0.0', 'net7.0': '7.0.0' } },
  { line: '6.3', since: '6.3.9', via: 'storage', target: DATA_PROTECTION, min: { 'net6.0': '6.0.26', 'net7.0': '7.0.15' } },
  { line: '6.3', via: 'configuration', target: 'wilson', min: { 'net6.0': '6.10.0', 'net7.0': '6.15.1' } },
  { line: '6.3', since: '6.3.9', via: 'configuration', target: 'wilson', min: { 'net6.0': '6.35.0', 'net7.0': '6.35.0' } },
  { line: '7.0', via: 'ef', target: 'efcore', min: { 'net8.0': '8.0.0' } },
  { line: '7.0', via: 'core', target: OIDC, min: { 'net8.0': '8.0.0' } },
  { line: '7.0', since: '7.0.4', via: 'core', target: OIDC, min: { 'net8.0': '8.0.3' } },
  { line: '7.0', via: 'storage', target: DATA_PROTECTION, min: { 'net8.0': '8.0.0' } },
  { line: '7.0', since: '7.0.4', via: 'storage', target: DATA_PROTECTION, min: { 'net8.0': '8.0.3' } },
  { line: '7.0', via: 'configuration', target: 'wilson', min: { 'net8.0': '7.1.2' } },
  ...['7.1', '7.2'].flatMap((line): DependencyFloor[] => [
    { line, via: 'ef', target: 'efcore', min: { 'net8.0': '8.0.10', 'net9.0': '9.0.0' } },
    { line, via: 'core', target: OIDC, min: { 'net8.0': '8.0.10', 'net9.0': '9.0.0' } },
    { line, via: 'storage', target: DATA_PROTECTION, min: { 'net8.0': '8.0.10', 'net9.0': '9.0.0' } },
    { line, via: 'configuration', target: 'wilson', min: { 'net8.0': '7.1.2', 'net9.0': '8.0.1' } },
  ]),
  { line: '7.3', via: 'ef', target: 'efcore', min: { 'net8.0': '8.0.11', 'net9.0': '9.0.3' } },
  { line: '7.3', since: '7.3.3', via: 'ef', target: 'efcore', min: { 'net8.0': '8.0.20', 'net9.0': '9.0.9' } },
  { line: '7.3', via: 'core', target: OIDC, min: { 'net8.0': '8.0.1', 'net9.0': '9.0.3' } },
  { line: '7.3', via: 'storage', target: DATA_PROTECTION, min: { 'net8.0': '8.0.1', 'net9.0': '9.0.3' } },
  { line: '7.3', via: 'configuration', target: 'wilson', min: { 'net8.0': '7.1.2', 'net9.0': '8.0.1' } },
  // 7.4: EF Core 9 even on net8.0; DataProtection.Abstractions 10 on every framework.
  { line: '7.4', via: 'ef', target: 'efcore', min: { 'net8.0': '9.0.9', 'net9.0': '9.0.9', 'net10.0': '10.0.0' } },
  { line: '7.4', since: '7.4.8', via: 'ef', target: 'efcore', min: { 'net8.0': '9.0.18', 'net9.0': '9.0.18', 'net10.0': '10.0.7' } },
  { line: '7.4', via: 'core', target: OIDC, min: { 'net8.0': '8.0.1', 'net9.0': '9.0.3', 'net10.0': '10.0.0' } },
  { line: '7.4', since: '7.4.7', via: 'core', target: OIDC, min: { 'net8.0': '8.0.1', 'net9.0': '9.0.3', 'net10.0': '10.0.4' } },
  { line: '7.4', since: '7.4.8', via: 'core', target: OIDC, min: { 'net8.0': '8.0.29', 'net9.0': '9.0.18', 'net10.0': '10.0.7' } },
  { line: '7.4', via: 'storage', target: DATA_PROTECTION, min: { 'net8.0': '10.0.0', 'net9.0': '10.0.0', 'net10.0': '10.0.0' } },
  { line: '7.4', since: '7.4.8', via: 'storage', target: DATA_PROTECTION, min: { 'net8.0': '10.0.7', 'net9.0': '10.0.7', 'net10.0': '10.0.7' } },
  { line: '7.4', via: 'configuration', target: 'wilson', min: { 'net8.0': '7.1.2', 'net9.0': '8.0.1', 'net10.0': '8.0.1' } },
  { line: '7.4', since: '7.4.8', via: 'configuration', target: 'wilson', min: { 'net8.0': '7.7.3', 'net9.0': '8.19.2', 'net10.0': '8.19.2' } },
  { line: '8.0', via: 'ef', target: 'efcore', min: { 'net10.0': '10.0.7' } },
  { line: '8.0', via: 'core', target: OIDC, min: { 'net10.0': '10.0.7' } },
  { line: '8.0', via: 'storage', target: DATA_PROTECTION, min: { 'net10.0': '10.0.7' } },
  { line: '8.0', via: 'core', target: 'wilson', min: { 'net10.0': '8.18.0' } },
  {
    line: '8.0',
    via: 'core',
    target: ['Microsoft.Extensions.DependencyInjection', 'Microsoft.Extensions.Logging.Abstractions', 'Microsoft.Extensions.Options', 'Microsoft.Extensions.Options.DataAnnotations'],
    min: { 'net10.0': '10.0.7' },
  },
];

/** The floors in force for one release version (e.g. 7.4.8): per line and target, the latest entry whose `since` it reaches. */
export function floorsFor(line: string, version: string): DependencyFloor[] {
  const key = (f: DependencyFloor) => `${f.via}|${typeof f.target === 'string' ? f.target : f.target.join(',')}`;
  const chosen = new Map<string, DependencyFloor>();
  for (const f of FLOORS) {
    if (f.line !== line || (f.since && compareVersions(version, f.since) < 0)) continue;
    chosen.set(key(f), f);
  }
  return [...chosen.values()];
}

/** Microsoft.IdentityModel.* packages released in lockstep ("Wilson"); not the ADAL/other Microsoft.IdentityModel.Clients.* packages. */
export const WILSON = new Set(
  [
    'Microsoft.IdentityModel.Abstractions', 'Microsoft.IdentityModel.JsonWebTokens', 'Microsoft.IdentityModel.Logging', 'Microsoft.IdentityModel.LoggingExtensions',
    'Microsoft.IdentityModel.Protocols', 'Microsoft.IdentityModel.Protocols.OpenIdConnect', 'Microsoft.IdentityModel.Protocols.SignedHttpRequest',
    'Microsoft.IdentityModel.Protocols.WsFederation', 'Microsoft.IdentityModel.Tokens', 'Microsoft.IdentityModel.Tokens.Saml', 'Microsoft.IdentityModel.Validators',
    'Microsoft.IdentityModel.Xml', 'System.IdentityModel.Tokens.Jwt',
  ].map((s) => s.toLowerCase()),
);

/** Microsoft.Extensions.* packages EF Core depends on: when EF Core moves to a newer major, a direct reference below it would be a downgrade. */
export const EFCORE_EXTENSIONS = new Set(
  ['Caching.Abstractions', 'Caching.Memory', 'Configuration.Abstractions', 'DependencyInjection', 'DependencyInjection.Abstractions', 'DependencyModel', 'Logging', 'Logging.Abstractions', 'Options', 'Primitives'].map(
    (s) => `microsoft.extensions.${s}`.toLowerCase(),
  ),
);
