/**
 * Constructor signatures written the way the catalog (§5) writes them, turned into `CtorParam` lists:
 * `params('(IClock clock, ILogger<DefaultTokenService> logger)', NS)` where NS maps each simple type name to its
 * namespace. A type missing from the map throws when the rule module loads, so a typo cannot pass silently.
 */
import type { CtorParam } from './ctor-change';

export type NamespaceTable = Readonly<Record<string, string>>;

/** Splits at top-level commas (not inside `<...>`, `(...)` or `[...]`). */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '<' || c === '(' || c === '[') depth++;
    else if (c === '>' || c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

/** `(T a, U<V> b = null)` -> CtorParam[]; `extra` is merged into the parameters it names (e.g. `members`). */
export function params(signature: string, ns: NamespaceTable, extra: Record<string, Partial<CtorParam>> = {}, options: { unknownNamespace?: string } = {}): CtorParam[] {
  const inner = signature.trim().replace(/^\(/, '').replace(/\)$/, '');
  return splitTopLevel(inner).map((part) => {
    const decl = part.replace(/\s*=.*$/, '').trim();
    const m = /^(.*\S)\s+([A-Za-z_]\w*)$/.exec(decl);
    if (!m) throw new Error(`signature: cannot read parameter '${part}' of ${signature}`);
    const typeText = m[1].replace(/\?$/, '');
    const simple = /^[A-Za-z_]\w*/.exec(typeText)?.[0];
    if (!simple || (!(simple in ns) && options.unknownNamespace === undefined)) throw new Error(`signature: no namespace known for '${simple}' in ${signature}`);
    const p: CtorParam = { name: m[2], type: { ns: ns[simple] ?? options.unknownNamespace, name: simple } };
    if (typeText !== simple) p.text = typeText;
    return { ...p, ...extra[m[2]] };
  });
}
