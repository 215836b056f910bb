/**
 * Discovers rule modules: every file under rules/<hop>/ is one rule (default export).
 * Lives at the entry-point level so the engine never imports a rule.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Rule } from './engine/rule';

export function rulesDir(): string {
  // dist/src/load-rules.js -> dist/rules ; src/load-rules.ts (ts-jest) -> rules
  return path.join(__dirname, '..', 'rules');
}

export function loadRules(dir = rulesDir()): Rule[] {
  const rules: Rule[] = [];
  for (const hop of fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const name of fs.readdirSync(path.join(dir, hop)).sort()) {
      if (!/\.(js|ts)$/.test(name) || name.endsWith('.d.ts')) continue;
      const mod = require(path.join(dir, hop, name));
      const rule: Rule | undefined = mod.default ?? mod.rule;
      if (!rule || typeof rule.run !== 'function') throw new Error(`rules/${hop}/${name}: no rule exported (export default a Rule)`);
      const expectedPrefix = `${hop}/`;
      if (!rule.id.startsWith(expectedPrefix)) throw new Error(`rules/${hop}/${name}: id ${rule.id} must start with ${expectedPrefix}`);
      rules.push(rule);
    }
  }
  const seen = new Set<string>();
  for (const r of rules) {
    if (seen.has(r.id)) throw new Error(`duplicate rule id ${r.id}`);
    seen.add(r.id);
  }
  return rules;
}
