/** The helper extensions made for the Duende 5.x/6.x rules: ctor-change data, call helpers, the type matcher. */
import { runFileRules } from '../src/engine/file-rules';
import type { FileContext, FileRule } from '../src/engine/rule';
import { ctorChangeRule } from '../src/engine/cs/factories';
import { callsNamed, chainedAfter, registrationsOf, resolutionsOf, wrapArgumentsInto } from '../src/engine/cs/calls';
import { netVersion } from '../src/engine/cs/data-protection';
import { ICache, IdentityServerOptions, ILogger, p, t, typeArgument } from '../src/engine/cs/duende-names';
import { typeMatcher } from '../src/engine/cs/syntax';
import { ALL_HOPS } from '../src/plan/catalog';
import { fixtureProject } from './support/project';

const meta = { id: '5.2-6.0/test', title: 't', docs: 'https://example.test' };
const S = 'Duende.IdentityServer.Services';

async function run(rule: FileRule, text: string) {
  const out = await runFileRules([rule], { file: 'A.cs', kind: 'csharp', text, eol: '\n', hop: ALL_HOPS[0], project: fixtureProject() });
  expect(out.error).toBeUndefined();
  return out;
}

/** A rule that hands the file context to `fn` (for the query helpers). */
function probe(fn: (ctx: FileContext) => void): FileRule {
  return { ...meta, kind: 'finding', reads: ['csharp'], triggers: [''], run: fn };
}

describe('ctor-change extensions', () => {
  it('retypes type arguments by text, removes and adds, in one re-joined parameter list', async () => {
    const rule = ctorChangeRule({
      ...meta,
      changes: [
        {
          base: [t(S, 'Store')],
          before: [typeArgument('inner'), p('cache', ICache, 'ICache<IEnumerable<Item>>'), p('logger', ILogger)],
          after: [typeArgument('inner'), p('cache', ICache, 'ICache<Item>'), p('names', ICache, (b) => `ICache<${b.text}.Names>`)],
        },
      ],
    });
    const src = `using Duende.IdentityServer.Services;\nclass My : Store<Inner>\n{\n    public My(Inner inner, ICache<IEnumerable<Item>> cache, ILogger<My> logger) : base(inner, cache, logger) { }\n}\n`;
    const out = await run(rule, src);
    expect(out.text).toContain('public My(Inner inner, ICache<Item> cache, ICache<Store<Inner>.Names> names) : base(inner, cache, names)');
    expect((await run(rule, out.text)).edits).toEqual([]);
  });

  it('reports a type-argument retype it cannot read', async () => {
    const rule = ctorChangeRule({
      ...meta,
      changes: [{ base: [t(S, 'Store')], before: [p('cache', ICache, 'ICache<IEnumerable<Item>>')], after: [p('cache', ICache, 'ICache<Item>')] }],
    });
    const out = await run(rule, `using Duende.IdentityServer.Services;\nclass My : Store { public My(ICache<List<Item>> cache) : base(cache) { } }\n`);
    expect(out.edits).toEqual([]);
    expect(out.findings[0].message).toContain("'cache' is not declared as ICache<IEnumerable<Item>>");
  });

  it('tells same-length signatures apart by the declared types, and leaves the new one alone', async () => {
    const accessor = t('Microsoft.AspNetCore.Http', 'IHttpContextAccessor');
    const urls = t(S, 'IServerUrls');
    const issuer = t(S, 'IIssuerNameService');
    const rule = ctorChangeRule({
      ...meta,
      changes: [{ base: [t(S, 'Validator')], before: [p('contextAccessor', accessor), p('issuer', issuer)], after: [p('issuer', issuer), p('urls', urls)] }],
    });
    const old = `using Duende.IdentityServer.Services;\nclass My : Validator { public My(IHttpContextAccessor a, IIssuerNameService i) : base(a, i) { } }\n`;
    expect((await run(rule, old)).text).toContain('public My(IIssuerNameService i, IServerUrls urls) : base(i, urls)');
    const migrated = `using Duende.IdentityServer.Services;\nclass My : Validator { public My(IIssuerNameService i, IServerUrls u) : base(i, u) { } }\n`;
    const out = await run(rule, migrated);
    expect(out.edits).toEqual([]);
    expect(out.findings).toEqual([]);
  });

  it('keeps the line breaks of a wrapped list, and matches bases listed in separate entries by name', async () => {
    const rule = ctorChangeRule({
      ...meta,
      changes: [
        { base: [t(S, 'Svc')], before: [p('a', ILogger), p('b', ILogger), p('c', ILogger)], after: [p('a', ILogger), p('b', ILogger), p('c', ILogger), p('options', IdentityServerOptions)] },
        { base: [t(S, 'Svc')], before: [p('x', t('System', 'String'), 'string')], after: [p('x', t('System', 'String'), 'string')] },
      ],
    });
    const src = `using Duende.IdentityServer.Services;\nclass My : Svc\n{\n    public My(ILogger a, ILogger b,\n        ILogger c) : base(a, b,\n        c) { }\n    public My(string x) : base(x) { }\n}\n`;
    const out = await run(rule, src);
    // The separators stay where they were; an appended item takes the list's last separator.
    expect(out.text).toContain('public My(ILogger a, ILogger b,\n        ILogger c,\n        IdentityServerOptions options) : base(a, b,\n        c,\n        options)');
    expect(out.findings).toEqual([]); // the (string x) overload is known and unchanged
  });
});

