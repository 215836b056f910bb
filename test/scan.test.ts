import path from 'node:path';
import { scanProject } from '../src/scan/project';
import { FileView } from '../src/scan/vfs';
import { makeTree, csproj } from './support/tree';

const tfm = (tf = 'net8.0') => `  <PropertyGroup><TargetFramework>${tf}</TargetFramework></PropertyGroup>`;
const scan = (root: string, proj = 'App/App.csproj') => scanProject(path.join(root, proj), new FileView());
const pkg = (root: string, id: string, proj?: string) => scan(root, proj).packages.find((p) => p.id === id)!;

describe('scanner: where a version is declared', () => {
  it('reads a Version attribute, a lower-case version attribute and a child <Version> element', () => {
    const root = makeTree({
      'App/App.csproj': csproj(`${tfm()}
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer" Version="7.0.6" />
    <PackageReference Include="Duende.IdentityServer.EntityFramework" version="7.0.5" />
    <PackageReference Include="IdentityModel">
      <Version>6.2.0</Version>
    </PackageReference>
    <PackageReference Include="Serilog" Version="3.0.0" />
  </ItemGroup>`),
    });
    const s = scan(root);
    expect(s.packages.map((p) => [p.id, p.effective, p.origin, p.versionSite?.line])).toEqual([
      ['Duende.IdentityServer', '7.0.6', 'attribute', 4],
      ['Duende.IdentityServer.EntityFramework', '7.0.5', 'attribute', 5],
      ['IdentityModel', '6.2.0', 'element', 7],
    ]);
    const text = require('node:fs').readFileSync(path.join(root, 'App/App.csproj'), 'utf8');
    const site = s.packages[2].versionSite!;
    expect(text.slice(site.start, site.end)).toBe('6.2.0');
    expect(s.frameworks).toEqual(['net8.0']);
  });

  it('follows $(Property) to Directory.Build.props, including TargetFramework set there', () => {
    const root = makeTree({
      'Directory.Build.props': `<Project>\n  <PropertyGroup>\n    <DuendeVersion>7.0.6</DuendeVersion>\n    <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n`,
      'App/App.csproj': csproj(`  <ItemGroup><PackageReference Include="Duende.IdentityServer" Version="$(DuendeVersion)" /></ItemGroup>`),
    });
    const s = scan(root);
    const p = s.packages[0];
    expect(p.effective).toBe('7.0.6');
    expect(p.viaProperty).toBe('DuendeVersion');
    expect(p.versionSite!.file).toBe(path.join(root, 'Directory.Build.props'));
    expect(p.versionSite!.line).toBe(3);
    expect(s.frameworks).toEqual(['net8.0']);
    expect(s.frameworkSite!.file).toBe(path.join(root, 'Directory.Build.props'));
  });

  it('uses the nearest Directory.Packages.props and VersionOverride wins over it', () => {
    const root = makeTree({
      'Directory.Packages.props': `<Project>\n  <PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup>\n  <ItemGroup>\n    <PackageVersion Include="Duende.IdentityServer" Version="6.3.8" />\n    <PackageVersion Include="Duende.IdentityServer.AspNetIdentity" Version="6.3.8" />\n  </ItemGroup>\n</Project>\n`,
      'App/App.csproj': csproj(`${tfm('net6.0')}
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer" VersionOverride="6.3.10" />
    <PackageReference Include="Duende.IdentityServer.AspNetIdentity" />
  </ItemGroup>`),
    });
    const s = scan(root);
    expect(s.centralPackageManagement).toBe(true);
    expect(s.packages.map((p) => [p.id, p.effective, p.origin])).toEqual([
      ['Duende.IdentityServer', '6.3.10', 'VersionOverride'],
      ['Duende.IdentityServer.AspNetIdentity', '6.3.8', 'central'],
    ]);
    expect(s.packages[1].versionSite!.file).toBe(path.join(root, 'Directory.Packages.props'));
    expect(s.packages[1].centralIdSite!.line).toBe(5);
  });

  it('a nested Directory.Packages.props hides its parent unless it imports it via GetPathOfFileAbove', () => {
    const parent = `<Project>\n  <PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup>\n  <ItemGroup><PackageVersion Include="Duende.IdentityServer" Version="7.2.0" /></ItemGroup>\n</Project>\n`;
    const importing = makeTree({
      'Directory.Packages.props': parent,
      'src/Directory.Packages.props': `<Project>\n  <Import Project="$([MSBuild]::GetPathOfFileAbove(Directory.Packages.props, $(MSBuildThisFileDirectory)..))" />\n  <ItemGroup><PackageVersion Include="Duende.IdentityServer.Storage" Version="7.2.1" /></ItemGroup>\n</Project>\n`,
      'src/App/App.csproj': csproj(`${tfm()}\n  <ItemGroup><PackageReference Include="Duende.IdentityServer" /><PackageReference Include="Duende.IdentityServer.Storage" /></ItemGroup>`),
    });
    expect(scan(importing, 'src/App/App.csproj').packages.map((p) => p.effective)).toEqual(['7.2.0', '7.2.1']);
    const hiding = makeTree({
      'Directory.Packages.props': parent,
      'src/Directory.Packages.props': `<Project>\n  <ItemGroup><PackageVersion Include="Duende.IdentityServer" Version="7.1.0" /></ItemGroup>\n</Project>\n`,
      'src/App/App.csproj': csproj(`${tfm()}\n  <ItemGroup><PackageReference Include="Duende.IdentityServer" /></ItemGroup>`),
    });
    const s = scan(hiding, 'src/App/App.csproj');
    // Without the parent, ManagePackageVersionsCentrally is never set: the reference has no version.
    expect(s.centralPackageManagement).toBe(false);
    expect(s.packages[0].unresolved).toMatch(/no Version/);
  });

  it('applies Update= items from Directory.Build.targets and records them as places naming the package', () => {
    const root = makeTree({
      'Directory.Build.targets': `<Project>\n  <ItemGroup>\n    <PackageReference Update="Duende.IdentityServer" Version="7.4.6" />\n  </ItemGroup>\n</Project>\n`,
      'App/App.csproj': csproj(`${tfm()}\n  <ItemGroup><PackageReference Include="Duende.IdentityServer" /></ItemGroup>`),
    });
    const p = pkg(root, 'Duende.IdentityServer');
    expect(p.effective).toBe('7.4.6');
    expect(p.versionSite!.file).toBe(path.join(root, 'Directory.Build.targets'));
    expect(p.otherIdSites.map((s) => s.line)).toEqual([3]);
  });

  it('evaluates TargetFramework conditions per framework and reports frameworks per package', () => {
    const root = makeTree({
      'App/App.csproj': csproj(`  <PropertyGroup><TargetFrameworks>net6.0;net7.0</TargetFrameworks></PropertyGroup>
  <ItemGroup Condition="'$(TargetFramework)' == 'net6.0'">
    <PackageReference Include="Duende.IdentityServer" Version="6.3.8" />
  </ItemGroup>
  <ItemGroup Condition="$(TargetFramework.StartsWith('net7'))">
    <PackageReference Include="Duende.IdentityServer" Version="6.3.10" />
  </ItemGroup>`),
    });
    const s = scan(root);
    expect(s.frameworks).toEqual(['net6.0', 'net7.0']);
    expect(s.frameworkSite!.property).toBe('TargetFrameworks');
    expect(s.packages.map((p) => [p.effective, p.frameworks])).toEqual([
      ['6.3.8', ['net6.0']],
      ['6.3.10', ['net7.0']],
    ]);
  });

  it('resolves ranges to their lower bound, pins exactly, floats to the newest known release', () => {
    const root = makeTree({
      'App/App.csproj': csproj(`${tfm()}
  <ItemGroup>
    <PackageReference Include="Duende.IdentityServer" Version="[6.3.0,7.0.0)" />
    <PackageReference Include="Duende.IdentityServer.Storage" Version="[7.4.6]" />
    <PackageReference Include="Duende.IdentityServer.EntityFramework" Version="7.*" />
    <PackageReference Include="Duende.IdentityServer.AspNetIdentity" Version="(,8.0)" />
  </ItemGroup>`),
    });
    const s = scan(root);
    expect(s.packages.map((p) => p.effective ?? p.unresolved)).toEqual(['6.3.0', '7.4.6', '7.4.8', expect.stringMatching(/range without an inclusive lower bound/)]);
  });

  it('prefers the restored version from packages.lock.json, then obj/project.assets.json', () => {
    const body = csproj(`${tfm()}\n  <ItemGroup><PackageReference Include="Duende.IdentityServer" Version="7.*" /></ItemGroup>`);
    const lock = makeTree({
      'App/App.csproj': body,
      'App/packages.lock.json': JSON.stringify({ version: 1, dependencies: { 'net8.0': { 'Duende.IdentityServer': { type: 'Direct', requested: '[7.*, )', resolved: '7.2.1' } } } }),
    });
    expect(pkg(lock, 'Duende.IdentityServer').effective).toBe('7.2.1');
    expect(pkg(lock, 'Duende.IdentityServer').effectiveFrom).toBe('packages.lock.json');
    const assets = makeTree({
      'App/App.csproj': body,
      'App/obj/project.assets.json': JSON.stringify({ version: 3, targets: { 'net8.0': { 'Duende.IdentityServer/7.3.2': {} } }, project: { frameworks: { 'net8.0': {} } } }),
    });
    expect(pkg(assets, 'Duende.IdentityServer').effective).toBe('7.3.2');
  });

  it('reads MSBuild paths written with backslashes, and a BOM with CRLF', () => {
    const props = '\ufeff<Project>\r\n  <PropertyGroup>\r\n    <IsVersion>5.2.4</IsVersion>\r\n  </PropertyGroup>\r\n</Project>\r\n';
    const root = makeTree({
      'build/versions.props': Buffer.from(props, 'utf8'),
      'App/App.csproj': csproj(`  <Import Project="..\\build\\versions.props" />\n${tfm('netcoreapp3.1')}\n  <ItemGroup><PackageReference Include="Duende.IdentityServer" Version="$(IsVersion)" /></ItemGroup>`),
    });
    const p = pkg(root, 'Duende.IdentityServer');
    expect(p.effective).toBe('5.2.4');
    expect(p.versionSite!.line).toBe(3);
  });

  it('reports what it cannot resolve instead of guessing', () => {
    const root = makeTree({
      'App/App.csproj': csproj(`${tfm()}\n  <ItemGroup>\n    <PackageReference Include="Duende.IdentityServer" Version="$(Major).0.4" />\n    <PackageReference Include="Microsoft.AspNetCore.ApiAuthorization.IdentityServer" Version="6.0.0" />\n  </ItemGroup>`),
      'App/packages.config': '<packages />',
    });
    const s = scan(root);
    expect(s.packages[0].versionSite).toBeUndefined();
    expect(s.notes.join('\n')).toMatch(/composed from properties/);
    expect(s.notes.join('\n')).toMatch(/only transitively through Microsoft.AspNetCore.ApiAuthorization.IdentityServer/);
    expect(s.notes.join('\n')).toMatch(/packages.config/);
  });

  it('names the file and line of malformed XML and refuses DTDs', () => {
    const bad = makeTree({ 'App/App.csproj': '<Project>\n  <PropertyGroup>\n</Project>\n' });
    expect(() => scan(bad)).toThrow(/App\.csproj:\d+:/);
    const dtd = makeTree({ 'App/App.csproj': '<!DOCTYPE x [<!ENTITY a "b">]>\n<Project></Project>\n' });
    expect(() => scan(dtd)).toThrow(/DTDs are not accepted/);
  });
});

