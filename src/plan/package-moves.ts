/**
 * Which framework-tied packages a hop moves, and to which version: those following the framework the hop leaves
 * (every-hop/framework-packages) and those below a dependency floor of the release (every-hop/dependency-floors).
 * Both rules read this one plan, so that they never ask for two different versions at one spot: each package gets
 * the higher of its two targets, and each rule with a stake in it makes that same edit.
 */
import path from 'node:path';
import { DUENDE_PACKAGES, IS4_TO_DUENDE, type Hop } from './catalog';
import { decideFramework, type FrameworkDecision } from './target-framework';
import {
  dotnetVersion,
  EFCORE_EXTENSIONS,
  familyOf,
  FLOOR_VIA,
  floorsFor,
  frameworkLine,
  frameworkPackageVersion,
  lineOfMajor,
  looksFrameworkTied,
  WILSON,
  type DependencyFloor,
  type Tfm,
} from './framework-packages';
import type { PackageRef, ProjectScan, Site } from '../scan/model';
import { compareVersions, parseSpec } from '../scan/nuget-version';

export type MoveReason = 'framework' | 'floor';

export interface PackageMove {
  pkg: PackageRef;
  /** Version to raise to: the higher of the framework and floor targets, so that both rules ask for the same text. */
  version: string;
  /** The rules with a stake in the move: each edits it (identical edits are merged). */
  reasons: MoveReason[];
  /** The edit rests on a TargetFrameworks list being raised: listed for review. */
  review: boolean;
}

export interface MoveFinding {
  reason: MoveReason;
  site: Site;
  message: string;
  suggestion?: string;
  severity: 'warning' | 'info';
}

export interface MovePlan {
  decision: FrameworkDecision;
  moves: PackageMove[];
  findings: MoveFinding[];
}

/** Major version of what a reference asks for: the resolved version, else the leading number of a float or a range's minimum. */
function majorOf(pkg: PackageRef): number | undefined {
  if (pkg.effective) return Number(pkg.effective.split('.')[0]);
  if (!pkg.spec) return undefined;
  const spec = parseSpec(pkg.spec);
  const lead = spec.kind === 'floating' ? spec.prefix : spec.kind === 'range' ? spec.min : undefined;
  const m = lead ? /^(\d+)\./.exec(lead) : undefined;
  return m ? Number(m[1]) : undefined;
}

const major = (v: string) => Number(v.split('.')[0]);
const maxVersion = (a: string | undefined, b: string | undefined) => (!a ? b : !b ? a : compareVersions(a, b) >= 0 ? a : b);
const siteKey = (s: Site | undefined) => (s ? `${s.file}:${s.start}` : undefined);

/** The floor's value for a consuming framework: the entry of the newest asset framework not newer than it. */
function floorFor(floor: DependencyFloor, tfm: string): string | undefined {
  const v = dotnetVersion(tfm);
  if (v === undefined) return undefined;
  const keys = (Object.keys(floor.min) as Tfm[]).filter((k) => dotnetVersion(k)! <= v).sort((a, b) => dotnetVersion(b)! - dotnetVersion(a)!);
  return keys.length ? floor.min[keys[0]] : undefined;
}

function floorApplies(floor: DependencyFloor, pkg: PackageRef): 'member' | 'unknown' | undefined {
  const id = pkg.id.toLowerCase();
  if (floor.target === 'wilson') return WILSON.has(id) ? 'member' : undefined;
  if (floor.target === 'efcore') {
    const family = familyOf(pkg.id)?.name;
    if (family === 'efcore' || family === 'npgsql') return 'member';
    if (/(^|\.)entityframeworkcore(\.|$)/i.test(pkg.id) && !familyOf(pkg.id)) return 'unknown';
    return undefined;
  }
  return floor.target.some((t) => t.toLowerCase() === id) ? 'member' : undefined;
}

