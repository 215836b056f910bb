/**
 * 6.0 replaced the positional parameters of JWT request object validation with JwtRequestValidationContext
 * (namespace Duende.IdentityServer.Validation; members Client, JwtTokenString, StrictJarValidation, IncludeJti)
 * (catalog §4.6 row 6; verified at is/5.2.4 and is/6.0.0):
 *   IJwtRequestValidator.ValidateAsync(Client client, string jwtTokenString) -> ValidateAsync(JwtRequestValidationContext context)
 *   JwtRequestValidator.ValidateJwtAsync(string jwtTokenString, IEnumerable<SecurityKey> keys, Client client)
 *     -> ValidateJwtAsync(JwtRequestValidationContext context, IEnumerable<SecurityKey> keys)
 *   JwtRequestValidator.ProcessPayloadAsync(JsonWebToken token) -> ProcessPayloadAsync(JwtRequestValidationContext context, JsonWebToken token)
 *
 * Rewrites (HEUR, listed for review; call(recv: IJwtRequestValidator or JwtRequestValidator)):
 *   `validator.ValidateAsync(client, jwt)` -> `validator.ValidateAsync(new JwtRequestValidationContext { Client = client, JwtTokenString = jwt })`.
 * Reports: implementations of IJwtRequestValidator.ValidateAsync with two parameters, and overrides of the three
 * methods in JwtRequestValidator subclasses with their old parameter counts, with the new signature.
 */
import { wrapArgumentsInto } from '../../src/engine/cs/calls';
import { NS, t } from '../../src/engine/cs/duende-names';
import { derivedMethods } from '../../src/engine/cs/occurrences';
import { memberUsesOn } from '../../src/engine/cs/receivers';
import { fileSees, paramsOf } from '../../src/engine/cs/syntax';
import { addUsings } from '../../src/engine/namespace-rename';
import type { FileRule } from '../../src/engine/rule';

const IJwtRequestValidator = t(NS.validation, 'IJwtRequestValidator');
const JwtRequestValidator = t(NS.validation, 'JwtRequestValidator');

const OVERRIDES: Record<string, { params: number; now: string }> = {
  ValidateAsync: { params: 2, now: 'Task<JwtRequestValidationResult> ValidateAsync(JwtRequestValidationContext context)' },
  ValidateJwtAsync: { params: 3, now: 'Task<JsonWebToken> ValidateJwtAsync(JwtRequestValidationContext context, IEnumerable<SecurityKey> keys)' },
  ProcessPayloadAsync: { params: 1, now: 'Task<List<Claim>> ProcessPayloadAsync(JwtRequestValidationContext context, JsonWebToken token)' },
};

const rule: FileRule = {
  id: '5.2-6.0/jwt-request-validation-context',
  title: 'JWT request object validation takes a JwtRequestValidationContext',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v5_2-to-v6_0',
  kind: 'fix',
  review: true,
  catalog: ['4.6#6'],
  reads: ['csharp'],
  triggers: ['JwtRequestValidator'],
  run(ctx) {
    let wrapped = false;
    for (const use of memberUsesOn(ctx, [IJwtRequestValidator, JwtRequestValidator], 'ValidateAsync')) {
      if (use.args && wrapArgumentsInto(ctx, use.args, 'JwtRequestValidationContext', ['Client', 'JwtTokenString'], { review: true })) wrapped = true;
    }
    if (wrapped && !fileSees(ctx, NS.validation)) addUsings(ctx, [NS.validation]);

    const reported = new Set<number>();
    const report = (name: { startIndex: number; text: string }, how: string, now: string) => {
      if (reported.has(name.startIndex)) return;
      reported.add(name.startIndex);
      ctx.report(name.startIndex, `${name.text}: ${how} changed in 6.0 to take a JwtRequestValidationContext`, { severity: 'warning', suggestion: `Change it to ${now}` });
    };
    for (const m of derivedMethods(ctx, [JwtRequestValidator], (n) => n in OVERRIDES, true)) {
      const o = OVERRIDES[m.name.text];
      if (paramsOf(m.member.childForFieldName('parameters')).length === o.params) report(m.name, 'this override of JwtRequestValidator', o.now);
    }
    for (const m of derivedMethods(ctx, [IJwtRequestValidator], 'ValidateAsync', false)) {
      if (paramsOf(m.member.childForFieldName('parameters')).length === 2) report(m.name, 'IJwtRequestValidator.ValidateAsync', OVERRIDES.ValidateAsync.now);
    }
  },
};

export default rule;
