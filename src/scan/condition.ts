/**
 * MSBuild condition and property expansion, for the subset real project files use around package
 * versions and frameworks. Anything outside that subset is reported as unknown, never guessed.
 */

export class UnknownExpression extends Error {}

export type Lookup = (name: string) => string | undefined;

/** Expands $(Name) and the few property functions seen in the wild; throws UnknownExpression otherwise. */
export function expand(raw: string, lookup: Lookup, fsHelpers?: PathFunctions): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const at = raw.indexOf('$(', i);
    if (at === -1) {
      out += raw.slice(i);
      break;
    }
    out += raw.slice(i, at);
    const close = matchParen(raw, at + 1);
    if (close === -1) throw new UnknownExpression(`unbalanced $( in ${raw}`);
    out += evalProperty(raw.slice(at + 2, close).trim(), lookup, fsHelpers);
    i = close + 1;
  }
  return out;
}

export interface PathFunctions {
  /** [MSBuild]::GetPathOfFileAbove(file, startDir): full path or ''. */
  pathOfFileAbove(file: string, startDir: string): string;
}

function matchParen(s: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

function evalProperty(body: string, lookup: Lookup, fsHelpers?: PathFunctions): string {
  const plain = /^[A-Za-z_][\w.-]*$/.exec(body);
  if (plain && !body.includes('.')) return lookup(body) ?? '';
  const fn = /^\[MSBuild\]::(\w+)\((.*)\)$/is.exec(body);
  if (fn) {
    const args = splitArgs(fn[2]).map((a) => expand(unquote(a), lookup, fsHelpers));
    switch (fn[1].toLowerCase()) {
      case 'getpathoffileabove':
        if (!fsHelpers) break;
        return fsHelpers.pathOfFileAbove(args[0], args[1] ?? lookup('MSBuildThisFileDirectory') ?? '');
      case 'getdirectorynameoffileabove': {
        if (!fsHelpers) break;
        const p = fsHelpers.pathOfFileAbove(args[1], args[0]);
        return p ? p.slice(0, Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'))) : '';
      }
      case 'gettargetframeworkidentifier':
        return frameworkIdentifier(args[0]);
      case 'gettargetframeworkversion':
        return frameworkVersion(args[0]);
      case 'istargetframeworkcompatible': {
        const [target, candidate] = args.map((a) => a.trim().toLowerCase());
        if (target === candidate) return 'true';
        const [ti, ci] = [frameworkIdentifier(target), frameworkIdentifier(candidate)];
        if (ti === '.NETCoreApp' && ci === '.NETCoreApp') return String(Number(frameworkVersion(target).slice(1)) >= Number(frameworkVersion(candidate).slice(1)));
        break;
      }
    }
    throw new UnknownExpression(`property function [MSBuild]::${fn[1]}`);
  }
  const method = /^([A-Za-z_]\w*)\.(StartsWith|EndsWith|Contains|Equals|ToLower|ToLowerInvariant|ToUpper|Trim)\((.*)\)$/s.exec(body);
  if (method) {
    const value = lookup(method[1]) ?? '';
    const arg = method[3] ? expand(unquote(method[3].trim()), lookup, fsHelpers) : '';
    switch (method[2]) {
      case 'StartsWith':
        return String(value.startsWith(arg));
      case 'EndsWith':
        return String(value.endsWith(arg));
      case 'Contains':
        return String(value.includes(arg));
      case 'Equals':
        return String(value === arg);
      case 'ToLower':
      case 'ToLowerInvariant':
        return value.toLowerCase();
      case 'ToUpper':
        return value.toUpperCase();
      case 'Trim':
        return value.trim();
    }
  }
  throw new UnknownExpression(`$(${body})`);
}

function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let cur = '';
  for (const c of s) {
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function unquote(s: string): string {
  return /^(['"`]).*\1$/s.test(s) ? s.slice(1, -1) : s;
}

export function frameworkIdentifier(tfm: string): string {
  if (/^net\d+\.\d+/.test(tfm) || /^netcoreapp/.test(tfm)) return '.NETCoreApp';
  if (/^netstandard/.test(tfm)) return '.NETStandard';
  if (/^net\d+$/.test(tfm)) return '.NETFramework';
  return '';
}

export function frameworkVersion(tfm: string): string {
  const m = /^(?:netcoreapp|netstandard|net)(\d+\.\d+)/.exec(tfm);
  if (m) return `v${m[1]}`;
  const fx = /^net(\d)(\d)(\d)?$/.exec(tfm);
  return fx ? `v${fx[1]}.${fx[2]}${fx[3] ? `.${fx[3]}` : ''}` : '';
}

// ---- conditions -------------------------------------------------------------------------------

type Token = { t: 'str'; v: string } | { t: 'op'; v: string } | { t: 'fn'; v: string };

export function evaluateCondition(cond: string, lookup: Lookup, exists: (path: string) => boolean, fsHelpers?: PathFunctions): boolean {
  const tokens = tokenize(cond, lookup, fsHelpers);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = () => tokens[pos++];

  const orExpr = (): string | boolean => {
    let left = andExpr();
    while (peek()?.t === 'op' && peek()!.v === 'or') {
      take();
      const right = andExpr();
      left = truthy(left) || truthy(right);
    }
    return left;
  };
  const andExpr = (): string | boolean => {
    let left = notExpr();
    while (peek()?.t === 'op' && peek()!.v === 'and') {
      take();
      const right = notExpr();
      left = truthy(left) && truthy(right);
    }
    return left;
  };
  const notExpr = (): string | boolean => {
    if (peek()?.t === 'op' && peek()!.v === '!') {
      take();
      return !truthy(notExpr());
    }
    return compare();
  };
  const compare = (): string | boolean => {
    const left = primary();
    const op = peek();
    if (op?.t === 'op' && ['==', '!=', '<', '>', '<=', '>='].includes(op.v)) {
      take();
      const right = primary();
      const [l, r] = [String(left), String(right)];
      switch (op.v) {
        case '==':
          return l.toLowerCase() === r.toLowerCase();
        case '!=':
          return l.toLowerCase() !== r.toLowerCase();
        default: {
          const [a, b] = [Number(l), Number(r)];
          if (Number.isNaN(a) || Number.isNaN(b)) throw new UnknownExpression(`numeric comparison of '${l}' and '${r}'`);
          return op.v === '<' ? a < b : op.v === '>' ? a > b : op.v === '<=' ? a <= b : a >= b;
        }
      }
    }
    return left;
  };
  const primary = (): string | boolean => {
    const tok = take();
    if (!tok) throw new UnknownExpression(`unexpected end of condition ${cond}`);
    if (tok.t === 'str') return tok.v;
    if (tok.t === 'op' && tok.v === '(') {
      const v = orExpr();
      const close = take();
      if (!close || close.v !== ')') throw new UnknownExpression(`missing ) in ${cond}`);
      return v;
    }
    if (tok.t === 'fn') {
      const open = take();
      if (open?.v !== '(') throw new UnknownExpression(`bad call in ${cond}`);
      const arg = take();
      const close = take();
      if (arg?.t !== 'str' || close?.v !== ')') throw new UnknownExpression(`bad call in ${cond}`);
      if (tok.v.toLowerCase() === 'exists') return arg.v.trim() !== '' && exists(arg.v.trim());
      if (tok.v.toLowerCase() === 'hastrailingslash') return /[\\/]$/.test(arg.v);
      throw new UnknownExpression(`function ${tok.v}()`);
    }
    throw new UnknownExpression(`unexpected '${tok.v}' in ${cond}`);
  };

  const result = orExpr();
  if (pos !== tokens.length) throw new UnknownExpression(`cannot read condition ${cond}`);
  return truthy(result);
}

function truthy(v: string | boolean): boolean {
  if (typeof v === 'boolean') return v;
  const l = v.toLowerCase().trim();
  if (l === 'true') return true;
  if (l === 'false') return false;
  throw new UnknownExpression(`'${v}' is not a boolean`);
}

function tokenize(cond: string, lookup: Lookup, fsHelpers?: PathFunctions): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < cond.length) {
    const c = cond[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      const end = findQuoteEnd(cond, i + 1);
      out.push({ t: 'str', v: expand(cond.slice(i + 1, end), lookup, fsHelpers) });
      i = end + 1;
    } else if (cond.startsWith('$(', i)) {
      const close = matchParen(cond, i + 1);
      if (close === -1) throw new UnknownExpression(`unbalanced $( in ${cond}`);
      out.push({ t: 'str', v: expand(cond.slice(i, close + 1), lookup, fsHelpers) });
      i = close + 1;
    } else if (/[=!<>]/.test(c)) {
      const two = cond.slice(i, i + 2);
      const op = ['==', '!=', '<=', '>='].includes(two) ? two : c;
      out.push({ t: 'op', v: op });
      i += op.length;
    } else if (c === '(' || c === ')') {
      out.push({ t: 'op', v: c });
      i++;
    } else {
      const m = /^[\w.\-]+/.exec(cond.slice(i));
      if (!m) throw new UnknownExpression(`unexpected '${c}' in ${cond}`);
      const word = m[0];
      const lw = word.toLowerCase();
      if (lw === 'and' || lw === 'or') out.push({ t: 'op', v: lw });
      else if (cond[i + word.length] === '(' || /^\s*\(/.test(cond.slice(i + word.length)) && /^[A-Za-z]\w*$/.test(word) && !['true', 'false'].includes(lw)) out.push({ t: 'fn', v: word });
      else out.push({ t: 'str', v: word });
      i += word.length;
    }
  }
  return out;
}

function findQuoteEnd(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    if (s.startsWith('$(', i)) {
      depth++;
      i++;
    } else if (s[i] === ')' && depth > 0) depth--;
    else if (s[i] === "'" && depth === 0) return i;
  }
  throw new UnknownExpression(`unterminated quote in ${s}`);
}
