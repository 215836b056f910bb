import fs from 'node:fs';
import { runFileRules } from '../src/engine/file-rules';
import { loadRules } from '../src/load-rules';
import { ALL_HOPS } from '../src/plan/catalog';
import { fixtureProject } from './support/project';
it('dbg', async () => {
  const id = process.env.RULE!;
  const rule = loadRules().find((r) => r.id === id) as any;
  const text = fs.readFileSync(process.env.FILE!, 'utf8');
  const out = await runFileRules([rule], { file: 'A.cs', kind: 'csharp', text, eol: '\n', hop: ALL_HOPS.find((h) => h.id === '7.4-8.0')!, project: fixtureProject(process.env.PROJ ? JSON.parse(process.env.PROJ) : {}) });
  console.log(JSON.stringify({ error: out.error, edits: out.edits, findings: out.findings.map((f) => [f.line, f.message]) }, null, 1));
  if (process.env.SHOW) console.log(out.text);
});
