#!/usr/bin/env node
/**
 * Generates src/plan/cancellation-8.0.ts: every public member that gained (or had to start passing) a
 * CancellationToken at Duende IdentityServer 8.0, as data for the rules/7.4-8.0/cancellation-* rules.
 *
 * Inputs (facts, not code):
 *  - upgrade-signatures.tsv: the 7.4->8.0 rows whose tags say `ct-added@…`, `ct-default-removed`, `ct-moved` or
 *    `ct-renamed` (old and new signature of each interface member and public/protected class member);
 *  - upgrade-catalog.md, Appendix A: the exhaustive list of interface members and where their token goes. Every
 *    Appendix A member must be a TSV interface row and vice versa, with the same position; the script stops otherwise;
 *  - optionally the DuendeSoftware/products mirror: the token's parameter name of every entry is checked against the
 *    declaration at tag is-8.0.0 (`Ct ct`, `Ct _`, …; `Ct` is the source's alias of CancellationToken).
 *
 * Usage: node scripts/gen-cancellation-8.0.mjs [knowledge-dir] [mirror-git-dir]
 *   defaults: ../shared/knowledge and /work/.mirror/DuendeSoftware+products/repo (skipped when absent).
 * Run once and commit the output; rerun only when the catalog changes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const knowledge = path.resolve(repo, process.argv[2] ?? '../shared/knowledge');
const mirror = process.argv[3] ?? '/work/.mirror/DuendeSoftware+products/repo';
const out = path.join(repo, 'src/plan/cancellation-8.0.ts');

// ---------- signature parsing ----------

/** Splits at top-level commas (outside <>, (), []). */
function splitTop(s) {
  const parts = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if ('<([{'.includes(ch)) depth++;
    if ('>)]}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur.trim());
  return parts;
}

/** `IEnumerable<Claim>claims`, `string?returnUrl = null`, `this IResourceStore store` -> {type, name, default?, this?} */
function parseParam(text) {
  let t = text.trim();
  let def;
  const eq = t.indexOf('=');
  if (eq !== -1) {
    def = t.slice(eq + 1).trim();
    t = t.slice(0, eq).trim();
  }
  const m = /^(.*?)\s*([A-Za-z_@][A-Za-z0-9_]*)$/.exec(t);
  if (!m) throw new Error(`cannot parse parameter ${text}`);
  let type = m[1].trim();
  const p = { type, name: m[2] };
  if (/^this\s/.test(type)) {
    p.this = true;
    p.type = type.replace(/^this\s+/, '');
  }
  p.type = p.type.replace(/\s+/g, ' ').replace(/,(?! )/g, ', ');
  if (def !== undefined) p.default = def;
  return p;
}

const MODIFIERS = new Set(['virtual', 'override', 'static', 'abstract', 'async', 'new', 'sealed', 'public', 'protected']);

/** `virtual Task<T> Name<U>(params)` -> { modifiers, returns, name, typeParams, params } */
function parseSignature(sig) {
  const s = sig.trim();
  if (!s.endsWith(')')) throw new Error(`not a method signature: ${sig}`);
  let depth = 0;
  let open = -1;
  for (let i = s.length - 1; i >= 0; i--) {
    if (s[i] === ')') depth++;
    else if (s[i] === '(') {
      depth--;
      if (depth === 0) {
        open = i;
        break;
      }
    }
  }
  const params = splitTop(s.slice(open + 1, -1)).map(parseParam);
  let head = s.slice(0, open).trim();
  const modifiers = [];
  for (;;) {
    const m = /^([a-z]+)\s+/.exec(head);
    if (!m || !MODIFIERS.has(m[1])) break;
    modifiers.push(m[1]);
    head = head.slice(m[0].length);
  }
  const nm = /([A-Za-z_][A-Za-z0-9_]*)(<[^<>]*>)?$/.exec(head);
  if (!nm) throw new Error(`no member name in ${sig}`);
  const returns = head.slice(0, nm.index).trim();
  const typeParams = nm[2] ? nm[2].slice(1, -1).split(',').map((x) => x.trim()) : [];
  return { modifiers, returns, name: nm[1], typeParams, params };
}

const isToken = (p) => p.type === 'CancellationToken';

// ---------- TSV ----------

const tsv = fs.readFileSync(path.join(knowledge, 'upgrade-signatures.tsv'), 'utf8').split('\n');
const header = tsv[0].split('\t');
const col = (name) => header.indexOf(name);
const rows = tsv
  .slice(1)
  .filter(Boolean)
  .map((l) => l.split('\t'))
  .filter((r) => r[col('hop')] === '7.4->8.0' && r[col('member_kind')] === 'method' && /(^|,)ct-/.test(r[col('tags_or_flag')]));

const entries = [];
for (const r of rows) {
  const full = r[col('type')];
  const kind = r[col('type_kind')];
  if (kind !== 'interface' && kind !== 'class') throw new Error(`unexpected type kind ${kind} for ${full}`);
  const tags = r[col('tags_or_flag')].split(',');
  const oldSig = parseSignature(r[col('old')]);
  const newSig = parseSignature(r[col('new')]);
  const dot = full.lastIndexOf('.');
  const [name, arity] = full.slice(dot + 1).split('`');
  const at = newSig.params.filter((p) => !p.this).findIndex(isToken);
  if (at === -1) throw new Error(`no token in the new signature of ${full}.${newSig.name}`);
  const oldAt = oldSig.params.filter((p) => !p.this).findIndex(isToken);
  const change = tags.some((t) => t.startsWith('ct-moved'))
    ? 'moved'
    : tags.includes('ct-default-removed')
      ? 'required'
      : tags.some((t) => t.startsWith('ct-added'))
        ? 'added'
        : 'renamed';
  // Cross-check the position tag against the parsed signatures.
  const added = tags.find((t) => t.startsWith('ct-added@'));
  if (added) {
    const pos = added.slice('ct-added@'.length);
    const want = pos === 'end' ? newSig.params.filter((p) => !p.this).length - 1 : Number.parseInt(pos, 10);
    if (want !== at) throw new Error(`${full}.${newSig.name}: tag ${added} but the token is at ${at}`);
  }
  const entry = {
    ns: full.slice(0, dot),
    name,
    ...(arity ? { typeParams: arity === '1' ? ['T'] : Array.from({ length: Number(arity) }, (_, i) => `T${i + 1}`) } : {}),
    kind,
    member: newSig.name,
    ...(newSig.typeParams.length ? { methodTypeParams: newSig.typeParams } : {}),
    modifiers: oldSig.modifiers,
    returns: oldSig.returns,
    ...(oldSig.returns !== newSig.returns ? { returnsNew: newSig.returns } : {}),
    old: oldSig.params,
    new: newSig.params,
    at,
    ...(oldAt !== -1 ? { oldAt } : {}),
    token: newSig.params.filter((p) => !p.this)[at].name,
    change,
    appendixA: false,
  };
  entries.push(entry);
}

// Generic type parameter names as the source writes them (T, TUser, TModel); checked against the source below.
const GENERIC_NAMES = { ProfileService: ['TUser'], ResourceOwnerPasswordValidator: ['TUser'], IMessageStore: ['TModel'], ProtectedDataMessageStore: ['TModel'] };
for (const e of entries) if (e.typeParams && GENERIC_NAMES[e.name]) e.typeParams = GENERIC_NAMES[e.name];

// ---------- Appendix A ----------

const catalog = fs.readFileSync(path.join(knowledge, 'upgrade-catalog.md'), 'utf8');
const appendix = catalog.slice(catalog.indexOf('## Appendix A.'));
const appendixRows = appendix.split('\n').filter((l) => /^\| `/.test(l));
const problems = [];
const appendixMembers = [];
for (const line of appendixRows) {
  const cells = line.split('|').slice(1, -1).map((c) => c.trim());
  const iface = 'Duende.IdentityServer.' + cells[0].replace(/^`|`$/g, '');
  const simple = cells[1] ? cells[1].split(',').map((m) => m.trim()).filter(Boolean) : [];
  const extra = cells[2] ? cells[2].split('<br>').map((x) => x.trim()).filter(Boolean) : [];
  for (const m of simple) appendixMembers.push({ iface, member: m, note: 'trailing' });
  for (const x of extra) {
    const m = /^([A-Za-z]+):\s*(.*)$/.exec(x);
    if (!m) throw new Error(`Appendix A: cannot read ${x}`);
    appendixMembers.push({ iface, member: m[1], note: m[2] });
  }
}
const ifaceKey = (e) => `${e.ns}.${e.name}${e.typeParams ? '`' + e.typeParams.length : ''}`;
for (const a of appendixMembers) {
  const matching = entries.filter((e) => e.kind === 'interface' && ifaceKey(e) === a.iface && e.member === a.member);
  if (!matching.length) {
    problems.push(`Appendix A ${a.iface}.${a.member}: no TSV interface row`);
    continue;
  }
  for (const e of matching) {
    e.appendixA = true;
    const idx = /ct inserted at index (\d+)/.exec(a.note);
    const trailing = a.note === 'trailing' || /ct appended/.test(a.note);
    if (idx && Number(idx[1]) !== e.at) problems.push(`${a.iface}.${a.member}: Appendix A says index ${idx[1]}, TSV ${e.at}`);
    if (trailing && e.at !== e.new.length - 1) problems.push(`${a.iface}.${a.member}: Appendix A says appended, TSV index ${e.at}`);
    if (/moved to first position/.test(a.note) && e.at !== 0) problems.push(`${a.iface}.${a.member}: Appendix A says first, TSV ${e.at}`);
    if (a.note === 'trailing' && e.change !== 'added') problems.push(`${a.iface}.${a.member}: Appendix A lists it as trailing-only but TSV says ${e.change}`);
  }
}
for (const e of entries.filter((e) => e.kind === 'interface' && e.change !== 'renamed' && !e.appendixA)) {
  problems.push(`TSV interface row ${ifaceKey(e)}.${e.member} is not in Appendix A`);
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}

// ---------- token names against the 8.0 source ----------

let verified = 'not checked against the source (mirror absent)';
if (fs.existsSync(mirror)) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'is800-'));
  const tar = execFileSync('git', ['-C', mirror, 'archive', 'is-8.0.0', 'identity-server/src'], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
  execFileSync('tar', ['-x', '-C', tmp], { input: tar, maxBuffer: 1 << 30 });
  const files = [];
  const walkDir = (d) => {
    for (const f of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, f.name);
      if (f.isDirectory()) walkDir(p);
      else if (f.name.endsWith('.cs')) files.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walkDir(tmp);
  fs.rmSync(tmp, { recursive: true, force: true });
  const declaring = new Map();
  const missing = [];
  let checked = 0;
  for (const e of entries) {
    const key = `${e.kind} ${e.name}`;
    if (!declaring.has(key)) {
      const re = new RegExp(`\\b${e.kind === 'interface' ? 'interface' : '(class|record)'}\\s+${e.name}\\b`);
      declaring.set(key, files.filter((f) => re.test(f)));
    }
    const names = new Set();
    for (const f of declaring.get(key)) {
      for (const m of f.matchAll(new RegExp(`\\b${e.member}\\s*(<[^>()]*>)?\\s*\\(`, 'g'))) {
        let depth = 1;
        let i = m.index + m[0].length;
        const start = i;
        while (i < f.length && depth > 0) {
          if (f[i] === '(') depth++;
          if (f[i] === ')') depth--;
          i++;
        }
        for (const t of f.slice(start, i - 1).matchAll(/\b(?:Ct|CancellationToken)\s+([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(t[1]);
      }
    }
    if (e.typeParams) {
      const re = new RegExp(`\\b(?:class|interface|record)\\s+${e.name}<([^>]*)>`);
      const declared = declaring.get(key).map((f) => re.exec(f)?.[1].replace(/\\s+/g, '')).find(Boolean);
      if (declared !== e.typeParams.join(',')) missing.push(`${e.ns}.${e.name}: type parameters <${e.typeParams}> but the source declares <${declared}>`);
    }
    if (!names.has(e.token)) missing.push(`${e.ns}.${e.name}.${e.member}: TSV token '${e.token}', source has ${[...names].join(', ') || 'none'}`);
    else checked++;
  }
  if (missing.length) {
    console.error(missing.join('\n'));
    process.exit(1);
  }
  verified = `token names checked against the declarations at tag is-8.0.0 (${checked} entries, ${files.length} source files)`;
}

// ---------- output ----------

const interfaces = new Set(entries.filter((e) => e.appendixA).map(ifaceKey));
const lines = entries
  .sort((a, b) => a.kind.localeCompare(b.kind) * -1 || ifaceKey(a).localeCompare(ifaceKey(b)) || a.member.localeCompare(b.member) || a.old.length - b.old.length)
  .map((e) => '  ' + JSON.stringify(e) + ',');
const text = `/**
 * GENERATED by scripts/gen-cancellation-8.0.mjs (do not edit by hand; rerun the script and commit).
 *
 * Every public interface member and public/protected class member of Duende IdentityServer whose CancellationToken
 * changed from 7.4 to 8.0 (catalog R3, section 4.15 rows 1, 10, 16, 24, 25 and Appendix A), from the 7.4->8.0 rows of
 * upgrade-signatures.tsv tagged ct-added@…, ct-default-removed, ct-moved or ct-renamed. Appendix A of
 * upgrade-catalog.md was cross-checked against those rows: ${interfaces.size} interfaces, ${entries.filter((e) => e.appendixA).length} members, each found
 * with the position Appendix A gives. ${verified[0].toUpperCase()}${verified.slice(1)}.
 *
 * Fields: declaring type (ns, name, typeParams for generics), kind, member, modifiers of the 7.4 declaration (virtual,
 * override, abstract, static), 7.4 return type (returnsNew when R4 changed it on the same member), 7.4 and 8.0
 * parameter lists (an extension method's receiver is marked this), at = index of the token in the 8.0 list without
 * the receiver, oldAt = index of a 7.4 token, token = its parameter name in the 8.0 source, change:
 *   added    a new required token (appended, or inserted before the first optional parameter);
 *   required a 7.4 \`CancellationToken cancellationToken = default\` that is now required and named ct;
 *   moved    as required, and moved to the front (QuerySessionsAsync);
 *   renamed  only the parameter name changed (named arguments \`cancellationToken:\` break).
 * appendixA marks the interface members Appendix A lists.
 */

export interface CtParam {
  type: string;
  name: string;
  default?: string;
  this?: boolean;
}

export interface CtMember {
  ns: string;
  name: string;
  typeParams?: string[];
  kind: 'interface' | 'class';
  member: string;
  methodTypeParams?: string[];
  modifiers: string[];
  returns: string;
  returnsNew?: string;
  old: CtParam[];
  new: CtParam[];
  at: number;
  oldAt?: number;
  token: string;
  change: 'added' | 'required' | 'moved' | 'renamed';
  appendixA: boolean;
}

export const CANCELLATION_8_0: readonly CtMember[] = [
${lines.join('\n')}
];
`;
fs.writeFileSync(out, text);
console.log(`wrote ${path.relative(repo, out)}: ${entries.length} members, ${interfaces.size} Appendix A interfaces; ${verified}`);
