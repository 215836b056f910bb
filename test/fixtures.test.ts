/**
 * Generic fixture suite: every folder fixtures/<hop>/<rule-name>/ holds cases for rules/<hop>/<rule-name>.ts.
 *   <case>.input.<ext>     the file before (ext: cs, cshtml, razor)
 *   <case>.output.<ext>    the file after; identical to the input for a must-not-fire case
 *   <case>.findings.json   optional: expected findings [{ "line": n, "message": "substring" }]; absent = none
 *   <case>.project.json    optional: fields of the scanned project (packages, usings, frameworks)
 * Each case also runs twice (idempotency) and with CRLF line endings plus a UTF-8 BOM.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runFileRules, fileKindOf } from '../src/engine/file-rules';
import { isProjectRule, type FileRule, type Rule } from '../src/engine/rule';
import { loadRules } from '../src/load-rules';
import { ALL_HOPS, type Hop } from '../src/plan/catalog';
import { decode, encode } from '../src/util/text';
import { fixtureProject } from './support/project';

const root = path.join(__dirname, '..', 'fixtures');
const rules = new Map<string, Rule>(loadRules().map((r) => [r.id, r]));

interface Case {
  name: string;
  input: string;
  output: string;
  findings?: { line: number; message: string }[];
  project: ReturnType<typeof fixtureProject>;
}

function casesOf(dir: string): Case[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /\.input\.(cs|cshtml|razor)$/.test(f))
    .sort()
    .map((f) => {
      const [name, ext] = [f.slice(0, f.indexOf('.input.')), f.slice(f.lastIndexOf('.') + 1)];
      const read = (suffix: string) => {
        const p = path.join(dir, `${name}.${suffix}`);
        return fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : undefined;
      };
      const output = read(`output.${ext}`);
      if (output === undefined) throw new Error(`${dir}/${name}: no ${name}.output.${ext}`);
      const findings = read('findings.json');
      const project = read('project.json');
      return {
        name: f,
        input: read(`input.${ext}`)!,
        output,
        findings: findings ? JSON.parse(findings) : undefined,
        project: fixtureProject(project ? JSON.parse(project) : {}),
      };
    });
}

function hopFor(rule: Rule, folderHop: string): Hop {
  const hop = ALL_HOPS.find((h) => h.id === folderHop);
  if (!hop) throw new Error(`fixtures/${folderHop}: not a hop in the catalog`);
  return hop;
}

async function run(rule: FileRule, hop: Hop, c: Case, file: string, text: string, eol: '\r\n' | '\n') {
  const kind = fileKindOf(file)!;
  return runFileRules([rule], { file, kind, text, eol, hop, project: c.project });
}

const hopDirs = fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'solutions' && d.name !== 'projects' && d.name !== 'compile');

for (const hopDir of hopDirs) {
  for (const ruleDir of fs.readdirSync(path.join(root, hopDir.name), { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const id = `${hopDir.name}/${ruleDir.name}`;
    describe(id, () => {
      const rule = rules.get(id);
      it('names an existing file rule', () => {
        expect(rule).toBeDefined();
        expect(isProjectRule(rule!)).toBe(false);
      });
      if (!rule || isProjectRule(rule)) return;
      const hop = hopFor(rule, hopDir.name);
      const cases = casesOf(path.join(root, hopDir.name, ruleDir.name));

      it('has at least one firing case and one must-not-fire case', () => {
        expect(cases.some((c) => c.input !== c.output || (c.findings?.length ?? 0) > 0)).toBe(true);
        expect(cases.some((c) => c.input === c.output && !(c.findings?.length))).toBe(true);
      });

      for (const c of cases) {
        const file = `src/${c.name.replace('.input.', '.')}`;
        it(`${c.name}: output, findings, idempotent`, async () => {
          const first = await run(rule, hop, c, file, c.input, '\n');
          expect(first.error).toBeUndefined();
          expect(first.text).toBe(c.output);
          const expected = c.findings ?? [];
          const found = [...first.findings].sort((a, b) => a.line - b.line || a.column - b.column);
          expect(found.map((f) => f.line)).toEqual(expected.map((f) => f.line));
          found.forEach((f, i) => expect(f.message).toContain(expected[i].message));
          const second = await run(rule, hop, c, file, first.text, '\n');
          expect(second.edits).toEqual([]);
          expect(second.text).toBe(first.text);
        });
        it(`${c.name}: CRLF with BOM`, async () => {
          const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');
          const decoded = decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf(c.input))]));
          if (!decoded.ok) throw new Error(decoded.reason);
          const out = await run(rule, hop, c, file, decoded.file.text, decoded.file.eol);
          expect(out.error).toBeUndefined();
          const bytes = encode({ ...decoded.file, text: out.text });
          expect(bytes.equals(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf(c.output))]))).toBe(true);
        });
      }
    });
  }
}
