#!/usr/bin/env node
'use strict';
/**
 * npm run bench [-- <solution folder>[:<to>] ...]
 *
 * Times the CLI's dry run against a floor measured on the same corpus in the same run: read every C#/Razor file,
 * keep those naming a library namespace, parse them with the same grammar, walk every node, free the tree. The
 * ratio tool / floor is the figure to watch; absolute times on a shared machine are noise.
 * Corpora: the sample solutions of fixtures/solutions copied 1, 4 and 16 times (BENCH_SCALES), then every folder given as an
 * argument or in BENCH_SOLUTIONS (separated by the path delimiter), with an optional `:<to>` target.
 * Each measurement runs in its own process (scripts/bench-child.js), floor and tool alternating, BENCH_ROUNDS
 * times (default 3); the medians are shown.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const repo = path.join(__dirname, '..');
const rounds = Number(process.env.BENCH_ROUNDS || 3);
const scales = (process.env.BENCH_SCALES || '1,4,16').split(',').map(Number).filter(Boolean);

function scaledSamples(scale, into) {
  const samples = path.join(repo, 'fixtures', 'solutions');
  const names = fs.readdirSync(samples, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  for (let i = 0; i < scale; i++) for (const name of names) fs.cpSync(path.join(samples, name), path.join(into, `${name}-${i}`), { recursive: true });
  return into;
}

function measure(kind, dir, args) {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'bench-child.js'), kind, dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').pop());
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function bench(label, dir, args) {
  const floor = [];
  const tool = [];
  for (let r = 0; r < rounds; r++) {
    floor.push(measure('floor', dir, []));
    tool.push(measure('tool', dir, args));
  }
  const f = { ms: median(floor.map((m) => m.ms)), rss: median(floor.map((m) => m.maxRssMb)), ...floor[0] };
  const t = { ms: median(tool.map((m) => m.ms)), rss: median(tool.map((m) => m.maxRssMb)), ...tool[0] };
  return {
    corpus: label,
    files: f.read,
    floorMs: Math.round(f.ms),
    toolMs: Math.round(t.ms),
    ratio: +(t.ms / f.ms).toFixed(2),
    floorRssMb: Math.round(f.rss),
    toolRssMb: Math.round(t.rss),
    floorParsed: f.parsed,
    toolRead: t.read,
    toolParsed: t.parsed,
    edited: t.edited,
    parsesPerFile: t.parsed ? +(t.parses / t.parsed).toFixed(2) : 0,
  };
}

function table(rows) {
  const cols = Object.keys(rows[0]);
  const cells = [cols, ...rows.map((r) => cols.map((c) => String(r[c])))];
  const widths = cols.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  return cells.map((row) => row.map((c, i) => c.padStart(widths[i])).join('  ')).join('\n');
}

function main() {
  if (!fs.existsSync(path.join(repo, 'dist', 'src', 'cli.js'))) throw new Error('run `npm run build` first');
  const given = [...process.argv.slice(2), ...(process.env.BENCH_SOLUTIONS || '').split(path.delimiter).filter(Boolean)];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'idsrv-bench-'));
  const rows = [];
  try {
    for (const scale of scales) {
      const dir = scaledSamples(scale, path.join(tmp, `samples-x${scale}`));
      rows.push(bench(`samples x${scale}`, dir, []));
      process.stderr.write(`${table([rows[rows.length - 1]])}\n`);
    }
    for (const spec of given) {
      const m = /^(.*?)(?::(\d+(?:\.\d+)*))?$/.exec(spec);
      const dir = path.resolve(m[1]);
      rows.push(bench(`${path.basename(dir)}${m[2] ? ` to ${m[2]}` : ''}`, dir, m[2] ? ['--to', m[2]] : []));
      process.stderr.write(`${table([rows[rows.length - 1]])}\n`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`\nidsrv-codemod bench: ${rounds} round(s), medians; ratio = dry run / floor (read, prefilter, parse, walk, free)\n`);
  console.log(table(rows));
}

main();