export function planPackageMoves(project: ProjectScan, hop: Hop, text: (file: string) => string): MovePlan {
  const decision = decideFramework(project, hop, text);
  const plan: MovePlan = { decision, moves: [], findings: [] };
  // The projects whose framework every-hop/target-framework raises: those referencing an IdentityServer package.
  if (!project.packages.some((p) => IS4_TO_DUENDE.has(p.id) || DUENDE_PACKAGES.has(p.id))) return plan;
  const raise = decision.kind === 'raise' ? decision : undefined;
  const review = raise?.site.property === 'TargetFrameworks';
  const others = project.otherPackages ?? [];
  const before = (pkg: PackageRef) => pkg.frameworks ?? project.frameworks;
  const after = (pkg: PackageRef) => before(pkg).map((f) => raise?.mapping.get(f) ?? f);
  const at = (pkg: PackageRef) => pkg.versionSite ?? pkg.idSite;
  const targets = new Map<PackageRef, { framework?: string; floor?: string }>();
  const want = (pkg: PackageRef, reason: MoveReason, version: string) => {
    const t = targets.get(pkg) ?? {};
    t[reason] = maxVersion(t[reason], version);
    targets.set(pkg, t);
  };
  const reported = new Set<PackageRef>();
  const report = (reason: MoveReason, pkg: PackageRef, message: string, suggestion?: string, severity: 'warning' | 'info' = 'warning') => {
    reported.add(pkg);
    plan.findings.push({ reason, site: at(pkg), message, suggestion, severity });
  };

  // 1. Packages whose major follows a framework the hop raises move to the new framework's line.
  if (raise) {
    for (const pkg of others) {
      const left = before(pkg).filter((f) => raise.removed.includes(f));
      if (!left.length) continue; // referenced only for frameworks that stay
      const known = familyOf(pkg.id);
      if (!known && !looksFrameworkTied(pkg.id)) continue;
      const m = majorOf(pkg);
      const lowestOld = Math.min(...left.map((f) => Math.floor(dotnetVersion(f)!)));
      const landing = after(pkg);
      const lines = landing.map(frameworkLine);
      const line = lines.filter((l): l is Tfm => Boolean(l)).sort((a, b) => dotnetVersion(a)! - dotnetVersion(b)!)[0];
      const from = left.join(', ');
      const to = [...new Set(landing)].join(', ');
      if (m === undefined) {
        if (known) report('framework', pkg, `${pkg.id} not moved with the framework (${from} -> ${to}): ${pkg.unresolved ?? `its version '${pkg.specRaw ?? ''}' is not resolved`}`, `set ${pkg.id} to the version of ${to}`);
        continue;
      }
      if (!line || m < lowestOld || m >= Math.floor(dotnetVersion(line)!)) continue; // does not follow the framework, or already there
      const version = `${pkg.effective ?? pkg.spec}`;
      if (lines.some((l) => !l)) {
        report('framework', pkg, `${pkg.id} ${version} is referenced for ${before(pkg).join(', ')}: one version cannot follow ${from} -> ${line} and still build for ${landing.filter((f, i) => !lines[i]).join(', ')}`, `condition ${pkg.id} per framework`);
        continue;
      }
      if (!known) {
        report('framework', pkg, `${pkg.id} ${version} follows ${from}, which this hop raises to ${to}, but the framework package table does not know it: check whether it has a ${line} release and move it by hand`, `set ${pkg.id} to its ${line} version`);
        continue;
      }
      const target = frameworkPackageVersion(pkg.id, line);
      if (!target) {
        report('framework', pkg, `${pkg.id} ${version} follows ${from}, which this hop raises to ${to}, but the framework package table has no ${line} version of it`, `set ${pkg.id} to its ${line} version`);
        continue;
      }
      want(pkg, 'framework', target);
    }
  }

  // 2. Floors of the release the hop lands on, for the IdentityServer packages the project references.
  // IdentityServer4 ids count as the Duende packages they become in this hop's chain.
  const referenced = new Set(project.packages.flatMap((p) => [p.id, IS4_TO_DUENDE.get(p.id) ?? p.id]).map((id) => id.toLowerCase()));
  const floors = floorsFor(hop.to.line, hop.to.latest).filter((f) => FLOOR_VIA[f.via].some((id) => referenced.has(id.toLowerCase())));
  const release = `IdentityServer ${hop.to.latest}`;
  let efMajor: number | undefined;
  for (const floor of floors) {
    for (const pkg of others) {
      const applies = floorApplies(floor, pkg);
      if (!applies || (applies === 'member' && reported.has(pkg))) continue;
      const landing = after(pkg);
      const mins = landing.map((f) => [f, floorFor(floor, f)] as const).filter((e): e is readonly [string, string] => Boolean(e[1]));
      if (!mins.length) continue;
      const need = mins.map((e) => e[1]).reduce((a, b) => maxVersion(a, b)!);
      const current = maxVersion(targets.get(pkg)?.framework, pkg.effective);
      if (applies === 'unknown') {
        if (!reported.has(pkg) && (!current || major(current) < major(need))) {
          report('floor', pkg, `${pkg.id} ${current ?? pkg.spec ?? ''} must match EF Core's major version, and ${release} needs EF Core ${need} or newer here; the framework package table does not know its versions`, `move ${pkg.id} to its EF Core ${major(need)} release`);
        }
        continue;
      }
      if (!current) {
        report('floor', pkg, `${pkg.id} not checked against ${release}'s floor ${need}: ${pkg.unresolved ?? 'its version is not resolved'}`, `make sure ${pkg.id} is ${need} or newer`);
        continue;
      }
      // A provider's own versions only share EF Core's major: the floor is on the major.
      const majorOnly = familyOf(pkg.id)?.name === 'npgsql';
      if (majorOnly ? major(current) >= major(need) : compareVersions(current, need) >= 0) continue;
      // Microsoft.IdentityModel.* builds for every framework; EF Core and ASP.NET Core lines each need their own.
      const foreign = landing.filter((f) => dotnetVersion(f) === undefined);
      if (floor.target !== 'wilson' && (new Set(mins.map((e) => major(e[1]))).size > 1 || foreign.length)) {
        const needs = [...mins.map(([f, v]) => `${v}+ on ${f}`), ...foreign.map((f) => `a version that still builds for ${f}`)];
        report('floor', pkg, `${release} needs ${pkg.id} ${needs.join(' and ')}: one reference cannot satisfy every framework`, `condition ${pkg.id}'s version per target framework`);
        continue;
      }
      let target = need;
      if (floor.target !== 'wilson') {
        const line = lineOfMajor(major(need));
        const v = line && frameworkPackageVersion(pkg.id, line);
        if (!v) {
          report('floor', pkg, `${release} needs ${pkg.id} ${need} or newer, but the framework package table has no version of its ${major(need)}.x line`, `set ${pkg.id} to ${need} or newer`);
          continue;
        }
        target = majorOnly ? v : maxVersion(v, need)!;
      }
      want(pkg, 'floor', target);
      if (floor.target === 'efcore') efMajor = Math.max(efMajor ?? 0, major(target));
    }
  }

  // 3. EF Core brings Microsoft.Extensions.* of its own line: a direct reference below them would be a downgrade.
  for (const pkg of targets.keys()) {
    const family = familyOf(pkg.id)?.name;
    const t = targets.get(pkg)!;
    if (family === 'efcore' && t.framework && !t.floor) efMajor = Math.max(efMajor ?? 0, major(t.framework));
  }
  const efLine = efMajor !== undefined ? lineOfMajor(efMajor) : undefined;
  if (efLine) {
    for (const pkg of others.filter((p) => EFCORE_EXTENSIONS.has(p.id.toLowerCase()))) {
      const needed = frameworkPackageVersion(pkg.id, efLine);
      const t = targets.get(pkg) ?? {};
      const current = maxVersion(maxVersion(t.framework, t.floor), pkg.effective);
      if (!needed || !current || compareVersions(current, needed) >= 0) continue;
      const byFloor = [...targets].some(([p, tt]) => familyOf(p.id)?.name === 'efcore' && tt.floor && major(tt.floor) === efMajor);
      want(pkg, byFloor ? 'floor' : 'framework', needed);
    }
  }

  // 4. One version site shared by packages that would end on different versions is left to a human.
  const all = [...project.packages, ...others];
  const desired = (p: PackageRef) => {
    const t = targets.get(p);
    return t ? maxVersion(t.framework, t.floor) : undefined;
  };
  const blocked = new Set<PackageRef>();
  const bySite = new Map<string, PackageRef[]>();
  for (const p of all) {
    const k = siteKey(p.versionSite);
    if (k) bySite.set(k, [...(bySite.get(k) ?? []), p]);
  }
  for (const group of bySite.values()) {
    if (group.length < 2 || !group.some((p) => targets.has(p))) continue;
    const outcomes = new Set(group.map(desired));
    if (outcomes.size === 1) continue;
    const moved = group.filter((p) => targets.has(p));
    for (const p of moved) blocked.add(p);
    const first = moved[0];
    const where = first.viaProperty ? `$(${first.viaProperty}) in ${path.basename(first.versionSite!.file)}` : path.basename(first.versionSite!.file);
    const t = targets.get(first)!;
    report(t.floor && (!t.framework || compareVersions(t.floor, t.framework) > 0) ? 'floor' : 'framework', first,
      `${where} sets the version of ${group.map((p) => p.id).join(', ')}; ${moved.map((p) => `${p.id} needs ${desired(p)}`).join(', ')}, the others do not move with it`,
      `give ${moved.map((p) => p.id).join(', ')} a version of their own`);
  }

  for (const [pkg, t] of targets) {
    if (blocked.has(pkg)) continue;
    const reasons: MoveReason[] = [...(t.framework ? (['framework'] as const) : []), ...(t.floor ? (['floor'] as const) : [])];
    plan.moves.push({ pkg, version: maxVersion(t.framework, t.floor)!, reasons, review: Boolean(review && t.framework) });
  }
  return plan;
}
