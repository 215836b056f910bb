/** What the scanner finds: the shape every later stage reads. */

/** A span of text in an MSBuild file where a value is declared; an edit to that value goes exactly here. */
export interface Site {
  file: string; // absolute path
  start: number; // UTF-16 offsets into the file's text (BOM removed)
  end: number;
  line: number;
}

export type VersionOrigin =
  | 'attribute' // <PackageReference Version="...">
  | 'element' // <PackageReference><Version>...</Version>
  | 'VersionOverride'
  | 'central'; // Directory.Packages.props <PackageVersion>

export interface PackageRef {
  id: string;
  /** The Include/Update value naming the package in the project (or props) file. */
  idSite: Site;
  /** With Central Package Management: the <PackageVersion Include> naming it. */
  centralIdSite?: Site;
  /** Other places naming the package: `Update=` items for it or its central version. */
  otherIdSites: Site[];
  /** Version text as written, e.g. "$(DuendeVersion)" or "7.*". */
  specRaw?: string;
  /** Version text after property expansion. */
  spec?: string;
  origin?: VersionOrigin;
  /** Where the literal version text lives (a property's definition when the spec is `$(Prop)`). */
  versionSite?: Site;
  /** Property that carries the version, if any. */
  viaProperty?: string;
  /** Version NuGet would resolve (lock file first), or undefined with `unresolved` saying why. */
  effective?: string;
  effectiveFrom?: 'packages.lock.json' | 'project.assets.json' | 'spec';
  unresolved?: string;
  /** Set when the reference only exists for some target frameworks. */
  frameworks?: string[];
}

export interface ProjectScan {
  path: string; // absolute path of the .csproj
  dir: string;
  name: string;
  /** Target frameworks after evaluation, in declared order. */
  frameworks: string[];
  /** Where TargetFramework(s) is declared (following a property if needed). */
  frameworkSite?: Site & { property: 'TargetFramework' | 'TargetFrameworks'; raw: string };
  packages: PackageRef[];
  /**
   * Every other PackageReference (framework-tied Microsoft.* packages, Wilson, EF Core providers, …), resolved the
   * same way. Kept apart so that reports and planning still only list the IdentityServer/IdentityModel family.
   */
  otherPackages?: PackageRef[];
  centralPackageManagement: boolean;
  /** MSBuild files whose text the evaluation read (project, Directory.*.props/targets, imports). */
  msbuildFiles: string[];
  /** Things the scanner could not resolve or that need a human; shown to the user. */
  notes: string[];
  /** `<Using Include>` items and global usings the project declares, plus the SDK's implicit usings when enabled. */
  usings: string[];
  /** The `Nullable` property (enable, disable, warnings, annotations), when set. */
  nullable?: string;
  /** Absolute paths of the projects it references with <ProjectReference>. */
  projectReferences: string[];
  /**
   * C# files outside the project folder that it compiles through `<Compile Include="..\Shared\X.cs">` (absolute;
   * items with wildcards are not expanded and are noted instead).
   */
  linkedSources?: string[];
}

export type FamilyRole = 'identityserver' | 'identitymodel';

/** Package ids this tool cares about. */
export function packageFamily(id: string): FamilyRole | 'related' | undefined {
  const l = id.toLowerCase();
  if (l === 'identityserver4' || l.startsWith('identityserver4.') || l === 'duende.identityserver' || l.startsWith('duende.identityserver.')) {
    return 'identityserver';
  }
  if (l === 'identitymodel' || l === 'duende.identitymodel') return 'identitymodel';
  if (l.startsWith('identitymodel.') || l.startsWith('duende.identitymodel.')) return 'related';
  if (l === 'microsoft.aspnetcore.apiauthorization.identityserver') return 'related';
  return undefined;
}
