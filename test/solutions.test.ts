/**
 * End to end on the sample solutions in fixtures/solutions/: the real CLI's dry-run diff must equal the
 * checked-in `<name>.expected.patch`; `git apply` of that diff and the tool's own in-place apply must give
 * identical trees; a second run must change nothing. UPDATE_EXPECTED=1 rewrites the expected patches.
 * A sample may carry `<name>.args` with extra arguments (e.g. `--to 7.4`) for all of its runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cliInProcess as cli, copyTree, git, snapshot } from './support/cli';

const dir = path.join(__dirname, '..', 'fixtures', 'solutions');
const samples = fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

it('has the sample solutions the spine is checked against', () => {
  expect(samples.length).toBeGreaterThanOrEqual(6);
});

describe.each(samples)('sample solution %s', (name) => {
  const expectedFile = path.join(dir, `${name}.expected.patch`);
  // Optional `<name>.args`: extra CLI arguments for every run of this sample (e.g. `--to 7.4`).
  const argsFile = path.join(dir, `${name}.args`);
  const extra = fs.existsSync(argsFile) ? fs.readFileSync(argsFile, 'utf8').trim().split(/\s+/).filter(Boolean) : [];

  it('dry run prints the expected patch; git apply and the tool agree; a second run is empty', async () => {
    const viaGit = copyTree(path.join(dir, name));
    const dry = await cli([viaGit, '--dry-run', ...extra], viaGit);
    expect(dry.stderr).toContain('Projects');
    expect(dry.code).toBe(0);
    if (process.env.UPDATE_EXPECTED) fs.writeFileSync(expectedFile, dry.stdout);
    expect(dry.stdout).toBe(fs.readFileSync(expectedFile, 'utf8'));

    git(viaGit, 'init', '-q');
    git(viaGit, 'add', '-A');
    git(viaGit, 'commit', '-qm', 'before');
    if (dry.stdout) {
      fs.writeFileSync(path.join(viaGit, '..', `${name}.patch`), dry.stdout);
      git(viaGit, 'apply', '--check', path.join(viaGit, '..', `${name}.patch`));
      git(viaGit, 'apply', path.join(viaGit, '..', `${name}.patch`));
    }

    const viaTool = copyTree(path.join(dir, name));
    const applied = await cli([viaTool, ...extra], viaTool);
    expect(applied.code).toBe(0);
    expect(snapshot(viaTool)).toEqual(snapshot(viaGit));

    const again = await cli([viaTool, '--dry-run', ...extra], viaTool);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect((await cli([viaTool, '--check', ...extra], viaTool)).code).toBe(0);
  });
});
