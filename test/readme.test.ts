/** README.md's rule tables are generated from the rules' metadata; this fails when someone forgot `npm run readme:rules`. */
import fs from 'node:fs';
import path from 'node:path';
import { formatRulesMarkdown } from '../src/emit/rules-table';
import { loadRules } from '../src/load-rules';

it('README.md lists exactly the rules that exist, as their metadata says', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const begin = readme.indexOf('<!-- rules:begin');
  const end = readme.indexOf('<!-- rules:end -->');
  expect(begin).toBeGreaterThan(-1);
  const section = readme.slice(readme.indexOf('\n', begin) + 1, end);
  expect(section.trim()).toBe(formatRulesMarkdown(loadRules()).trim());
  expect(section).toContain('#### Every hop');
});
