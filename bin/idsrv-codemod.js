#!/usr/bin/env node
'use strict';
require('../dist/src/cli.js').main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`idsrv-codemod: internal error: ${err && err.stack || err}\n`); process.exitCode = 2; },
);
