/**
 * Dependencies that no longer arrive once the IdentityServer4 packages are gone (catalog §1.3): an explicit
 * PackageReference is added only when the project's own code uses the namespace, else nothing.
 *  - Newtonsoft.Json: IdentityServer4 4.1 referenced it directly (and through IdentityModel 4.x); Duende 5.0 and
 *    IdentityModel 5 use System.Text.Json. For projects with IdentityServer4 packages or AccessTokenValidation.
 *  - IdentityModel: IdentityServer4.AccessTokenValidation brought IdentityModel 4.x (through
 *    IdentityModel.AspNetCore.OAuth2Introspection); its JwtBearer replacement does not. For projects that reference
 *    AccessTokenValidation and not IdentityModel; added at 4.6.0, the last 4.x, so the code keeps the API it had.
 *
 * Uses: a C# file naming the namespace outside comments and strings (`using N;`, `N.Type`), a Razor file, or a
 * project-wide `<Using>`. Adds `<PackageReference Include="…" Version="…" />` next to the project's other references
 * (under Central Package Management a version-less reference plus a central `PackageVersion`) and an info finding
 * naming the file. Nothing when the project (or its imported props) already references the package (or, for
 * Newtonsoft.Json, Microsoft.AspNetCore.Mvc.NewtonsoftJson).
 */
import path from 'node:path';
import { addPackageReferences, hasPackageItem } from '../../src/engine/package-add';
import type { Site } from '../../src/scan/model';
import type { ProjectRule } from '../../src/engine/rule';
import { IS4_TO_DUENDE } from '../../src/plan/catalog';

interface Lost {
  id: string;
  version: string;
  /** The namespace, found as a whole dotted prefix in code. */
  uses: RegExp;
  /** Also satisfied by these packages. */
  alsoFrom: string[];
  /** Projects that lose it: by the ids of the packages that brought it. */
  lostWith: (id: string) => boolean;
  why: string;
}

const ATV = 'identityserver4.accesstokenvalidation';
const LOST: Lost[] = [
  {
    id: 'Newtonsoft.Json',
    // 13.0.1 is the first release without CVE-2024-21907; 13.0.3 is the common floor of today's packages (no NU1605).
    version: '13.0.3',
    uses: /\bNewtonsoft\s*\.\s*Json\b/,
    alsoFrom: ['Microsoft.AspNetCore.Mvc.NewtonsoftJson'],
    lostWith: (id) => IS4_TO_DUENDE.has(id) || id.toLowerCase() === ATV,
    why: 'Newtonsoft.Json is no longer a dependency of Duende IdentityServer (System.Text.Json)',
  },
  {
    id: 'IdentityModel',
    version: '4.6.0',
    uses: /(?<![\w.@])IdentityModel(?=\s*[.;])/,
    alsoFrom: [],
    lostWith: (id) => id.toLowerCase() === ATV,
    why: 'IdentityModel came with IdentityServer4.AccessTokenValidation, which Microsoft.AspNetCore.Authentication.JwtBearer replaces',
  },
];

const rule: ProjectRule = {
  id: '4.1-5.0/lost-dependencies',
  title: 'Reference Newtonsoft.Json / IdentityModel explicitly where the project\'s code uses them and they no longer arrive through IdentityServer4 packages',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-to-duende-identityserver-v5/',
  kind: 'fix',
  catalog: ['1.3'],
  reads: ['project'],
  run(ctx) {
    const { project } = ctx;
    const needed: { lost: Lost; at: Site; where: string }[] = [];
    for (const lost of LOST) {
      const bringers = project.packages.filter((p) => lost.lostWith(p.id));
      if (!bringers.length || project.packages.some((p) => p.id.toLowerCase() === lost.id.toLowerCase())) continue;
      const referenced = (id: string) => project.msbuildFiles.some((f) => hasPackageItem(ctx.text(f), 'PackageReference', id) || hasPackageItem(ctx.text(f), 'GlobalPackageReference', id));
      if ([lost.id, ...lost.alsoFrom].some(referenced)) continue;
      const ns = lost.id;
      const user = project.usings.some((u) => u === ns || u.startsWith(`${ns}.`)) ? project.path : (ctx.sources?.() ?? []).find((s) => uses(s.file, s.text, lost.uses))?.file;
      if (user) needed.push({ lost, at: bringers[0].idSite, where: path.relative(project.dir, user).split(path.sep).join('/') });
    }
    if (!needed.length) return;
    const added = addPackageReferences(ctx, needed.map((n) => ({ id: n.lost.id, version: n.lost.version })));
    // One finding: several at the same spot would be shown as one.
    const at = needed[0].at;
    const what = needed.map(({ lost, where }) => `${lost.why}, and ${where} uses it`).join('; ');
    if (added) ctx.report(at.file, at.start, `${what}: added explicit reference${needed.length > 1 ? 's' : ''}`, { severity: 'info' });
    else {
      ctx.report(at.file, at.start, `${what}; the central package file was not found to add ${needed.length > 1 ? 'them' : 'it'}`, {
        suggestion: needed.map(({ lost }) => `add <PackageReference Include="${lost.id}" /> and <PackageVersion Include="${lost.id}" Version="${lost.version}" />`).join('; '),
      });
    }
  },
};

export default rule;

function uses(file: string, text: string, pattern: RegExp): boolean {
  const code = /\.(cshtml|razor)$/i.test(file) ? text.replace(/@\*[\s\S]*?\*@/g, '') : codeOnly(text);
  return pattern.test(code);
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
