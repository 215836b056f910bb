#!/usr/bin/env node
'use strict';
/**
 * One measurement for `npm run bench`, in a fresh process so that each starts cold and its peak RSS is its own:
 *   node scripts/bench-child.js tool  <dir> [CLI args...]   the CLI's dry run (diff discarded)
 *   node scripts/bench-child.js floor <dir>                  read -> library-name prefilter -> parse -> walk -> free
 * Prints one JSON line: { ms, maxRssMb, read, parsed, parses, edited }.
 */
const fs = require('node:fs');
const path = require('node:path');
const globby = require('globby');

const dist = path.join(__dirname, '..', 'dist', 'src');
const { csharpParser, parseStats } = require(path.join(dist, 'engine', 'csharp.js'));

/** The first segments of the library's namespaces: a file naming none of them needs no upgrade of its own. */
const LIBRARY_ROOTS = ['IdentityServer', 'IdentityModel', 'Duende'];
const IGNORE = ['**/bin/**', '**/obj/**', '**/node_modules/**', '**/.git/**'];

async function floor(dir) {
  const parser = await csharpParser();
  const files = await globby(['**/*.cs', '**/*.cshtml', '**/*.razor'], { cwd: dir, gitignore: true, ignore: IGNORE, absolute: true, followSymbolicLinks: false });
  let parsed = 0;
  let nodes = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    if (!file.endsWith('.cs') || !LIBRARY_ROOTS.some((r) => text.includes(r))) continue;
    const tree = parser.parse(text);
    parsed++;
    const cursor = tree.walk(); // every node once, the cheapest full walk the binding offers
    for (let down = true; ; ) {
      if (down) nodes++;
      if (down && cursor.gotoFirstChild()) continue;
      if (cursor.gotoNextSibling()) {
        down = true;
        continue;
      }
      if (!cursor.gotoParent()) break;
      down = false;
    }
    cursor.delete();
    tree.delete();
  }
  return { read: files.length, parsed, parses: parsed, edited: 0, nodes };
}

async function tool(dir, args) {
  const { main } = require(path.join(dist, 'cli.js'));
  const { readStats } = require(path.join(dist, 'engine', 'run.js'));
  let edited = 0;
  const io = {
    out: (s) => void (edited += (s.match(/^diff --git /gm) || []).length),
    err: () => undefined,
    isTty: false,
    errIsTty: false,
  };
  const code = await main(['node', 'idsrv-codemod', dir, '--dry-run', ...args], io);
  if (code !== 0) throw new Error(`the dry run exited ${code}`);
  return { read: readStats.sourcesRead, parsed: readStats.sourcesParsed, parses: parseStats.parses, edited };
}

(async () => {
  const [kind, dir, ...args] = process.argv.slice(2);
  const started = process.hrtime.bigint();
  const stats = kind === 'floor' ? await floor(dir) : await tool(dir, args);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, ...stats }) + '\n');
})().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
