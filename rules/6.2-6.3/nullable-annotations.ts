/**
 * 6.3 added nullable reference type annotations across IdentityServer's public API (`#nullable enable` in the
 * library; catalog §4.9 row 11, R6 at its 6.3 step). Nothing breaks at run time, but a project that enables nullable
 * analysis gets new CS86xx warnings where it passes null to, or reads possibly-null values from, library members; with
 * TreatWarningsAsErrors the build fails.
 *
 * Reports (project rule), for projects that reference an IdentityServer package: the `<Nullable>enable</Nullable>`
 * (or `warnings`) declaration in the project or an imported props file — a warning when the same files set
 * `<TreatWarningsAsErrors>true</TreatWarningsAsErrors>` (or list nullable warnings in WarningsAsErrors), else info.
 */
import { DUENDE_PACKAGES } from '../../src/plan/catalog';
import type { ProjectRule } from '../../src/engine/rule';

const rule: ProjectRule = {
  id: '6.2-6.3/nullable-annotations',
  title: 'Nullable annotations in the 6.3 API: new nullable warnings where the project enables them',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_2-to-v6_3',
  kind: 'finding',
  catalog: ['4.9#11'],
  reads: ['project'],
  run(ctx) {
    if (!ctx.project.packages.some((p) => DUENDE_PACKAGES.has(p.id))) return;
    let enabled: { file: string; at: number } | undefined;
    let strict = false;
    for (const file of ctx.project.msbuildFiles) {
      const text = ctx.text(file).replace(/<!--[\s\S]*?-->/g, (c) => ' '.repeat(c.length));
      const nullable = /<Nullable>\s*(enable|warnings)\s*<\/Nullable>/i.exec(text);
      if (nullable && !enabled) enabled = { file, at: nullable.index };
      if (/<TreatWarningsAsErrors>\s*true\s*<\/TreatWarningsAsErrors>/i.test(text) || /<WarningsAsErrors>[^<]*(nullable|CS86\d\d)/i.test(text)) strict = true;
    }
    if (!enabled) return;
    ctx.report(enabled.file, enabled.at, `6.3 annotates IdentityServer's public API for nullable reference types: expect new nullable warnings (CS86xx) in code that uses it${strict ? ', and warnings are treated as errors here' : ''}`, {
      severity: strict ? 'warning' : 'info',
      suggestion: strict ? 'Fix the new warnings, or exclude them from WarningsAsErrors while upgrading (<WarningsNotAsErrors>nullable</WarningsNotAsErrors>)' : 'Review the new nullable warnings after the upgrade',
    });
  },
};

export default rule;
