/**
 * Release catalog as data: every IdentityServer release line the codemod knows, newest patch of each,
 * the framework it requires and the IdentityModel it depends on. Facts from the release tags of
 * DuendeSoftware/products (see shared/knowledge/upgrade-catalog.md §1.2).
 */

export interface ReleaseLine {
  line: string; // "7.4"
  product: 'IdentityServer4' | 'Duende';
  latest: string; // newest patch published
  /** Lowest .NET target framework a host may use with this release (netcoreappX / netX.Y). */
  minFramework: string;
  /** Frameworks the release's packages are built for (newer ones still consume them). */
  frameworks: string[];
  /** IdentityModel package the release depends on (id and version). */
  identityModel: { id: 'IdentityModel' | 'Duende.IdentityModel'; version: string };
  /** Duende.IdentityServer.* packages that exist from this line on. */
  packages: string[];
}

const core = ['', '.Storage', '.EntityFramework', '.EntityFramework.Storage', '.AspNetIdentity'];
const is4 = core.map((s) => `IdentityServer4${s}`);
const duende = core.map((s) => `Duende.IdentityServer${s}`);
const duende63 = [...duende, 'Duende.IdentityServer.Configuration', 'Duende.IdentityServer.Configuration.EntityFramework'];

export const RELEASES: readonly ReleaseLine[] = [
  { line: '3.1', product: 'IdentityServer4', latest: '3.1.4', minFramework: 'netcoreapp3.1', frameworks: ['netcoreapp3.1'], identityModel: { id: 'IdentityModel', version: '4.1.1' }, packages: is4 },
  { line: '4.1', product: 'IdentityServer4', latest: '4.1.2', minFramework: 'netcoreapp3.1', frameworks: ['netcoreapp3.1'], identityModel: { id: 'IdentityModel', version: '4.4.0' }, packages: is4 },
  { line: '5.0', product: 'Duende', latest: '5.0.5', minFramework: 'netcoreapp3.1', frameworks: ['netcoreapp3.1', 'net5.0'], identityModel: { id: 'IdentityModel', version: '5.0.0' }, packages: duende },
  { line: '5.1', product: 'Duende', latest: '5.1.1', minFramework: 'netcoreapp3.1', frameworks: ['netcoreapp3.1', 'net5.0'], identityModel: { id: 'IdentityModel', version: '5.1.0' }, packages: duende },
  { line: '5.2', product: 'Duende', latest: '5.2.4', minFramework: 'netcoreapp3.1', frameworks: ['netcoreapp3.1', 'net5.0'], identityModel: { id: 'IdentityModel', version: '5.1.0' }, packages: duende },
  { line: '6.0', product: 'Duende', latest: '6.0.5', minFramework: 'net6.0', frameworks: ['net6.0'], identityModel: { id: 'IdentityModel', version: '6.0.0' }, packages: duende },
  { line: '6.1', product: 'Duende', latest: '6.1.8', minFramework: 'net6.0', frameworks: ['net6.0'], identityModel: { id: 'IdentityModel', version: '6.0.0' }, packages: duende },
  { line: '6.2', product: 'Duende', latest: '6.2.5', minFramework: 'net6.0', frameworks: ['net6.0', 'net7.0'], identityModel: { id: 'IdentityModel', version: '6.0.0' }, packages: duende },
  { line: '6.3', product: 'Duende', latest: '6.3.10', minFramework: 'net6.0', frameworks: ['net6.0', 'net7.0'], identityModel: { id: 'IdentityModel', version: '6.1.0' }, packages: duende63 },
  { line: '7.0', product: 'Duende', latest: '7.0.9', minFramework: 'net8.0', frameworks: ['net8.0'], identityModel: { id: 'IdentityModel', version: '6.2.0' }, packages: duende63 },
  { line: '7.1', product: 'Duende', latest: '7.1.2', minFramework: 'net8.0', frameworks: ['net8.0', 'net9.0'], identityModel: { id: 'Duende.IdentityModel', version: '7.0.0' }, packages: duende63 },
  { line: '7.2', product: 'Duende', latest: '7.2.4', minFramework: 'net8.0', frameworks: ['net8.0', 'net9.0'], identityModel: { id: 'Duende.IdentityModel', version: '7.0.0' }, packages: duende63 },
  { line: '7.3', product: 'Duende', latest: '7.3.4', minFramework: 'net8.0', frameworks: ['net8.0', 'net9.0'], identityModel: { id: 'Duende.IdentityModel', version: '8.0.0' }, packages: duende63 },
  { line: '7.4', product: 'Duende', latest: '7.4.8', minFramework: 'net8.0', frameworks: ['net8.0', 'net9.0', 'net10.0'], identityModel: { id: 'Duende.IdentityModel', version: '8.0.1' }, packages: duende63 },
  { line: '8.0', product: 'Duende', latest: '8.0.3', minFramework: 'net10.0', frameworks: ['net10.0'], identityModel: { id: 'Duende.IdentityModel', version: '8.1.0' }, packages: [...duende63, 'Duende.IdentityServer.ConformanceReport'] },
];

/** IdentityServer4 package ids with a Duende counterpart (catalog §1.1). Anything else named IdentityServer4.* is third-party or AccessTokenValidation. */
export const IS4_TO_DUENDE: ReadonlyMap<string, string> = new Map(is4.map((id, i) => [id, duende[i]]));

export const DUENDE_PACKAGES: ReadonlySet<string> = new Set(RELEASES[RELEASES.length - 1].packages);

export const NEWEST = RELEASES[RELEASES.length - 1];

export interface Hop {
  id: string; // "7.0-7.1"
  from: ReleaseLine;
  to: ReleaseLine;
  /** A direct hop (IdentityServer4 4.1 → Duende 6.0) stands for these consecutive hops, whose rules it runs in order. */
  steps?: Hop[];
}

export function lineOf(version: string): ReleaseLine | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version);
  return m ? RELEASES.find((r) => r.line === `${m[1]}.${m[2]}`) : undefined;
}

export function hopId(from: ReleaseLine, to: ReleaseLine): string {
  return `${from.line}-${to.line}`;
}

/** Every hop between consecutive release lines, oldest first. */
export const ALL_HOPS: readonly Hop[] = RELEASES.slice(1).map((to, i) => ({ id: hopId(RELEASES[i], to), from: RELEASES[i], to }));

/**
 * IdentityServer4 4.1 → Duende 6.0 as one hop (catalog §4.3): the upgrade guide's direct path, the union of the
 * 4.1→5.0, 5.0→5.1, 5.1→5.2 and 5.2→6.0 rows. Packages and framework land on 6.0 in one step.
 */
export const DIRECT_HOPS: readonly Hop[] = [composite('4.1', '6.0')];

function composite(from: string, to: string): Hop {
  const first = ALL_HOPS.findIndex((h) => h.from.line === from);
  const last = ALL_HOPS.findIndex((h) => h.to.line === to);
  const steps = ALL_HOPS.slice(first, last + 1);
  return { id: `${from}-${to}`, from: steps[0].from, to: steps[steps.length - 1].to, steps };
}
