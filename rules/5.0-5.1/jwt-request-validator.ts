/**
 * 5.1 reworked JwtRequestValidator (catalog §4.4 row 2; verified at is/5.0.0, is/5.0.5 and is/5.1.0):
 *  - it implements the new IJwtRequestValidator and IdentityServer resolves the interface (5.0.0 registered and
 *    injected the class itself), so a replacement registered as `AddTransient<JwtRequestValidator, Mine>()` is ignored;
 *  - the protected field `Handler` is a JsonWebTokenHandler (was JwtSecurityTokenHandler);
 *  - `ValidateJwtAsync(string, IEnumerable<SecurityKey>, Client)` returns Task<JsonWebToken> (was JwtSecurityToken);
 *  - `ProcessPayloadAsync(JwtSecurityToken)` -> `ProcessPayloadAsync(JsonWebToken)` returning Task<List<Claim>>.
 *
 * Rewrites (HEUR, listed for review): `services.AddTransient<JwtRequestValidator, Mine>()` (Scoped, Singleton,
 * TryAdd*, Replace) -> `AddTransient<IJwtRequestValidator, Mine>()`.
 * Reports: in classes deriving from JwtRequestValidator, overrides of ValidateJwtAsync and ProcessPayloadAsync and
 * uses of Handler (bare, `this.Handler`, `base.Handler`), with the new types.
 */
import { walk } from '../../src/engine/csharp';
import { registrationsOf } from '../../src/engine/cs/calls';
import { NS, t } from '../../src/engine/cs/duende-names';
import { derivedMethods } from '../../src/engine/cs/occurrences';
import { receiverName } from '../../src/engine/cs/receivers';
import { isMemberName, isQualified, typesDerivingFrom, declName } from '../../src/engine/cs/syntax';
import type { FileRule } from '../../src/engine/rule';

const JwtRequestValidator = t(NS.validation, 'JwtRequestValidator');

const OVERRIDES: Record<string, { message: string; suggestion: string }> = {
  ValidateJwtAsync: {
    message: 'JwtRequestValidator.ValidateJwtAsync returns Task<JsonWebToken> since 5.1 (was Task<JwtSecurityToken>)',
    suggestion: 'Override `Task<JsonWebToken> ValidateJwtAsync(string jwtTokenString, IEnumerable<SecurityKey> keys, Client client)` (Microsoft.IdentityModel.JsonWebTokens)',
  },
  ProcessPayloadAsync: {
    message: 'JwtRequestValidator.ProcessPayloadAsync takes a JsonWebToken and returns Task<List<Claim>> since 5.1',
    suggestion: 'Override `Task<List<Claim>> ProcessPayloadAsync(JsonWebToken token)`',
  },
};

const rule: FileRule = {
  id: '5.0-5.1/jwt-request-validator',
  title: 'JwtRequestValidator: register as IJwtRequestValidator; JsonWebToken instead of JwtSecurityToken',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v5_0-to-v5_1',
  kind: 'fix',
  review: true,
  catalog: ['4.4#2'],
  reads: ['csharp'],
  triggers: ['JwtRequestValidator'],
  run(ctx) {
    const { pairs } = registrationsOf(ctx, JwtRequestValidator);
    for (const r of pairs) {
      const s = r.service;
      if (isQualified(s)) {
        const last = s.childForFieldName('name')!;
        ctx.edit(last.startIndex, last.endIndex, 'IJwtRequestValidator', { review: true });
      } else ctx.edit(s.startIndex, s.endIndex, 'IJwtRequestValidator', { review: true });
    }

    const found: { at: number; message: string; suggestion: string }[] = [];
    for (const m of derivedMethods(ctx, [JwtRequestValidator], (n) => n in OVERRIDES, true)) found.push({ at: m.name.startIndex, ...OVERRIDES[m.name.text] });
    for (const { decl } of typesDerivingFrom(ctx, [JwtRequestValidator])) {
      walk(decl.childForFieldName('body') ?? decl, (n) => {
        if (n.type === 'class_declaration' || n.type === 'record_declaration') return n.equals(decl);
        if (n.type !== 'identifier' || n.text !== 'Handler') return;
        if (isMemberName(n)) {
          const access = n.parent!;
          const recv = access.childForFieldName('expression');
          if (!(receiverName(access) === 'Handler' || recv?.type === 'base_expression' || recv?.text === 'base')) return;
        } else if (n.parent?.type === 'variable_declarator' || n.parent?.type === 'property_declaration' || n.parent?.type === 'parameter') return;
        found.push({
          at: n.startIndex,
          message: `${declName(decl)}: JwtRequestValidator.Handler is a JsonWebTokenHandler since 5.1 (was JwtSecurityTokenHandler)`,
          suggestion: 'Use the JsonWebTokenHandler API (ValidateToken(string, TokenValidationParameters) returns a TokenValidationResult)',
        });
      });
    }
    for (const f of found.sort((a, b) => a.at - b.at)) ctx.report(f.at, f.message, { severity: 'warning', suggestion: f.suggestion });
  },
};

export default rule;
