/**
 * MSBuild as the oracle for the scanner: for every project of the sample solutions and for small layouts that
 * are easy to get wrong, what `dotnet msbuild` evaluates (frameworks; per framework the IdentityServer-family
 * PackageReferences and the version NuGet would be asked for) must equal what scanProject resolves.
 *
 * Frameworks: TargetFrameworks (split on ;) when the SDK would cross-target (TargetFrameworks set, TargetFramework
 * empty), else TargetFramework; each framework of a multi-targeted project is evaluated with -property:TargetFramework.
 * Version asked for, per framework: without Central Package Management the reference's VersionOverride, else its
 * Version; under CPM the VersionOverride, else the Version of the (last) PackageVersion item with that id.
 * Evaluation only (no restore, no network, nothing written). Skipped when no dotnet SDK is on PATH.
 *
 * Layouts where the scanner is known to disagree with MSBuild are not in this file until the scanner is fixed;
 * every layout here carries the answer MSBuild gives, so a layout that stops exercising its trick fails too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { scanProject } from '../src/scan/project';
import { FileView } from '../src/scan/vfs';
import { packageFamily, type ProjectScan } from '../src/scan/model';
import { dotnetAvailable, msbuildEvaluate, type MsbuildEvaluation } from './support/msbuild-oracle';
import { makeTree, csproj } from './support/tree';

/** Sorted [id, version spec] pairs of the relevant references, keyed by target framework. */
type PerFramework = Record<string, [string, string | undefined][]>;

interface Resolved {
  frameworks: string[];
  cpm: boolean;
  packages: PerFramework;
}

interface Case {
  name: string;
  /** Absolute path of a sample project, or the project's path inside `files`. */
  project: string;
  files?: Record<string, string>;
  /** For layouts built here: what MSBuild must say, so a layout that stops exercising its trick fails loudly. */
  expected?: Resolved;
}

const SOLUTIONS = path.join(__dirname, '..', 'fixtures', 'solutions');

function findProjects(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) return ['bin', 'obj', '.git'].includes(d.name) ? [] : findProjects(p);
      return d.name.toLowerCase().endsWith('.csproj') ? [p] : [];
    })
    .sort();
}

const sampleCases: Case[] = findProjects(SOLUTIONS).map((p) => ({ name: `sample ${path.relative(SOLUTIONS, p).split(path.sep).join('/')}`, project: p }));

const props = (body: string) => `<Project>\n${body}\n</Project>\n`;
const tf = (t: string) => `  <PropertyGroup><TargetFramework>${t}</TargetFramework></PropertyGroup>`;
const cpmOn = '  <PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup>';

