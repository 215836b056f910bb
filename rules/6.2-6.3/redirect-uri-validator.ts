/**
 * 6.3 added `Task<bool> IsRedirectUriValidAsync(RedirectUriValidationContext context)` to IRedirectUriValidator as a
 * default interface method that calls the old `(string requestedUri, Client client)` overload, so implementations keep
 * compiling (catalog §4.9 row 8: no fix needed). 7.0 marks the old overload [Obsolete] and IdentityServer calls the
 * context overload, which also carries the request parameters and request object values. Verified at is/6.3.0 and
 * is/7.0.0.
 *
 * Reports (info, impl signal): a class whose base list names IRedirectUriValidator and that declares
 * IsRedirectUriValidAsync only with the old two parameters.
 */
import { NS, t } from '../../src/engine/cs/duende-names';
import { derivedMethods } from '../../src/engine/cs/occurrences';
import { declName, paramsOf } from '../../src/engine/cs/syntax';
import type { FileRule } from '../../src/engine/rule';

const IRedirectUriValidator = t(NS.validation, 'IRedirectUriValidator');

const rule: FileRule = {
  id: '6.2-6.3/redirect-uri-validator',
  title: 'IRedirectUriValidator: the RedirectUriValidationContext overload (default method in 6.3, the one used from 7.0)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_2-to-v6_3',
  kind: 'finding',
  catalog: ['4.9#8'],
  reads: ['csharp'],
  triggers: ['IRedirectUriValidator'],
  run(ctx) {
    const byClass = new Map<number, { old?: number; context: boolean; name: string }>();
    for (const m of derivedMethods(ctx, [IRedirectUriValidator], 'IsRedirectUriValidAsync', false)) {
      const entry = byClass.get(m.decl.startIndex) ?? { context: false, name: declName(m.decl) };
      const count = paramsOf(m.member.childForFieldName('parameters')).length;
      if (count === 1) entry.context = true;
      else if (count === 2) entry.old ??= m.name.startIndex;
      byClass.set(m.decl.startIndex, entry);
    }
    for (const e of byClass.values()) {
      if (e.context || e.old === undefined) continue;
      ctx.report(e.old, `${e.name}: IRedirectUriValidator has an IsRedirectUriValidAsync(RedirectUriValidationContext) overload since 6.3; 7.0 obsoletes this one`, {
        severity: 'info',
        suggestion: 'Implement `Task<bool> IsRedirectUriValidAsync(RedirectUriValidationContext context)` (context.RequestedUri, context.Client, context.RequestParameters, context.RequestObjectValues)',
      });
    }
  },
};

export default rule;
