/**
 * Newtonsoft.Json no longer arrives through IdentityServer (catalog §1.3): IdentityServer4 4.1 referenced it directly
 * (and through IdentityModel 4.x); Duende 5.0 and IdentityModel 5 use System.Text.Json.
 *
 * Matches: a project that references IdentityServer4 packages (or IdentityServer4.AccessTokenValidation, which
 * brought it through IdentityModel) and whose own code names the `Newtonsoft.Json` namespace: a C# file outside
 * comments and strings, a Razor file, or a project-wide `<Using>`.
 * Adds: `<PackageReference Include="Newtonsoft.Json" Version="13.0.3" />` next to the project's other references (under
 * Central Package Management a version-less reference plus a central `PackageVersion`), with an info finding that
 * names the file using it. Nothing when the project (or its imported props) already references Newtonsoft.Json or
 * Microsoft.AspNetCore.Mvc.NewtonsoftJson, or when no code uses it.
 */
import path from 'node:path';
import { addPackageReference, hasPackageItem } from '../../src/engine/package-add';
import type { ProjectRule } from '../../src/engine/rule';
import { IS4_TO_DUENDE } from '../../src/plan/catalog';

const PACKAGE = 'Newtonsoft.Json';
/** 13.0.1 is the first release without CVE-2024-21907; 13.0.3 is the common floor of today's packages (no NU1605). */
const VERSION = '13.0.3';
const BRINGS_IT = [PACKAGE, 'Microsoft.AspNetCore.Mvc.NewtonsoftJson'];

const rule: ProjectRule = {
  id: '4.1-5.0/newtonsoft-json-reference',
  title: 'Reference Newtonsoft.Json explicitly where the project\'s code uses it (Duende IdentityServer no longer brings it)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-to-duende-identityserver-v5/',
  kind: 'fix',
  catalog: ['1.3'],
  reads: ['project'],
  run(ctx) {
    const { project } = ctx;
    const is4 = project.packages.filter((p) => IS4_TO_DUENDE.has(p.id) || p.id.toLowerCase() === 'identityserver4.accesstokenvalidation');
    if (!is4.length) return;
    if (project.msbuildFiles.some((f) => BRINGS_IT.some((id) => hasPackageItem(ctx.text(f), 'PackageReference', id) || hasPackageItem(ctx.text(f), 'GlobalPackageReference', id)))) return;
    const user = project.usings.some((u) => u === PACKAGE || u.startsWith(`${PACKAGE}.`)) ? project.path : ctx.sourceFiles().find((f) => usesNewtonsoft(f, read(ctx.text, f)));
    if (!user) return;
    if (!addPackageReference(ctx, PACKAGE, VERSION)) {
      ctx.report(is4[0].idSite.file, is4[0].idSite.start, `${path.basename(user)} uses Newtonsoft.Json, which Duende IdentityServer no longer brings; the central package file was not found to add it`, {
        suggestion: `add <PackageReference Include="${PACKAGE}" /> and <PackageVersion Include="${PACKAGE}" Version="${VERSION}" />`,
      });
      return;
    }
    ctx.report(is4[0].idSite.file, is4[0].idSite.start, `Newtonsoft.Json is no longer a dependency of Duende IdentityServer (System.Text.Json); added an explicit reference because ${path.relative(project.dir, user).split(path.sep).join('/')} uses it`, {
      severity: 'info',
    });
  },
};

export default rule;

function read(text: (f: string) => string, file: string): string {
  try {
    return text(file);
  } catch {
    return ''; // not decodable: the file rules report it
  }
}

function usesNewtonsoft(file: string, text: string): boolean {
  if (!text.includes('Newtonsoft')) return false;
  const code = /\.(cshtml|razor)$/i.test(file) ? text.replace(/@\*[\s\S]*?\*@/g, '') : codeOnly(text);
  return /\bNewtonsoft\s*\.\s*Json\b/.test(code);
}

/** C# text with comments, strings and character literals blanked out (a lexer, not a parser: good enough to search names). */
export function codeOnly(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
    } else if (c === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? text.length : close + 2;
    } else if (c === '"' || ((c === '@' || c === '$') && /^[@$]{1,2}"/.test(text.slice(i, i + 3)))) {
      let j = i;
      while (text[j] === '@' || text[j] === '$') j++;
      const verbatim = text.slice(i, j).includes('@');
      const quotes = /^"+/.exec(text.slice(j))![0].length;
      if (quotes >= 3) {
        const close = text.indexOf('"'.repeat(quotes), j + quotes);
        i = close === -1 ? text.length : close + quotes;
      } else {
        j++;
        while (j < text.length) {
          if (!verbatim && text[j] === '\\') j += 2;
          else if (text[j] === '"' && verbatim && text[j + 1] === '"') j += 2;
          else if (text[j] === '"' || (!verbatim && text[j] === '\n')) break;
          else j++;
        }
        i = j + 1;
      }
      out += ' ';
    } else if (c === "'") {
      const m = /^'(?:\\.|[^'\\\n])*'/.exec(text.slice(i, i + 12));
      i += m ? m[0].length : 1;
      out += ' ';
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