const layoutCases: Case[] = [
  {
    name: 'layout: versions from a props file imported with backslash paths (from Directory.Build.props and from the project)',
    project: 'src/App/App.csproj',
    files: {
      'build/versions.props': props('  <PropertyGroup>\n    <IdsVersion>7.1.0</IdsVersion>\n    <ModelVersion>7.0.0</ModelVersion>\n  </PropertyGroup>'),
      'build/storage.props': props('  <PropertyGroup><StorageVersion>7.1.1</StorageVersion></PropertyGroup>'),
      'Directory.Build.props': props('  <Import Project="$(MSBuildThisFileDirectory)build\\versions.props" />'),
      'src/App/App.csproj': csproj(`  <Import Project="..\\..\\build\\storage.props" />
${tf('net8.0')}
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer" Version="$(IdsVersion)" />
    <PackageReference Include="Duende.IdentityServer.Storage" Version="$(StorageVersion)" />
    <PackageReference Include="Duende.IdentityModel" Version="$(ModelVersion)" />
    <PackageReference Include="Serilog" Version="3.0.0" />
  </ItemGroup>`),
    },
    expected: {
      frameworks: ['net8.0'],
      cpm: false,
      packages: {
        'net8.0': [
          ['Duende.IdentityModel', '7.0.0'],
          ['Duende.IdentityServer', '7.1.0'],
          ['Duende.IdentityServer.Storage', '7.1.1'],
        ],
      },
    },
  },
  {
    name: 'layout: Directory.Build.targets Update= sets and replaces versions; an Update= in Directory.Build.props comes too early',
    project: 'App/App.csproj',
    files: {
      'Directory.Build.props': props('  <ItemGroup><PackageReference Update="Duende.IdentityServer.AspNetIdentity" Version="1.0.0" /></ItemGroup>'),
      'Directory.Build.targets': props(`  <ItemGroup>
    <PackageReference Update="Duende.IdentityServer" Version="7.4.6" />
    <PackageReference Update="IdentityModel" Version="7.0.0" Condition="'$(TargetFramework)' == 'net8.0'" />
  </ItemGroup>`),
      'App/App.csproj': csproj(`${tf('net8.0')}
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer" />
    <PackageReference Include="IdentityModel" Version="6.2.0" />
    <PackageReference Include="Duende.IdentityServer.AspNetIdentity" Version="7.4.5" />
  </ItemGroup>`),
    },
    expected: {
      frameworks: ['net8.0'],
      cpm: false,
      packages: {
        'net8.0': [
          ['Duende.IdentityServer', '7.4.6'],
          ['Duende.IdentityServer.AspNetIdentity', '7.4.5'],
          ['IdentityModel', '7.0.0'],
        ],
      },
    },
  },
  {
    name: 'layout: nested Directory.Packages.props imports its parent with GetPathOfFileAbove and updates a central version',
    project: 'src/App/App.csproj',
    files: {
      'Directory.Packages.props': props(`${cpmOn}
  <ItemGroup>
    <PackageVersion Include="Duende.IdentityServer" Version="7.2.0" />
    <PackageVersion Include="Duende.IdentityServer.EntityFramework" Version="7.2.0" />
  </ItemGroup>`),
      'src/Directory.Packages.props': props(`  <Import Project="$([MSBuild]::GetPathOfFileAbove(Directory.Packages.props, $(MSBuildThisFileDirectory)..))" />
  <ItemGroup>
    <PackageVersion Include="Duende.IdentityServer.Storage" Version="7.2.1" />
    <PackageVersion Update="Duende.IdentityServer.EntityFramework" Version="7.2.3" />
  </ItemGroup>`),
      'src/App/App.csproj': csproj(`${tf('net8.0')}
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer" />
    <PackageReference Include="Duende.IdentityServer.Storage" />
    <PackageReference Include="Duende.IdentityServer.EntityFramework" />
  </ItemGroup>`),
    },
    expected: {
      frameworks: ['net8.0'],
      cpm: true,
      packages: {
        'net8.0': [
          ['Duende.IdentityServer', '7.2.0'],
          ['Duende.IdentityServer.EntityFramework', '7.2.3'],
          ['Duende.IdentityServer.Storage', '7.2.1'],
        ],
      },
    },
  },
  {
    name: "layout: framework conditions with $(TargetFramework.StartsWith('net7')), == (case-insensitive) and conditioned <Version> metadata",
    project: 'App/App.csproj',
    files: {
      'App/App.csproj': csproj(`  <PropertyGroup><TargetFrameworks>net6.0;net7.0;net8.0</TargetFrameworks></PropertyGroup>
  <PropertyGroup Condition="$(TargetFramework.StartsWith('net7'))"><ModelVersion>6.1.0</ModelVersion></PropertyGroup>
  <PropertyGroup Condition="'$(ModelVersion)' == ''"><ModelVersion>6.2.0</ModelVersion></PropertyGroup>
  <ItemGroup Condition="'$(TargetFramework)' == 'net6.0'">
    <PackageReference Include="Duende.IdentityServer" Version="6.3.8" />
  </ItemGroup>
  <ItemGroup Condition="$(TargetFramework.StartsWith('net7'))">
    <PackageReference Include="Duende.IdentityServer" Version="6.3.10" />
  </ItemGroup>
  <ItemGroup Condition=" '$(TargetFramework)' == 'NET8.0' ">
    <PackageReference Include="Duende.IdentityServer" Version="7.0.0" />
  </ItemGroup>
  <ItemGroup>
    <PackageReference Include="IdentityModel" Version="$(ModelVersion)" />
    <PackageReference Include="Duende.IdentityServer.Storage">
      <Version Condition="'$(TargetFramework)' != 'net8.0'">6.3.8</Version>
      <Version Condition="'$(TargetFramework)' == 'net8.0'">7.0.0</Version>
    </PackageReference>
  </ItemGroup>`),
    },
    expected: {
      frameworks: ['net6.0', 'net7.0', 'net8.0'],
      cpm: false,
      packages: {
        'net6.0': [
          ['Duende.IdentityServer', '6.3.8'],
          ['Duende.IdentityServer.Storage', '6.3.8'],
          ['IdentityModel', '6.2.0'],
        ],
        'net7.0': [
          ['Duende.IdentityServer', '6.3.10'],
          ['Duende.IdentityServer.Storage', '6.3.8'],
          ['IdentityModel', '6.1.0'],
        ],
        'net8.0': [
          ['Duende.IdentityServer', '7.0.0'],
          ['Duende.IdentityServer.Storage', '7.0.0'],
          ['IdentityModel', '6.2.0'],
        ],
      },
    },
  },
  {
    name: 'layout: <Choose><When> picks properties and items per framework; a When reads properties as they are at that point',
    project: 'App/App.csproj',
    files: {
      'App/App.csproj': csproj(`  <PropertyGroup><TargetFrameworks>net6.0;net8.0</TargetFrameworks></PropertyGroup>
  <Choose>
    <When Condition="'$(TargetFramework)' == 'net6.0'">
      <PropertyGroup><DuendeVersion>6.3.8</DuendeVersion></PropertyGroup>
      <ItemGroup><PackageReference Include="Duende.IdentityServer.EntityFramework" Version="$(DuendeVersion)" /></ItemGroup>
    </When>
    <Otherwise>
      <PropertyGroup><DuendeVersion>7.0.6</DuendeVersion></PropertyGroup>
    </Otherwise>
  </Choose>
  <ItemGroup><PackageReference Include="Duende.IdentityServer" Version="$(DuendeVersion)" /></ItemGroup>
  <Choose>
    <When Condition="'$(UseLegacyModel)' == 'true'">
      <ItemGroup><PackageReference Include="IdentityModel" Version="5.2.0" /></ItemGroup>
    </When>
    <Otherwise>
      <ItemGroup><PackageReference Include="Duende.IdentityModel" Version="7.0.0" /></ItemGroup>
    </Otherwise>
  </Choose>
  <PropertyGroup><UseLegacyModel>true</UseLegacyModel></PropertyGroup>`),
    },
    expected: {
      frameworks: ['net6.0', 'net8.0'],
      cpm: false,
      packages: {
        'net6.0': [
          ['Duende.IdentityModel', '7.0.0'],
          ['Duende.IdentityServer', '6.3.8'],
          ['Duende.IdentityServer.EntityFramework', '6.3.8'],
        ],
        'net8.0': [
          ['Duende.IdentityModel', '7.0.0'],
          ['Duende.IdentityServer', '7.0.6'],
        ],
      },
    },
  },
  {
    name: 'layout: TargetFramework set in Directory.Build.props, read by conditions there and in the project',
    project: 'App/App.csproj',
    files: {
      'Directory.Build.props': props(`  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>
  <PropertyGroup Condition="'$(TargetFramework)' == 'net8.0'"><DuendeVersion>7.4.6</DuendeVersion></PropertyGroup>
  <PropertyGroup><DuendeVersion Condition="'$(DuendeVersion)' == ''">6.3.8</DuendeVersion></PropertyGroup>`),
      'App/App.csproj': csproj(`  <ItemGroup Condition="'$(TargetFramework)' == 'net8.0'">
    <PackageReference Include="Duende.IdentityServer" Version="$(DuendeVersion)" />
  </ItemGroup>`),
    },
    expected: { frameworks: ['net8.0'], cpm: false, packages: { 'net8.0': [['Duende.IdentityServer', '7.4.6']] } },
  },
  {
    name: 'layout: a Directory.Build.props condition on TargetFramework runs before the project sets it; Directory.Build.targets sees it',
    project: 'App/App.csproj',
    files: {
      'Directory.Build.props': props(`  <PropertyGroup Condition="'$(TargetFramework)' == 'net8.0'"><DuendeVersion>7.4.6</DuendeVersion></PropertyGroup>`),
      'Directory.Build.targets': props(`  <PropertyGroup Condition="'$(DuendeVersion)' == '' And '$(TargetFramework)' == 'net8.0'"><DuendeVersion>7.3.2</DuendeVersion></PropertyGroup>`),
      'App/App.csproj': csproj(`${tf('net8.0')}
  <ItemGroup><PackageReference Include="Duende.IdentityServer" Version="$(DuendeVersion)" /></ItemGroup>`),
    },
    expected: { frameworks: ['net8.0'], cpm: false, packages: { 'net8.0': [['Duende.IdentityServer', '7.3.2']] } },
  },
  {
    name: 'layout: VersionOverride under CPM, from a property and from an Update= in Directory.Build.targets',
    project: 'App/App.csproj',
    files: {
      'Directory.Packages.props': props(`${cpmOn}
  <ItemGroup>
    <PackageVersion Include="Duende.IdentityServer" Version="6.3.8" />
    <PackageVersion Include="Duende.IdentityServer.AspNetIdentity" Version="6.3.8" />
    <PackageVersion Include="IdentityModel" Version="6.2.0" />
  </ItemGroup>`),
      'Directory.Build.props': props('  <PropertyGroup><PinnedDuende>6.3.10</PinnedDuende></PropertyGroup>'),
      'Directory.Build.targets': props('  <ItemGroup><PackageReference Update="IdentityModel" VersionOverride="6.1.0" /></ItemGroup>'),
      'App/App.csproj': csproj(`${tf('net6.0')}
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer" VersionOverride="$(PinnedDuende)" />
    <PackageReference Include="Duende.IdentityServer.AspNetIdentity" />
    <PackageReference Include="IdentityModel" />
  </ItemGroup>`),
    },
    expected: {
      frameworks: ['net6.0'],
      cpm: true,
      packages: {
        'net6.0': [
          ['Duende.IdentityServer', '6.3.10'],
          ['Duende.IdentityServer.AspNetIdentity', '6.3.8'],
          ['IdentityModel', '6.1.0'],
        ],
      },
    },
  },
  {
    name: "layout: Exists() in an imported file resolves relative to that file, not to the project",
    project: 'src/App/App.csproj',
    files: {
      'build/ef.props': props('  <PropertyGroup><EfVersion>7.1.2</EfVersion></PropertyGroup>'),
      'Directory.Build.props': props(`  <Import Project="build\\ef.props" Condition="Exists('build\\ef.props')" />
  <PropertyGroup Condition="Exists('build\\ef.props')"><StorageVersion>7.1.3</StorageVersion></PropertyGroup>`),
      'src/App/App.csproj': csproj(`${tf('net8.0')}
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer.EntityFramework" Version="$(EfVersion)" />
    <PackageReference Include="Duende.IdentityServer.Storage" Version="$(StorageVersion)" />
  </ItemGroup>`),
    },
    expected: {
      frameworks: ['net8.0'],
      cpm: false,
      packages: {
        'net8.0': [
          ['Duende.IdentityServer.EntityFramework', '7.1.2'],
          ['Duende.IdentityServer.Storage', '7.1.3'],
        ],
      },
    },
  },
  {
    name: 'layout: nested Directory.Build.props imports its parent with GetPathOfFileAbove; a property defined by another property',
    project: 'src/App/App.csproj',
    files: {
      'Directory.Build.props': props('  <PropertyGroup>\n    <TargetFramework>net8.0</TargetFramework>\n    <IdsVersion>7.0.0</IdsVersion>\n  </PropertyGroup>'),
      'src/Directory.Build.props': props(`  <Import Project="$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '$(MSBuildThisFileDirectory)../'))" />
  <PropertyGroup><StorageVersion>$(IdsVersion)</StorageVersion><IdsVersion>7.0.1</IdsVersion></PropertyGroup>`),
      'src/App/App.csproj': csproj(`  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer" Version="$(IdsVersion)" />
    <PackageReference Include="Duende.IdentityServer.Storage" Version="$(StorageVersion)" />
  </ItemGroup>`),
    },
    expected: {
      frameworks: ['net8.0'],
      cpm: false,
      packages: {
        'net8.0': [
          ['Duende.IdentityServer', '7.0.1'],
          ['Duende.IdentityServer.Storage', '7.0.0'],
        ],
      },
    },
  },
  {
    name: 'layout: Configuration is still empty in Directory.Build.props and Debug in the project',
    project: 'App/App.csproj',
    files: {
      'Directory.Build.props': props(`  <PropertyGroup Condition="'$(Configuration)' == 'Debug'"><IdsVersion>7.9.9</IdsVersion></PropertyGroup>`),
      'App/App.csproj': csproj(`${tf('net8.0')}
  <PropertyGroup>
    <IdsVersion Condition="'$(IdsVersion)' == ''">7.0.0</IdsVersion>
    <StorageVersion Condition="'$(Configuration)' == 'Debug'">7.0.3</StorageVersion>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer" Version="$(IdsVersion)" />
    <PackageReference Include="Duende.IdentityServer.Storage" Version="$(StorageVersion)" />
  </ItemGroup>`),
    },
    expected: {
      frameworks: ['net8.0'],
      cpm: false,
      packages: {
        'net8.0': [
          ['Duende.IdentityServer', '7.0.0'],
          ['Duende.IdentityServer.Storage', '7.0.3'],
        ],
      },
    },
  },
  {
    name: 'layout: TargetFrameworks from a property with spaces and a trailing semicolon',
    project: 'App/App.csproj',
    files: {
      'Directory.Build.props': props('  <PropertyGroup><AppFrameworks>net6.0; net8.0;</AppFrameworks></PropertyGroup>'),
      'App/App.csproj': csproj(`  <PropertyGroup><TargetFrameworks>$(AppFrameworks)</TargetFrameworks></PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer" Version="7.0.0" Condition="'$(TargetFramework)' == 'net8.0'" />
    <PackageReference Include="Duende.IdentityServer" Version="6.3.8" Condition="'$(TargetFramework)' == 'net6.0'" />
  </ItemGroup>`),
    },
    expected: {
      frameworks: ['net6.0', 'net8.0'],
      cpm: false,
      packages: { 'net6.0': [['Duende.IdentityServer', '6.3.8']], 'net8.0': [['Duende.IdentityServer', '7.0.0']] },
    },
  },
  {
    name: "layout: [MSBuild]::GetTargetFrameworkIdentifier in a condition (net8.0 vs netstandard2.0)",
    project: 'App/App.csproj',
    files: {
      'App/App.csproj': csproj(`  <PropertyGroup><TargetFrameworks>net8.0;netstandard2.0</TargetFrameworks></PropertyGroup>
  <ItemGroup Condition="'$([MSBuild]::GetTargetFrameworkIdentifier($(TargetFramework)))' == '.NETCoreApp'">
    <PackageReference Include="Duende.IdentityModel" Version="7.0.0" />
  </ItemGroup>
  <ItemGroup Condition="'$([MSBuild]::GetTargetFrameworkIdentifier($(TargetFramework)))' == '.NETStandard'">
    <PackageReference Include="IdentityModel" Version="6.2.0" />
  </ItemGroup>`),
    },
    expected: {
      frameworks: ['net8.0', 'netstandard2.0'],
      cpm: false,
      packages: { 'net8.0': [['Duende.IdentityModel', '7.0.0']], 'netstandard2.0': [['IdentityModel', '6.2.0']] },
    },
  },
  {
    name: 'layout: CPM switched on in Directory.Build.props; PackageVersion items conditioned on the framework',
    project: 'App/App.csproj',
    files: {
      'Directory.Build.props': props(cpmOn),
      'Directory.Packages.props': props(`  <ItemGroup Condition="'$(TargetFramework)' == 'net8.0'"><PackageVersion Include="Duende.IdentityServer" Version="7.0.0" /></ItemGroup>
  <ItemGroup Condition="'$(TargetFramework)' != 'net8.0'"><PackageVersion Include="Duende.IdentityServer" Version="6.0.0" /></ItemGroup>`),
      'App/App.csproj': csproj(`${tf('net8.0')}\n  <ItemGroup><PackageReference Include="Duende.IdentityServer" /></ItemGroup>`),
    },
    expected: { frameworks: ['net8.0'], cpm: true, packages: { 'net8.0': [['Duende.IdentityServer', '7.0.0']] } },
  },
  {
    name: 'layout: ImportDirectoryPackagesProps=false keeps Directory.Packages.props (and CPM) out',
    project: 'App/App.csproj',
    files: {
      'Directory.Build.props': props('  <PropertyGroup><ImportDirectoryPackagesProps>false</ImportDirectoryPackagesProps></PropertyGroup>'),
      'Directory.Packages.props': props(`${cpmOn}\n  <ItemGroup><PackageVersion Include="Duende.IdentityServer" Version="7.0.0" /></ItemGroup>`),
      'App/App.csproj': csproj(`${tf('net8.0')}\n  <ItemGroup><PackageReference Include="Duende.IdentityServer" Version="6.0.0" /></ItemGroup>`),
    },
    expected: { frameworks: ['net8.0'], cpm: false, packages: { 'net8.0': [['Duende.IdentityServer', '6.0.0']] } },
  },
  {
    name: 'layout: GlobalPackageReference under CPM',
    project: 'App/App.csproj',
    files: {
      'Directory.Packages.props': props(`${cpmOn}
  <ItemGroup>
    <GlobalPackageReference Include="IdentityModel" Version="6.2.0" />
    <PackageVersion Include="Duende.IdentityServer" Version="7.1.0" />
  </ItemGroup>`),
      'App/App.csproj': csproj(`${tf('net8.0')}\n  <ItemGroup><PackageReference Include="Duende.IdentityServer" /></ItemGroup>`),
    },
    expected: {
      frameworks: ['net8.0'],
      cpm: true,
      packages: {
        'net8.0': [
          ['Duende.IdentityServer', '7.1.0'],
          ['IdentityModel', '6.2.0'],
        ],
      },
    },
  },
  {
    name: 'layout: one Include naming two packages; Remove= in Directory.Build.targets',
    project: 'App/App.csproj',
    files: {
      'Directory.Build.targets': props('  <ItemGroup><PackageReference Remove="IdentityModel" /></ItemGroup>'),
      'App/App.csproj': csproj(`${tf('net8.0')}
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer;Duende.IdentityServer.Storage" Version="7.0.0" />
    <PackageReference Include="IdentityModel" Version="6.2.0" />
  </ItemGroup>`),
    },
    expected: {
      frameworks: ['net8.0'],
      cpm: false,
      packages: {
        'net8.0': [
          ['Duende.IdentityServer', '7.0.0'],
          ['Duende.IdentityServer.Storage', '7.0.0'],
        ],
      },
    },
  },
  {
    name: 'layout: TargetFramework in Directory.Build.props wins over TargetFrameworks in the project (single target)',
    project: 'App/App.csproj',
    files: {
      'Directory.Build.props': props(tf('net8.0')),
      'App/App.csproj': csproj(`  <PropertyGroup><TargetFrameworks>net6.0;net8.0</TargetFrameworks></PropertyGroup>
  <ItemGroup><PackageReference Include="Duende.IdentityServer" Version="7.0.0" /></ItemGroup>
  <ItemGroup Condition="'$(TargetFramework)' == 'net6.0'"><PackageReference Include="IdentityModel" Version="6.0.0" /></ItemGroup>`),
    },
    expected: { frameworks: ['net8.0'], cpm: false, packages: { 'net8.0': [['Duende.IdentityServer', '7.0.0']] } },
  },
  {
    name: 'layout: TargetFrameworks in Directory.Build.props, TargetFramework in the project (single target)',
    project: 'App/App.csproj',
    files: {
      'Directory.Build.props': props('  <PropertyGroup><TargetFrameworks>net6.0;net8.0</TargetFrameworks></PropertyGroup>'),
      'App/App.csproj': csproj(`${tf('net8.0')}\n  <ItemGroup><PackageReference Include="Duende.IdentityServer" Version="7.0.0" /></ItemGroup>`),
    },
    expected: { frameworks: ['net8.0'], cpm: false, packages: { 'net8.0': [['Duende.IdentityServer', '7.0.0']] } },
  },
  {
    name: 'layout: TargetFrameworkIdentifier is known in Directory.Build.targets',
    project: 'App/App.csproj',
    files: {
      'Directory.Build.targets': props(`  <ItemGroup Condition="'$(TargetFrameworkIdentifier)' == '.NETCoreApp'"><PackageReference Include="IdentityModel" Version="6.2.0" /></ItemGroup>`),
      'App/App.csproj': csproj(tf('net8.0')),
    },
    expected: { frameworks: ['net8.0'], cpm: false, packages: { 'net8.0': [['IdentityModel', '6.2.0']] } },
  },
  {
    name: 'layout: [MSBuild]::IsTargetFrameworkCompatible in a condition',
    project: 'App/App.csproj',
    files: {
      'App/App.csproj': csproj(`  <PropertyGroup><TargetFrameworks>net6.0;net8.0</TargetFrameworks></PropertyGroup>
  <ItemGroup Condition="$([MSBuild]::IsTargetFrameworkCompatible('$(TargetFramework)', 'net8.0'))"><PackageReference Include="Duende.IdentityServer" Version="7.0.0" /></ItemGroup>`),
    },
    expected: { frameworks: ['net6.0', 'net8.0'], cpm: false, packages: { 'net6.0': [], 'net8.0': [['Duende.IdentityServer', '7.0.0']] } },
  },
  {
    name: 'layout: DirectoryPackagesPropsPath points at another central package file',
    project: 'App/App.csproj',
    files: {
      'Directory.Build.props': props('  <PropertyGroup><DirectoryPackagesPropsPath>$(MSBuildThisFileDirectory)build\\Packages.props</DirectoryPackagesPropsPath></PropertyGroup>'),
      'build/Packages.props': props(`${cpmOn}\n  <ItemGroup><PackageVersion Include="Duende.IdentityServer" Version="7.1.0" /></ItemGroup>`),
      'App/App.csproj': csproj(`${tf('net8.0')}\n  <ItemGroup><PackageReference Include="Duende.IdentityServer" /></ItemGroup>`),
    },
    expected: { frameworks: ['net8.0'], cpm: true, packages: { 'net8.0': [['Duende.IdentityServer', '7.1.0']] } },
  },
  {
    name: 'layout: GlobalPackageReference without CPM is not a reference',
    project: 'App/App.csproj',
    files: {
      'Directory.Build.props': props('  <ItemGroup><GlobalPackageReference Include="IdentityModel" Version="6.2.0" /></ItemGroup>'),
      'App/App.csproj': csproj(`${tf('net8.0')}\n  <ItemGroup><PackageReference Include="Duende.IdentityServer" Version="7.0.0" /></ItemGroup>`),
    },
    expected: { frameworks: ['net8.0'], cpm: false, packages: { 'net8.0': [['Duende.IdentityServer', '7.0.0']] } },
  },
  {
    name: 'layout: wildcard import of props files',
    project: 'App/App.csproj',
    files: {
      'build/versions.props': props('  <PropertyGroup><V>7.0.1</V></PropertyGroup>'),
      'App/App.csproj': csproj(`  <Import Project="..\\build\\*.props" />\n${tf('net8.0')}\n  <ItemGroup><PackageReference Include="Duende.IdentityServer" Version="$(V)" /></ItemGroup>`),
    },
    expected: { frameworks: ['net8.0'], cpm: false, packages: { 'net8.0': [['Duende.IdentityServer', '7.0.1']] } },
  },
  {
    name: 'layout: explicit Sdk.props / Sdk.targets imports place Directory.Build.props after early project properties',
    project: 'App/App.csproj',
    files: {
      'Directory.Build.props': props('  <PropertyGroup><V>7.0.0</V></PropertyGroup>'),
      'App/App.csproj': `<Project>
  <PropertyGroup><V>6.0.0</V></PropertyGroup>
  <Import Project="Sdk.props" Sdk="Microsoft.NET.Sdk" />
${tf('net8.0')}
  <ItemGroup><PackageReference Include="Duende.IdentityServer" Version="$(V)" /></ItemGroup>
  <Import Project="Sdk.targets" Sdk="Microsoft.NET.Sdk" />
</Project>
`,
    },
    expected: { frameworks: ['net8.0'], cpm: false, packages: { 'net8.0': [['Duende.IdentityServer', '7.0.0']] } },
  },
];

