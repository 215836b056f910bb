/** Decides, per project, which release it is on and which hops take it to the target. */
import { ALL_HOPS, DIRECT_HOPS, IS4_TO_DUENDE, lineOf, NEWEST, RELEASES, DUENDE_PACKAGES, type Hop, type ReleaseLine } from './catalog';
import type { PackageRef, ProjectScan } from '../scan/model';
import { compareVersions } from '../scan/nuget-version';

export type Role = 'identityserver' | 'identitymodel' | 'dependent' | 'none';

export interface ProjectPlan {
  project: ProjectScan;
  role: Role;
  /** Detected (or --from) version and the package that told it. */
  version?: string;
  from?: ReleaseLine;
  to: ReleaseLine;
  hops: Hop[];
  /** Why nothing is planned, or what a human must decide. */
  notes: string[];
}

export class PlanError extends Error {}

/** Parses --to / --from: a release line ("7.4") or a full version ("7.4.8"). */
export function parseRelease(value: string, flag: string): { line: ReleaseLine; version: string } {
  const line = /^\d+\.\d+(\.\d+)?$/.test(value.trim()) ? lineOf(value.trim()) : undefined;
  if (!line) throw new PlanError(`${flag} ${value}: unknown release; known: ${RELEASES.map((r) => r.line).join(', ')}`);
  const version = value.trim().split('.').length === 3 ? value.trim() : line.latest;
  if (compareVersions(version, line.latest) > 0) throw new PlanError(`${flag} ${value}: the newest ${line.line} release this tool knows is ${line.latest}`);
  return { line, version };
}

const isIdentityServer = (p: PackageRef) => IS4_TO_DUENDE.has(p.id) || DUENDE_PACKAGES.has(p.id);

/** Duende.IdentityModel versions and the IdentityServer line that first shipped with them. */
function lineForDuendeIdentityModel(version: string): ReleaseLine {
  const cmp = (v: string) => compareVersions(version, v) >= 0;
  const line = cmp('8.1.0') ? '8.0' : cmp('8.0.0') ? '7.4' : cmp('7.1.0') ? '7.3' : '7.1';
  return lineOf(line)!;
}

export function planProjects(scans: ProjectScan[], options: { to?: string; from?: string }): ProjectPlan[] {
  const target = options.to ? parseRelease(options.to, '--to') : { line: NEWEST, version: NEWEST.latest };
  const to = target.line;
  const from = options.from ? parseRelease(options.from, '--from') : undefined;
  const plans = scans.map((project) => planOne(project, to, from, target.version));
  if (target.version !== to.latest) {
    // An exact --to version: the last hop lands on it instead of the newest patch.
    const last = ALL_HOPS.find((h) => h.to === to);
    const exact: Hop | undefined = last && { ...last, to: { ...last.to, latest: target.version } };
    for (const p of plans) p.hops = p.hops.map((h) => (h === last ? exact! : h));
  }
  // Projects without packages of their own that reference a planned project take its hops for their code.
  const byPath = new Map(plans.map((p) => [p.project.path, p]));
  for (const plan of plans.filter((p) => p.role === 'none')) {
    const seen = new Set<string>();
    const queue = [...plan.project.projectReferences];
    let source: ProjectPlan | undefined;
    while (queue.length && !source) {
      const next = byPath.get(queue.shift()!);
      if (!next || seen.has(next.project.path)) continue;
      seen.add(next.project.path);
      if (next.role !== 'none' && next.role !== 'dependent' && next.hops.length) source = next;
      else queue.push(...next.project.projectReferences);
    }
    if (source) {
      plan.role = 'dependent';
      plan.hops = source.hops;
      plan.from = source.from;
      plan.version = source.version;
      plan.notes = [`gets IdentityServer/IdentityModel through ${source.project.name}; its code follows that project's hops`];
    }
  }
  return plans;
}

