import path from 'node:path';
import type { ProjectScan } from '../../src/scan/model';

/** A scanned project for rule fixtures; `<case>.project.json` beside a fixture can override fields. */
export function fixtureProject(overrides: Partial<ProjectScan> = {}): ProjectScan {
  const dir = path.resolve('/fixture/Project');
  return {
    path: path.join(dir, 'Project.csproj'),
    dir,
    name: 'Project',
    frameworks: ['net8.0'],
    packages: [],
    centralPackageManagement: false,
    msbuildFiles: [],
    notes: [],
    usings: [],
    projectReferences: [],
    ...overrides,
  };
}