const cases = [...sampleCases, ...layoutCases];

/** Runs at most `limit` tasks at once (a finishing task hands its slot straight to the next waiting one). */
function limiter(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running < limit) running++;
    else await new Promise<void>((r) => waiting.push(r));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

const byId = (a: [string, string | undefined], b: [string, string | undefined]) =>
  a[0].toLowerCase().localeCompare(b[0].toLowerCase()) || String(a[1]).localeCompare(String(b[1]));
const isTrue = (v: string | undefined) => v?.trim().toLowerCase() === 'true';
const splitFrameworks = (v: string | undefined) =>
  (v ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

/** The references MSBuild evaluated for one framework, with the version NuGet would be asked for. */
function oraclePackages(ev: MsbuildEvaluation): [string, string | undefined][] {
  const cpm = isTrue(ev.properties.ManagePackageVersionsCentrally);
  return ev.packageReferences
    .filter((r) => packageFamily(r.id))
    .map((r): [string, string | undefined] => {
      if (!cpm) return [r.id, r.versionOverride ?? r.version];
      const central = ev.packageVersions.filter((v) => v.id.toLowerCase() === r.id.toLowerCase()).pop();
      return [r.id, r.versionOverride ?? (central?.version || undefined)];
    })
    .sort(byId);
}

async function oracle(project: string, run: ReturnType<typeof limiter>): Promise<Resolved> {
  const outer = await run(() => msbuildEvaluate(project));
  // The SDK's own test (Sdk.targets, IsCrossTargetingBuild): the project multi-targets only when TargetFrameworks
  // is set and TargetFramework is not; a TargetFramework left set (say by Directory.Build.props) makes it single.
  const single = splitFrameworks(outer.properties.TargetFramework);
  const multi = single.length ? [] : splitFrameworks(outer.properties.TargetFrameworks);
  const frameworks = multi.length ? multi : single;
  const inner = multi.length ? await Promise.all(multi.map((f) => run(() => msbuildEvaluate(project, f)))) : [outer];
  const packages: PerFramework = {};
  inner.forEach((ev, i) => (packages[frameworks[i] ?? ''] = oraclePackages(ev)));
  return { frameworks, cpm: isTrue(outer.properties.ManagePackageVersionsCentrally), packages };
}

function scanned(s: ProjectScan, frameworks: string[]): Resolved {
  const packages: PerFramework = {};
  for (const f of frameworks.length ? frameworks : ['']) {
    packages[f] = s.packages
      .filter((p) => !p.frameworks || p.frameworks.includes(f))
      .map((p): [string, string | undefined] => [p.id, p.spec || undefined])
      .sort(byId);
  }
  return { frameworks: s.frameworks, cpm: s.centralPackageManagement, packages };
}

const haveDotnet = dotnetAvailable();
const suite = haveDotnet ? describe : describe.skip;
const title = `scanner agrees with MSBuild evaluation${haveDotnet ? '' : ' (skipped: dotnet SDK not on PATH)'}`;

/**
 * Evaluations start together when the suite starts (two `dotnet msbuild` processes at a time) and each test waits
 * for its own: no hook has to finish them all within a fixed time, so a loaded machine makes the suite slower, not
 * red. A test waits as long as its evaluation takes (WAIT is a guard against a hung process, not a budget).
 */
const WAIT = 30 * 60_000;

suite(title, () => {
  const roots: string[] = [];
  const results = new Map<string, Promise<{ project: string; msbuild?: Resolved; error?: Error }>>();

  beforeAll(() => {
    const run = limiter(2);
    for (const c of cases) {
      let project = c.project;
      if (c.files) {
        const root = makeTree(c.files);
        roots.push(root);
        project = path.join(root, c.project);
      }
      results.set(
        c.name,
        oracle(project, run).then(
          (msbuild) => ({ project, msbuild }),
          (error: Error) => ({ project, error }),
        ),
      );
    }
  });

  afterAll(async () => {
    await Promise.all(results.values()); // no dotnet process outlives the suite
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  }, WAIT);

  const get = async (c: Case) => {
    const r = await results.get(c.name);
    if (!r) throw new Error(`no MSBuild evaluation for ${c.name}`);
    if (r.error) throw r.error;
    return { msbuild: r.msbuild!, scan: scanned(scanProject(r.project, new FileView()), r.msbuild!.frameworks) };
  };

  it('the sample solutions give MSBuild something to disagree about', async () => {
    expect(sampleCases.length).toBeGreaterThanOrEqual(9);
    const evaluated = await Promise.all(sampleCases.map(async (c) => (await get(c)).msbuild));
    const refs = evaluated.flatMap((m) => Object.values(m.packages).flat());
    expect(refs.filter(([, spec]) => spec).length).toBeGreaterThanOrEqual(15);
    expect(evaluated.some((m) => m.cpm)).toBe(true);
    expect(evaluated.some((m) => m.frameworks.length > 1)).toBe(true);
    expect(evaluated.every((m) => m.frameworks.length > 0)).toBe(true);
  }, WAIT);

  describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    it('target frameworks', async () => {
      const { msbuild, scan } = await get(c);
      expect(msbuild.frameworks.length).toBeGreaterThan(0);
      if (c.expected) expect(msbuild.frameworks).toEqual(c.expected.frameworks);
      expect(scan.frameworks).toEqual(msbuild.frameworks);
    }, WAIT);

    it('Central Package Management and IdentityServer-family versions per framework', async () => {
      const { msbuild, scan } = await get(c);
      if (c.expected) expect({ cpm: msbuild.cpm, packages: msbuild.packages }).toEqual({ cpm: c.expected.cpm, packages: c.expected.packages });
      expect({ cpm: scan.cpm, packages: scan.packages }).toEqual({ cpm: msbuild.cpm, packages: msbuild.packages });
    }, WAIT);
  });
});
