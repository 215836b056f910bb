/**
 * SecretParser / SecretValidator in 4.0 (catalog §4.1 row 25).
 *
 * `SecretValidator.ValidateAsync(ParsedSecret, IEnumerable<Secret>)` became `ValidateAsync(IEnumerable<Secret>,
 * ParsedSecret)`: calls with two positional arguments on a receiver declared in the file as a SecretValidator get their
 * arguments swapped (review). Named arguments keep working and are left alone.
 * The concrete SecretParser / SecretValidator are no longer registered in DI (4.0 registers ISecretsListParser /
 * ISecretsListValidator): constructor parameters of those types are reported, except in classes deriving from
 * ApiSecretValidator, ClientSecretValidator or DiscoveryResponseGenerator, whose constructors the base-constructors
 * rule rewrites.
 */
import type { FileRule } from '../../src/engine/rule';
import { reportOncePerLine } from '../../src/engine/cs/factories';
import { memberUsesOnNames, typedNames } from '../../src/engine/cs/typed-names';
import { argsOf, argumentValue, constructorsOf, typeMatcher, typesDerivingFrom, type TypeName } from '../../src/engine/cs/syntax';
import { walk, type Node } from '../../src/engine/csharp';

const V = (name: string): TypeName => ({ ns: 'IdentityServer4.Validation', name });
const PARSER = V('SecretParser');
const VALIDATOR = V('SecretValidator');
const PARSED: TypeName = { ns: 'IdentityServer4.Models', name: 'ParsedSecret' };
const REWRITTEN_BASES = [V('ApiSecretValidator'), V('ClientSecretValidator'), { ns: 'IdentityServer4.ResponseHandling', name: 'DiscoveryResponseGenerator' }];

const rule: FileRule = {
  id: '3.1-4.1/secret-validator',
  title: 'SecretValidator.ValidateAsync arguments swapped; inject ISecretsListParser / ISecretsListValidator',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v3-to-duende-identityserver-v6/',
  kind: 'fix',
  catalog: ['4.1#25'],
  reads: ['csharp'],
  triggers: ['SecretValidator', 'SecretParser'],
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    const parsed = typedNames(ctx, [PARSED], [{ on: [PARSER, V('ISecretsListParser')], method: 'ParseAsync', returns: PARSED }]);
    const isParsed = (n: Node | undefined) =>
      !!n && ((n.type === 'identifier' && parsed.typeOf(n) === PARSED) || (n.type === 'object_creation_expression' && /(^|\.)ParsedSecret$/.test(n.childForFieldName('type')?.text ?? '')));
    for (const use of memberUsesOnNames(ctx, typedNames(ctx, [VALIDATOR]), 'ValidateAsync')) {
      const args = argsOf(use.args);
      if (args.length !== 2 || args.some((a) => a.childForFieldName('name'))) continue;
      const [a, b] = args;
      // Only the old order: the parsed secret first (so a second run, or code already written for 4.0, is left alone).
      if (!isParsed(argumentValue(a)) || isParsed(argumentValue(b))) continue;
      ctx.edit(a.startIndex, b.endIndex, `${b.text}${ctx.text.slice(a.endIndex, b.startIndex)}${a.text}`, { review: true });
    }
    const matches = typeMatcher(ctx);
    const skip = new Set(typesDerivingFrom(ctx, REWRITTEN_BASES).map((d) => d.decl.startIndex));
    const at: number[] = [];
    walk(root, (n) => {
      if (n.type !== 'class_declaration' && n.type !== 'record_declaration') return;
      if (skip.has(n.startIndex)) return;
      for (const site of constructorsOf(n)) {
        for (const p of site.parameters) if (matches(p.childForFieldName('type'), PARSER) || matches(p.childForFieldName('type'), VALIDATOR)) at.push(p.startIndex);
      }
    });
    reportOncePerLine(ctx, [...new Set(at)], {
      message: 'SecretParser / SecretValidator are no longer registered in DI in 4.0; the services are ISecretsListParser / ISecretsListValidator',
      suggestion: 'Take ISecretsListParser / ISecretsListValidator instead (same ParseAsync / ValidateAsync(secrets, parsedSecret) members)',
    });
  },
};

export default rule;
