/** What the 6.3 -> 7.0 rules added to the shared C# helpers: ctor-change extensions, signature.ts, inherited.ts. */
import { runFileRules } from '../src/engine/file-rules';
import type { FileRule } from '../src/engine/rule';
import { ctorChangeRule } from '../src/engine/cs/factories';
import { inheritedMemberUses } from '../src/engine/cs/inherited';
import { params } from '../src/engine/cs/signature';
import { ALL_HOPS } from '../src/plan/catalog';
import { fixtureProject } from './support/project';

const meta = { id: '6.3-7.0/test', title: 't', docs: 'https://example.test' };
const NS = { ISystemClock: 'Microsoft.AspNetCore.Authentication', IClock: 'Duende.IdentityServer', ILogger: 'Microsoft.Extensions.Logging', IServiceProvider: 'System', IDb: 'My.Data', IUrls: 'Duende.IdentityServer.Services' };
const base = [{ ns: 'Duende.IdentityServer.Services', name: 'DefaultThing' }];
const head = 'using Duende.IdentityServer.Services;\nusing Microsoft.AspNetCore.Authentication;\nusing Microsoft.Extensions.Logging;\n';

async function run(rule: FileRule, text: string) {
  const out = await runFileRules([rule], { file: 'A.cs', kind: 'csharp', text, eol: '\n', hop: ALL_HOPS[0], project: fixtureProject() });
  expect(out.error).toBeUndefined();
  return out;
}

describe('signature params()', () => {
  it('reads the catalog notation, generic types included', () => {
    expect(params('(ISystemClock clock, ILogger<My> logger = null)', NS)).toEqual([
      { name: 'clock', type: { ns: 'Microsoft.AspNetCore.Authentication', name: 'ISystemClock' } },
      { name: 'logger', type: { ns: 'Microsoft.Extensions.Logging', name: 'ILogger' }, text: 'ILogger<My>' },
    ]);
    expect(params('(IClock clock)', NS, { clock: { members: ['UtcNow'] } })[0].members).toEqual(['UtcNow']);
  });
  it('refuses a type it has no namespace for', () => {
    expect(() => params('(Unknown u)', NS)).toThrow(/no namespace known for 'Unknown'/);
  });
});

