/** NuGet version specs as they appear in project files: exact, floating, ranges, pins. */

export type VersionSpec =
  | { kind: 'exact'; version: string } // "7.0.4" means >= 7.0.4, NuGet takes 7.0.4 when it exists
  | { kind: 'pin'; version: string } // "[7.4.6]"
  | { kind: 'range'; min?: string; minInclusive: boolean; max?: string; maxInclusive: boolean }
  | { kind: 'floating'; prefix: string; raw: string } // "7.*", "7.4.*", "4.1.2-*", "*"
  | { kind: 'invalid'; raw: string };

const VERSION = /^\d+(\.\d+){0,3}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

export function parseSpec(raw: string): VersionSpec {
  const s = raw.trim();
  if (VERSION.test(s)) return { kind: 'exact', version: s };
  if (/^[\d.]*\*$/.test(s) || /^\d+(\.\d+){0,3}-[0-9A-Za-z.-]*\*$/.test(s)) return { kind: 'floating', prefix: s.slice(0, -1), raw: s };
  const m = /^([[(])\s*([^,\s]*)\s*(?:(,)\s*([^\s\])]*)\s*)?([\])])$/.exec(s);
  if (m) {
    const [, open, lo, comma, hi, close] = m;
    if (!comma) return open === '[' && close === ']' && VERSION.test(lo) ? { kind: 'pin', version: lo } : { kind: 'invalid', raw: s };
    if ((lo && !VERSION.test(lo)) || (hi && !VERSION.test(hi))) return { kind: 'invalid', raw: s };
    return { kind: 'range', min: lo || undefined, minInclusive: open === '[', max: hi || undefined, maxInclusive: close === ']' };
  }
  return { kind: 'invalid', raw: s };
}

export function compareVersions(a: string, b: string): number {
  const [ca, pa] = splitPre(a);
  const [cb, pb] = splitPre(b);
  for (let i = 0; i < 4; i++) {
    const d = (ca[i] ?? 0) - (cb[i] ?? 0);
    if (d !== 0) return d;
  }
  if (pa === pb) return 0;
  if (!pa) return 1;
  if (!pb) return -1;
  return pa < pb ? -1 : 1;
}

function splitPre(v: string): [number[], string] {
  const core = v.split('+')[0];
  const dash = core.indexOf('-');
  const nums = (dash === -1 ? core : core.slice(0, dash)).split('.').map(Number);
  return [nums, dash === -1 ? '' : core.slice(dash + 1)];
}

export function satisfies(version: string, spec: VersionSpec): boolean {
  switch (spec.kind) {
    case 'exact':
      return compareVersions(version, spec.version) >= 0;
    case 'pin':
      return compareVersions(version, spec.version) === 0;
    case 'floating':
      return version.startsWith(spec.prefix) || spec.prefix === '';
    case 'range': {
      if (spec.min) {
        const c = compareVersions(version, spec.min);
        if (c < 0 || (c === 0 && !spec.minInclusive)) return false;
      }
      if (spec.max) {
        const c = compareVersions(version, spec.max);
        if (c > 0 || (c === 0 && !spec.maxInclusive)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * The version NuGet restores for a spec when no lock file says otherwise. Floating specs resolve against
 * `known` (the releases this tool knows), since NuGet takes the newest match on the feed.
 */
export function resolveSpec(spec: VersionSpec, known: readonly string[]): { version?: string; reason?: string; assumed?: boolean } {
  switch (spec.kind) {
    case 'exact':
    case 'pin':
      return { version: spec.version };
    case 'range':
      if (spec.min && spec.minInclusive) return { version: spec.min };
      return { reason: 'a range without an inclusive lower bound resolves to whatever the feed has' };
    case 'floating': {
      const matches = known.filter((v) => satisfies(v, spec)).sort(compareVersions);
      const newest = matches[matches.length - 1];
      return newest ? { version: newest, assumed: true } : { reason: `floating version ${spec.raw} matches no release this tool knows` };
    }
    default:
      return { reason: `'${spec.raw}' is not a NuGet version` };
  }
}

/** Rewrites a spec so that it selects `target`, keeping its form (exact stays exact, a float keeps its width). Undefined: leave as is. */
export function respec(raw: string, target: string): string | undefined {
  const spec = parseSpec(raw);
  const [tMajor, tMinor] = target.split('.');
  switch (spec.kind) {
    case 'exact':
      return compareVersions(spec.version, target) < 0 ? target : undefined;
    case 'pin':
      return compareVersions(spec.version, target) < 0 ? `[${target}]` : undefined;
    case 'floating': {
      if (satisfies(target, spec) && !spec.prefix.includes('-')) return undefined;
      const width = spec.prefix.split('.').filter(Boolean).length;
      if (spec.prefix.includes('-') || width >= 3) return target;
      return width === 1 ? `${tMajor}.*` : `${tMajor}.${tMinor}.*`;
    }
    case 'range': {
      if (spec.min && compareVersions(spec.min, target) > 0) return undefined; // never lower
      if (satisfies(target, spec)) return spec.min && compareVersions(spec.min, target) < 0 ? rangeText(target, spec) : undefined;
      return rangeText(target, { ...spec, max: spec.max && compareVersions(spec.max, target) <= 0 ? `${Number(tMajor) + 1}.0.0` : spec.max });
    }
    default:
      return undefined;
  }
}

function rangeText(min: string, spec: Extract<VersionSpec, { kind: 'range' }>): string {
  return `[${min},${spec.max ?? ''}${spec.max ? (spec.maxInclusive ? ']' : ')') : ')'}`;
}