function planOne(project: ProjectScan, to: ReleaseLine, from: { line: ReleaseLine; version: string } | undefined, toVersion: string): ProjectPlan {
  const plan: ProjectPlan = { project, role: 'none', to, hops: [], notes: [] };
  const is = project.packages.filter(isIdentityServer);
  // IdentityModel and its satellites (OidcClient, AspNetCore.*) all move at 7.1.
  const identityModel = project.packages.filter((p) => /^(duende\.)?identitymodel(\.|$)/i.test(p.id));
  const accessTokenValidation = project.packages.find((p) => p.id.toLowerCase() === 'identityserver4.accesstokenvalidation');
  if (is.length) {
    plan.role = 'identityserver';
    if (from) {
      plan.from = from.line;
      plan.version = from.version;
    } else {
      const unresolved = is.filter((p) => !p.effective);
      if (unresolved.length) {
        plan.notes.push(`version of ${unresolved.map((p) => `${p.id} (${p.unresolved})`).join(', ')} not resolved; pass --from <version> to say which release this project is on`);
        return plan;
      }
      const lowest = [...is].sort((a, b) => compareVersions(a.effective!, b.effective!))[0];
      plan.version = lowest.effective;
      plan.from = lineOf(lowest.effective!);
      const lines = new Set(is.map((p) => lineOf(p.effective!)?.line));
      if (lines.size > 1) plan.notes.push(`IdentityServer packages on different releases (${is.map((p) => `${p.id} ${p.effective}`).join(', ')}); planning from the lowest`);
      if (!plan.from) {
        plan.notes.push(`${lowest.id} ${lowest.effective} is not a release this tool knows (known: ${RELEASES.map((r) => r.line).join(', ')}); pass --from to choose the nearest`);
        return plan;
      }
    }
  } else if (accessTokenValidation) {
    // An API validating IdentityServer4 tokens: its package and AddIdentityServerAuthentication code change at the
    // IdentityServer4 -> Duende hop (catalog §2.2 #1), so it starts there whatever IdentityModel it also references.
    plan.role = 'identitymodel';
    plan.from = lineOf('4.1')!;
    plan.notes.push(`uses ${accessTokenValidation.id} (no Duende build); its package and code move at the IdentityServer4 -> Duende step`);
    if (rank(to) < rank(lineOf('5.0')!)) return plan;
  } else if (identityModel.length) {
    plan.role = 'identitymodel';
    const legacy = identityModel.find((p) => /^identitymodel(\.|$)/i.test(p.id));
    const duende = identityModel.find((p) => /^duende\.identitymodel$/i.test(p.id));
    plan.from = legacy ? lineOf('7.0')! : duende?.effective ? lineForDuendeIdentityModel(duende.effective) : lineOf('7.1')!;
    plan.version = (legacy ?? duende ?? identityModel[0]).effective;
    if (rank(to) < rank(lineOf('7.1')!)) {
      plan.notes.push('uses IdentityModel only; nothing changes for it before 7.1');
      return plan;
    }
  } else {
    const thirdParty = project.packages.filter((p) => /^identityserver4\./i.test(p.id));
    if (thirdParty.length) plan.notes.push(`references ${thirdParty.map((p) => p.id).join(', ')}, built against IdentityServer4 with no Duende build; not upgraded`);
    return plan;
  }
  if (rank(plan.from!) > rank(to)) {
    throw new PlanError(`${project.path}: on ${plan.version} (release ${plan.from!.line}), newer than --to ${to.line}; downgrades are not supported`);
  }
  plan.hops = composeDirectHops(ALL_HOPS.filter((h) => rank(h.from) >= rank(plan.from!) && rank(h.to) <= rank(to)));
  if (!plan.hops.length && plan.role === 'identityserver' && plan.version && compareVersions(plan.version, toVersion) < 0) {
    // Same release line, older patch: only the every-hop rules (packages) run.
    plan.hops = [{ id: `${to.line}-${to.line}`, from: to, to: { ...to, latest: toVersion } }];
  }
  return plan;
}

/** Consecutive hops that a direct hop stands for are replaced by it. */
function composeDirectHops(hops: Hop[]): Hop[] {
  let out = hops;
  for (const direct of DIRECT_HOPS) {
    const at = out.findIndex((h) => h.id === direct.steps![0].id);
    if (at !== -1 && direct.steps!.every((s, i) => out[at + i]?.id === s.id)) out = [...out.slice(0, at), direct, ...out.slice(at + direct.steps!.length)];
  }
  return out;
}

function rank(line: ReleaseLine): number {
  return RELEASES.indexOf(line);
}