describe('ctor-change extensions', () => {
  const clock = ctorChangeRule({
    ...meta,
    changes: [{ base, before: params('(ISystemClock clock, ILogger<DefaultThing> logger)', NS), after: params('(IClock clock, ILogger<DefaultThing> logger)', NS, { clock: { members: ['UtcNow'] } }) }],
  });

  it('retypes a parameter also read through shared members, and the field it is copied into', async () => {
    const src = `${head}class My : DefaultThing\n{\n    private readonly ISystemClock _clock;\n    public My(ISystemClock clock, ILogger<DefaultThing> logger) : base(clock, logger)\n    {\n        _clock = clock;\n        logger.LogInformation("{Now}", clock.UtcNow);\n    }\n    public DateTimeOffset Now => this._clock.UtcNow;\n}\n`;
    const out = await run(clock, src);
    expect(out.text).toContain('private readonly IClock _clock;');
    expect(out.text).toContain('public My(IClock clock, ILogger<DefaultThing> logger)');
    expect((await run(clock, out.text)).edits).toHaveLength(0);
  });

  it('reports instead when the copy is used for something the new type may not do', async () => {
    const src = `${head}class My : DefaultThing\n{\n    private readonly ISystemClock _clock;\n    public My(ISystemClock clock, ILogger<DefaultThing> logger) : base(clock, logger) { _clock = clock; }\n    public object Leak() => _clock;\n}\n`;
    const out = await run(clock, src);
    expect(out.edits).toHaveLength(0);
    expect(out.findings.map((f) => f.message)).toEqual([expect.stringContaining("'clock' is not a parameter used only in the base call")]);
  });

  it('does not retype a copy that code elsewhere could set (a public property)', async () => {
    const src = `${head}class My : DefaultThing\n{\n    public ISystemClock Time { get; set; }\n    public My(ISystemClock clock, ILogger<DefaultThing> logger) : base(clock, logger) { Time = clock; }\n}\n`;
    const out = await run(clock, src);
    expect(out.edits).toHaveLength(0);
    expect(out.findings).toHaveLength(1);
  });

  it('keeps `?` on a nullable parameter it retypes', async () => {
    const out = await run(clock, `${head}class My : DefaultThing { public My(ISystemClock? clock, ILogger<DefaultThing> logger) : base(clock!, logger) { } }\n`);
    expect(out.text).toContain('public My(IClock? clock, ILogger<DefaultThing> logger)');
  });

  it('writes a qualified type without adding a using', async () => {
    const qualified = ctorChangeRule({
      ...meta,
      changes: [{ base, before: params('(ISystemClock clock)', NS), after: params('(IClock clock)', NS).map((p) => ({ ...p, text: 'Duende.IdentityServer.IClock' })) }],
    });
    const src = `${head}class My : DefaultThing { public My(ISystemClock clock) : base(clock) { } }\n`;
    const out = await run(qualified, src);
    expect(out.text).toBe(src.replace('(ISystemClock clock)', '(Duende.IdentityServer.IClock clock)'));
    expect((await run(qualified, out.text)).edits).toHaveLength(0);
  });

  it('puts a parameter that replaces a removed one at its position, and retypes another in the same list', async () => {
    const rule = ctorChangeRule({
      ...meta,
      changes: [{ base, before: params('(IServiceProvider provider, ISystemClock clock, IUrls urls)', NS), after: params('(IDb db, IClock clock)', NS) }],
    });
    const src = `${head}class My : DefaultThing\n{\n    public My(IServiceProvider provider, ISystemClock clock, IUrls urls) : base(provider, clock, urls) { }\n}\n`;
    const out = await run(rule, src);
    expect(out.text).toContain('public My(IDb db, IClock clock) : base(db, clock)');
    expect(out.text).toContain('using Duende.IdentityServer;\nusing My.Data;\n');
    expect((await run(rule, out.text)).edits).toHaveLength(0);
  });

  it('treats a same-length call as migrated only when the changed argument is declared with the new type', async () => {
    const src = `using Duende.IdentityServer;\n${head}class A : DefaultThing { public A(IClock clock, ILogger<DefaultThing> logger) : base(clock, logger) { } }\nclass B : DefaultThing { public B(ILogger<DefaultThing> logger) : base(new SystemClock(), logger) { } }\n`;
    const out = await run(clock, src);
    expect(out.edits).toHaveLength(0);
    expect(out.findings.map((f) => f.line)).toEqual([6]);
  });

  it('matches several shapes of one base given as separate TypeName objects', async () => {
    const rule = ctorChangeRule({
      ...meta,
      changes: [
        { base: [{ ...base[0] }], before: params('(ISystemClock clock)', NS), after: params('(IClock clock, IUrls urls)', NS) },
        { base: [{ ...base[0] }], before: params('(ISystemClock clock, IUrls urls)', NS), after: params('(IClock clock, IUrls urls)', NS) },
      ],
    });
    const out = await run(rule, `${head}class My : DefaultThing { public My(ISystemClock clock, IUrls urls) : base(clock, urls) { } }\n`);
    expect(out.text).toContain('public My(IClock clock, IUrls urls)');
  });
});

describe('inheritedMemberUses', () => {
  it('finds Name, this.Name and base.Name in derived classes, not in classes that declare the name or in nested types', async () => {
    const types = [{ ns: 'Duende.IdentityServer.Services', name: 'DefaultThing' }];
    let found: string[] = [];
    const rule: FileRule = {
      ...meta,
      kind: 'finding',
      reads: ['csharp'],
      triggers: [],
      run: (ctx) => {
        found = inheritedMemberUses(ctx, types, 'Clock').map((u) => `${u.expression.text}@${u.name.startPosition.row + 1}`);
      },
    };
    await run(
      rule,
      `using Duende.IdentityServer.Services;\nclass A : DefaultThing {\n  object M() => Clock.UtcNow;\n  object N() => this.Clock;\n  object O(Other o) => base.Clock ?? o.Clock;\n  class Inner { object Clock; object P() => Clock; }\n}\nclass B : DefaultThing { object Clock => null; object M() => Clock; }\nclass C { object M(A a) => Clock; }\n`,
    );
    expect(found).toEqual(['Clock@3', 'this.Clock@4', 'base.Clock@5']);
  });
});
