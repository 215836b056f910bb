/**
 * 6.3 added a last parameter `IdentityServerOptions options` (Duende.IdentityServer.Configuration) to the constructors
 * of LoginPageResult(ValidatedAuthorizeRequest), ConsentPageResult(ValidatedAuthorizeRequest) and
 * CustomRedirectResult(ValidatedAuthorizeRequest, string url); they now derive from AuthorizeInteractionPageResult,
 * which executes them (catalog §4.9 row 5, §5; verified at is/6.2.5 and is/6.3.0, namespace
 * Duende.IdentityServer.Endpoints.Results).
 *
 * Rewrites:
 *  - AUTO (base-ctor): a class deriving from one of them adds `IdentityServerOptions options` and passes it;
 *  - HEUR, listed for review: `new LoginPageResult(request)` (and the other two with their old argument counts) inside
 *    a member that can see exactly one IdentityServerOptions (a parameter of the enclosing method, constructor or
 *    lambda, or a field or property of the enclosing class) passes that one.
 * Reports: the same creations where no single IdentityServerOptions is in sight.
 */
import type { Node } from '../../src/engine/csharp';
import { applyCtorChanges, type CtorChange } from '../../src/engine/cs/ctor-change';
import { creationsOf } from '../../src/engine/cs/calls';
import { IdentityServerOptions, NS, p, t } from '../../src/engine/cs/duende-names';
import { membersOf, named, paramsOf, typeMatcher } from '../../src/engine/cs/syntax';
import type { FileContext, FileRule } from '../../src/engine/rule';

const ValidatedAuthorizeRequest = t(NS.validation, 'ValidatedAuthorizeRequest');
const RESULTS: { type: ReturnType<typeof t>; before: ReturnType<typeof p>[] }[] = [
  { type: t(NS.results, 'LoginPageResult'), before: [p('request', ValidatedAuthorizeRequest)] },
  { type: t(NS.results, 'ConsentPageResult'), before: [p('request', ValidatedAuthorizeRequest)] },
  { type: t(NS.results, 'CustomRedirectResult'), before: [p('request', ValidatedAuthorizeRequest), p('url', t('System', 'String'), 'string')] },
];
const changes: CtorChange[] = RESULTS.map((r) => ({ base: [r.type], before: r.before, after: [...r.before, p('options', IdentityServerOptions)] }));

/** Names of IdentityServerOptions parameters, fields and properties visible at `at`, innermost scopes first. */
function optionsInSight(ctx: FileContext, at: Node): string[] {
  const matches = typeMatcher(ctx);
  const names = new Set<string>();
  for (let n: Node | null = at.parent; n; n = n.parent) {
    const params = n.childForFieldName('parameters');
    if (params?.type === 'parameter_list') for (const q of paramsOf(params)) if (matches(q.childForFieldName('type'), IdentityServerOptions)) names.add(q.childForFieldName('name')!.text);
    if (n.type === 'class_declaration' || n.type === 'record_declaration') {
      const primary = named(n).find((c) => c.type === 'parameter_list');
      for (const q of paramsOf(primary)) if (matches(q.childForFieldName('type'), IdentityServerOptions)) names.add(q.childForFieldName('name')!.text);
      for (const m of membersOf(n)) {
        if (m.type === 'property_declaration' && matches(m.childForFieldName('type'), IdentityServerOptions)) names.add(m.childForFieldName('name')!.text);
        if (m.type === 'field_declaration') {
          const decl = named(m).find((c) => c.type === 'variable_declaration');
          if (!decl || !matches(decl.childForFieldName('type'), IdentityServerOptions)) continue;
          for (const v of named(decl).filter((c) => c.type === 'variable_declarator')) names.add(v.childForFieldName('name')?.text ?? named(v)[0].text);
        }
      }
      break;
    }
  }
  return [...names];
}

const rule: FileRule = {
  id: '6.2-6.3/interaction-page-results',
  title: 'LoginPageResult, ConsentPageResult, CustomRedirectResult take IdentityServerOptions',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_2-to-v6_3',
  kind: 'fix',
  catalog: ['4.9#5'],
  reads: ['csharp'],
  triggers: ['LoginPageResult', 'ConsentPageResult', 'CustomRedirectResult'],
  run(ctx) {
    applyCtorChanges(ctx, changes);
    for (const c of creationsOf(ctx, RESULTS.map((r) => r.type))) {
      const old = RESULTS.find((r) => r.type === c.type)!.before.length;
      if (c.args.length !== old) continue;
      const candidates = optionsInSight(ctx, c.node);
      if (candidates.length === 1) {
        // The name passed is declared with IdentityServerOptions in this file, so no using is needed.
        ctx.edit(c.args[old - 1].endIndex, c.args[old - 1].endIndex, `, ${candidates[0]}`, { review: true });
      } else {
        ctx.report(c.node, `new ${c.type.name}(…) takes IdentityServerOptions as its last argument since 6.3`, {
          severity: 'warning',
          suggestion: 'Inject IdentityServerOptions into the class and pass it last',
        });
      }
    }
  },
};

export default rule;