describe('typeMatcher', () => {
  it('does not take a type the file declares itself for the library type of the same name', async () => {
    const seen: boolean[] = [];
    const rule = probe((ctx) => {
      const m = typeMatcher(ctx);
      for (const c of callsNamed(ctx.tree!.rootNode, 'Use')) seen.push(m(c.typeArgs[0], t(S, 'DefaultCache')), m(c.typeArgs[0], t(S, 'ICache')));
    });
    await run(rule, `using Duende.IdentityServer.Services;\nnamespace Mine { class DefaultCache { } class X { void M() { Use<DefaultCache>(); Use<ICache>(); } } }\n`);
    expect(seen).toEqual([false, false, false, true]);
  });
});

describe('call helpers', () => {
  it('finds chains, registrations, resolutions, and wraps arguments into a context object', async () => {
    const cleanup = t('Duende.IdentityServer.EntityFramework', 'TokenCleanupService');
    const got: string[] = [];
    const rule = probe((ctx) => {
      const root = ctx.tree!.rootNode;
      const dp = callsNamed(root, 'AddDataProtection')[0];
      got.push(chainedAfter(dp.call).map((c) => c.name.text).join(','));
      const regs = registrationsOf(ctx, cleanup);
      got.push(`${regs.pairs.length}/${regs.one.length}`);
      got.push(resolutionsOf(ctx, cleanup).map((r) => r.name.text).join(','));
      const v = callsNamed(root, 'ValidateAsync')[0];
      wrapArgumentsInto(ctx, v.call.childForFieldName('arguments')!, 'Ctx', ['A', 'B']);
    });
    const src = `using Duende.IdentityServer.EntityFramework;\nclass S { void M(IServiceCollection s, IServiceProvider sp, IV v) {\n s.AddDataProtection().PersistKeys().SetApplicationName("x");\n s.AddTransient<TokenCleanupService, Mine>();\n s.TryAddScoped<TokenCleanupService>();\n sp.GetRequiredService<TokenCleanupService>();\n sp.GetService(typeof(TokenCleanupService));\n v.ValidateAsync(a, b);\n} }\n`;
    const out = await run(rule, src);
    expect(got).toEqual(['PersistKeys,SetApplicationName', '1/1', 'GetRequiredService,GetService']);
    expect(out.text).toContain('v.ValidateAsync(new Ctx { A = a, B = b });');
  });

  it('reads .NET versions from target frameworks', () => {
    expect(['netcoreapp3.1', 'net5.0', 'net6.0-windows', 'net48', 'netstandard2.0'].map(netVersion)).toEqual([3.1, 5, 6, undefined, undefined]);
  });
});
