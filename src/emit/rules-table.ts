/** The rules as Markdown tables, one per hop in release order: README.md's rule list is generated from this. */
import { ruleHop, type Rule } from '../engine/rule';
import { ALL_HOPS } from '../plan/catalog';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function hopTitle(hop: string): string {
  if (hop === 'every-hop') return 'Every hop';
  const h = ALL_HOPS.find((x) => x.id === hop);
  if (!h) return hop;
  const name = (l: typeof h.from) => (l.product === 'IdentityServer4' ? `IdentityServer4 ${l.line}` : `Duende ${l.line}`);
  return `${name(h.from)} → ${name(h.to)}`;
}

function kindOf(r: Rule): string {
  return r.kind === 'finding' ? 'finding' : r.review ? 'fix (review)' : 'fix';
}

export function formatRulesMarkdown(rules: readonly Rule[]): string {
  const order = ['every-hop', ...ALL_HOPS.map((h) => h.id)];
  const hops = [...new Set(rules.map(ruleHop))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const out: string[] = [];
  for (const hop of hops) {
    out.push(`#### ${hopTitle(hop)}`, '', '| Rule | Kind | Catalog rows | What it does |', '|---|---|---|---|');
    for (const r of rules.filter((x) => ruleHop(x) === hop).sort((a, b) => a.id.localeCompare(b.id))) {
      out.push(`| [\`${r.id}\`](${r.docs}) | ${kindOf(r)} | ${cell((r.catalog ?? []).join(', ')) || '—'} | ${cell(r.title)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