describe('scanner: usings the project makes visible', () => {
  it('adds the SDK implicit usings when ImplicitUsings is on, with the Web SDK extras', () => {
    const root = makeTree({
      'App/App.csproj': csproj(`${tfm()}\n  <PropertyGroup><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>\n  <ItemGroup><Using Include="Duende.IdentityServer" /></ItemGroup>`, 'Microsoft.NET.Sdk.Web'),
      'Lib/Lib.csproj': csproj(`${tfm()}\n  <PropertyGroup><ImplicitUsings>true</ImplicitUsings></PropertyGroup>`),
      'Off/Off.csproj': csproj(`${tfm()}\n  <PropertyGroup><ImplicitUsings>disable</ImplicitUsings></PropertyGroup>`),
    });
    const app = scan(root).usings;
    expect(app).toEqual(expect.arrayContaining(['Duende.IdentityServer', 'System', 'System.Threading', 'Microsoft.Extensions.DependencyInjection']));
    expect(scan(root, 'Lib/Lib.csproj').usings).toContain('System.Collections.Generic');
    expect(scan(root, 'Lib/Lib.csproj').usings).not.toContain('Microsoft.AspNetCore.Http');
    expect(scan(root, 'Off/Off.csproj').usings).toEqual([]);
  });

  it('records the Nullable setting', () => {
    const root = makeTree({ 'App/App.csproj': csproj(`${tfm()}\n  <PropertyGroup><Nullable>Enable</Nullable></PropertyGroup>`), 'B/B.csproj': csproj(tfm()) });
    expect(scan(root).nullable).toBe('enable');
    expect(scan(root, 'B/B.csproj').nullable).toBeUndefined();
  });
});
