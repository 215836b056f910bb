/**
 * Every catalog row the issues ask for is declared by some rule (`catalog: [...]`), so `rules --json` can prove
 * coverage. The row list is test/data/catalog-rows.json (ids and counts only).
 */
import rowsData from './data/catalog-rows.json';
import { loadRules } from '../src/load-rules';

const declared = new Set(loadRules().flatMap((r) => r.catalog ?? []));
const rows = [
  ...Object.entries(rowsData.sections).flatMap(([section, count]) => Array.from({ length: count }, (_, i) => `${section}#${i + 1}`)),
  ...rowsData.crossCutting,
  ...rowsData.other,
];

it.each(rows)('catalog row %s is covered by a rule', (row) => {
  expect(declared.has(row)).toBe(true);
});

it('declares no row the catalog does not have', () => {
  const known = new Set([...rows, 'R6', 'A', '1.1', '1.2', '2.1', '4.3', '7']); // plus whole sections
  expect([...declared].filter((r) => !known.has(r))).toEqual([]);
});
