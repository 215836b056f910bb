/**
 * Two projects. `fast` is the everyday suite (`npm test`, meant to stay under 90 s on a 2-core machine): rules,
 * engine, scanner, the CLI in-process on every sample. `slow` holds what needs outside tools or many processes:
 * MSBuild as an oracle, the compiler as judge, SIGKILLs during an apply, the packed package, real pipes and a real
 * browser. CI runs both (`npm run test:all`).
 * @type {import('jest').Config}
 */
const SLOW = ['msbuild-oracle', 'framework-packages', 'compile-judge', 'crash-safety', 'cli-process', 'cli-package', 'audit-browser'];
const slowFile = `/test/(${SLOW.join('|')})\\.test\\.ts$`;

const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 60000,
};

module.exports = {
  // One worker per core: jest's default (cores - 1) leaves one of two cores idle while the main process waits.
  maxWorkers: '100%',
  projects: [
    { ...common, displayName: 'fast', testPathIgnorePatterns: ['/node_modules/', slowFile] },
    { ...common, displayName: 'slow', testRegex: slowFile },
  ],
};
