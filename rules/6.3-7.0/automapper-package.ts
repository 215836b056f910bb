/**
 * AutoMapper left the dependencies of Duende.IdentityServer.EntityFramework.Storage at 7.0 (catalog §1.2, §1.3;
 * verified in the csproj and Directory.Build.targets at is/6.3.0 and is/7.0.0: 6.3 referenced AutoMapper
 * [12.0.0,13.0), 7.0 references nothing of it). A project that references one of the packages that brought it
 * (Duende.IdentityServer.EntityFramework, .EntityFramework.Storage, .Configuration.EntityFramework), whose C# says
 * `using AutoMapper;` (or a nested AutoMapper namespace, a Razor `@using AutoMapper`, or a project-level <Using>), and which references neither
 * AutoMapper nor an AutoMapper.* package itself, gets `<PackageReference Include="AutoMapper" Version="12.0.1" />`:
 * the 12.x line it compiled against until now (12.0.1 being its last patch). Under Central Package Management the
 * reference goes into the project without a version and a <PackageVersion> next to the IdentityServer one.
 * The reference is added after the project's own reference to the IdentityServer package when it is declared in the
 * project file, else in a new ItemGroup at the end of the project. An info finding says why, and what to weigh:
 * AutoMapper has security advisories for versions before 15.1.4, and 15 and later need a paid licence.
 */
import path from 'node:path';
import type { ProjectContext, ProjectRule } from '../../src/engine/rule';
import type { PackageRef, Site } from '../../src/scan/model';

const CARRIERS = ['duende.identityserver.entityframework', 'duende.identityserver.entityframework.storage', 'duende.identityserver.configuration.entityframework'];
const VERSION = '12.0.1';
/** `using AutoMapper;` (global, static, nested namespaces) in C#, `@using AutoMapper` in Razor. */
const USING = /^[ \t]*(?:(?:global[ \t]+)?using[ \t]+(?:static[ \t]+)?AutoMapper(?:\.[\w.]+)?[ \t]*;|@using[ \t]+AutoMapper(?:\.[\w.]+)?[ \t]*;?[ \t]*\r?$)/m;

/** The `<PackageReference .../>` or `<PackageVersion>...</PackageVersion>` element around an Include site. */
function elementAround(text: string, site: Site): { start: number; end: number } | undefined {
  const start = text.lastIndexOf('<', site.start);
  if (start < 0 || !/^<(PackageReference|PackageVersion)\b/.test(text.slice(start))) return undefined;
  const close = text.indexOf('>', site.end);
  if (close < 0) return undefined;
  if (text[close - 1] === '/') return { start, end: close + 1 };
  const tag = /^<(\w+)/.exec(text.slice(start))![1];
  const endTag = text.indexOf(`</${tag}>`, close);
  return endTag < 0 ? undefined : { start, end: endTag + tag.length + 3 };
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Inserts `line` after the element at `site`, on its own line with the element's indentation. */
function insertAfter(ctx: ProjectContext, site: Site, line: string): boolean {
  const text = ctx.text(site.file);
  const el = elementAround(text, site);
  if (!el) return false;
  const lineStart = text.lastIndexOf('\n', el.start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  ctx.edit(site.file, el.end, el.end, `${eolOf(text)}${indent}${line}`);
  return true;
}

/** A new ItemGroup before `</Project>` of the project file. */
function appendItemGroup(ctx: ProjectContext, file: string, line: string): boolean {
  const text = ctx.text(file);
  const end = text.lastIndexOf('</Project>');
  if (end < 0) return false;
  const eol = eolOf(text);
  const lineStart = text.lastIndexOf('\n', end - 1) + 1;
  const inner = /\n([ \t]+)</.exec(text)?.[1] ?? '  ';
  ctx.edit(file, lineStart, lineStart, `${inner}<ItemGroup>${eol}${inner}${inner}${line}${eol}${inner}</ItemGroup>${eol}`);
  return true;
}

function usesAutoMapper(ctx: ProjectContext): string | undefined {
  if (ctx.project.usings.some((u) => u === 'AutoMapper' || u.startsWith('AutoMapper.'))) return ctx.project.path;
  return (ctx.sources?.() ?? []).find((s) => USING.test(s.text))?.file;
}

const rule: ProjectRule = {
  id: '6.3-7.0/automapper-package',
  title: 'Reference AutoMapper where the code uses it: IdentityServer 7.0 no longer brings it in',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_3-to-v7_0',
  kind: 'fix',
  catalog: ['1.3'],
  reads: ['project'],
  run(ctx) {
    const { project } = ctx;
    const carrier = project.packages.find((p) => CARRIERS.includes(p.id.toLowerCase()));
    if (!carrier) return;
    if ((project.otherPackages ?? []).some((p) => /^automapper(\.|$)/i.test(p.id))) return;
    const user = usesAutoMapper(ctx);
    if (!user) return;

    const added = project.centralPackageManagement ? addCentral(ctx, carrier) : addDirect(ctx, carrier, `<PackageReference Include="AutoMapper" Version="${VERSION}" />`);
    const where = path.relative(project.dir, user).split(path.sep).join('/') || path.basename(user);
    if (added) {
      ctx.report(carrier.idSite.file, carrier.idSite.start, `AutoMapper ${VERSION} added: ${where} uses AutoMapper, which IdentityServer 7.0's EntityFramework packages no longer bring in`, {
        severity: 'info',
        suggestion: 'AutoMapper versions before 15.1.4 have published security advisories and 15+ needs a commercial licence: plan to move off it, or choose the version deliberately',
      });
    } else {
      ctx.report(carrier.idSite.file, carrier.idSite.start, `${where} uses AutoMapper, which IdentityServer 7.0's EntityFramework packages no longer bring in; no place was found to add the reference`, {
        severity: 'warning',
        suggestion: `add <PackageReference Include="AutoMapper" Version="${VERSION}" /> to ${path.basename(project.path)}`,
      });
    }
  },
};

function addDirect(ctx: ProjectContext, carrier: PackageRef, line: string): boolean {
  const own = carrier.idSite.file === ctx.project.path ? carrier.idSite : ctx.project.packages.find((p) => p.idSite.file === ctx.project.path)?.idSite;
  return (own && insertAfter(ctx, own, line)) || appendItemGroup(ctx, ctx.project.path, line);
}

function addCentral(ctx: ProjectContext, carrier: PackageRef): boolean {
  const central = carrier.centralIdSite;
  if (!central) return false;
  const text = ctx.text(central.file);
  if (/<PackageVersion\s+Include="AutoMapper"/i.test(text)) return addDirect(ctx, carrier, '<PackageReference Include="AutoMapper" />');
  return insertAfter(ctx, central, `<PackageVersion Include="AutoMapper" Version="${VERSION}" />`) && addDirect(ctx, carrier, '<PackageReference Include="AutoMapper" />');
}

export default rule;
