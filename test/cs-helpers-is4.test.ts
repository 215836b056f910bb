/** Helpers added for the IdentityServer4 3.1 -> 4.1 rules: typed names, layout, contract findings, ctor-change extensions. */
import { runFileRules } from '../src/engine/file-rules';
import type { FileContext, FileRule } from '../src/engine/rule';
import { ctorChangeRule } from '../src/engine/cs/factories';
import { reportContractChanges, paramCount } from '../src/engine/cs/implementers';
import { addInitializerMember } from '../src/engine/cs/layout';
import { memberUsesOnNames, typedNames } from '../src/engine/cs/typed-names';
import { typeMatcher, type TypeName } from '../src/engine/cs/syntax';
import { walk } from '../src/engine/csharp';
import { ALL_HOPS } from '../src/plan/catalog';
import { fixtureProject } from './support/project';

const meta = { id: '3.1-4.1/test', title: 't', docs: 'https://example.test' };
const rule = (run: (ctx: FileContext) => void): FileRule => ({ ...meta, kind: 'fix', reads: ['csharp'], triggers: [], actsWithoutLibraryNamespace: true, run }); // helper tests: the gate has its own tests

async function run(r: FileRule, text: string) {
  const out = await runFileRules([r], { file: 'A.cs', kind: 'csharp', text, eol: '\n', hop: ALL_HOPS[0], project: fixtureProject() });
  expect(out.error).toBeUndefined();
  return out;
}

const AUTH: TypeName = { ns: 'IdentityServer4.Models', name: 'AuthorizationRequest' };
const IIS: TypeName = { ns: 'IdentityServer4.Services', name: 'IIdentityServerInteractionService' };

describe('typedNames / memberUsesOnNames', () => {
  const renameClientId = rule((ctx) => {
    const names = typedNames(ctx, [AUTH], [{ on: [IIS], method: 'GetAuthorizationContextAsync', returns: AUTH }]);
    for (const u of memberUsesOnNames(ctx, names, 'ClientId')) ctx.edit(u.name.startIndex, u.name.endIndex, 'Client.ClientId');
  });

  it('types locals from producers and parameters per member, including ?. access', async () => {
    const src = [
      'using IdentityServer4.Models; using IdentityServer4.Services;',
      'class A {',
      '  IIdentityServerInteractionService _i;',
      '  async void M(string u) { var request = await _i.GetAuthorizationContextAsync(u); var x = request?.ClientId; }',
      '  void N(AuthorizationRequest request) { var y = request.ClientId; }',
      '  void O(Other request) { var z = request.ClientId; }',
      '}',
    ].join('\n');
    const out = await run(renameClientId, src);
    expect(out.text.match(/Client\.ClientId/g)).toHaveLength(2);
    expect(out.text).toContain('request?.Client.ClientId');
    expect(out.text).toContain('var z = request.ClientId');
  });

  it('leaves a name declared with two types in one member alone', async () => {
    const src = 'using IdentityServer4.Models;\nclass A { void M(AuthorizationRequest r) { foreach (var r2 in new int[0]) { } System.Action<Other> f = r => r.ClientId.ToString(); var s = r.ClientId; } }\n';
    const out = await run(renameClientId, src);
    expect(out.text).toBe(src);
  });
});

describe('typeMatcher', () => {
  it('lets a type the file declares win over an imported one', async () => {
    const seen: string[] = [];
    const r = rule((ctx) => {
      const matches = typeMatcher(ctx);
      walk(ctx.tree!.rootNode, (n) => {
        if (n.type === 'parameter' && matches(n.childForFieldName('type'), AUTH)) seen.push(n.childForFieldName('name')!.text);
      });
    });
    await run(r, 'using IdentityServer4.Models;\nclass AuthorizationRequest { }\nclass A { void M(AuthorizationRequest a, IdentityServer4.Models.AuthorizationRequest b) { } }\n');
    expect(seen).toEqual(['b']);
  });
});

describe('addInitializerMember', () => {
  const add = rule((ctx) => {
    walk(ctx.tree!.rootNode, (n) => {
      if (n.type === 'initializer_expression' && n.parent?.type === 'object_creation_expression') addInitializerMember(ctx, n, 'B = 2');
      return n.type !== 'initializer_expression';
    });
  });
  it('adds inline, on its own line, after a trailing comma and into an empty initializer', async () => {
    expect((await run(add, 'class C { object a = new X { A = 1 }; }')).text).toBe('class C { object a = new X { A = 1, B = 2 }; }');
    expect((await run(add, 'class C { object a = new X\n{\n    A = 1,\n}; }')).text).toBe('class C { object a = new X\n{\n    A = 1,\n    B = 2,\n}; }');
    expect((await run(add, 'class C { object a = new X\n{\n    A = 1\n}; }')).text).toBe('class C { object a = new X\n{\n    A = 1,\n    B = 2\n}; }');
    expect((await run(add, 'class C { object a = new X { }; }')).text).toBe('class C { object a = new X { B = 2 }; }');
  });
});

describe('reportContractChanges', () => {
  it('reports stale members and missing new ones once per class', async () => {
    const r = rule((ctx) =>
      reportContractChanges(ctx, [
        {
          types: [{ ns: 'IdentityServer4.Services', name: 'IKeyMaterialService' }],
          changed: [{ name: 'GetSigningCredentialsAsync', now: 'GetSigningCredentialsAsync(IEnumerable<string> allowedAlgorithms = null)', stale: paramCount(0) }],
          added: [{ name: 'GetAllSigningCredentialsAsync', signature: 'GetAllSigningCredentialsAsync()' }],
          message: 'changed',
        },
      ]),
    );
    const out = await run(r, 'using IdentityServer4.Services;\nclass K : IKeyMaterialService {\n  public object GetSigningCredentialsAsync() => null;\n}\nclass Done : IKeyMaterialService { public object GetSigningCredentialsAsync(object a = null) => null; public object GetAllSigningCredentialsAsync() => null; }\n');
    expect(out.findings.map((f) => [f.line, f.suggestion])).toEqual([[3, expect.stringContaining('add GetAllSigningCredentialsAsync()')]]);
  });
});

describe('ctorChangeRule extensions', () => {
  const S = 'IdentityServer4.Services';
  const clock = { name: 'clock', type: { ns: 'Microsoft.AspNetCore.Authentication', name: 'ISystemClock' } };
  const store = { name: 'store', type: { ns: S, name: 'IStore' } };
  const profile = { name: 'profile', type: { ns: S, name: 'IProfileService' } };
  const reorder = ctorChangeRule({ ...meta, changes: [{ base: [{ ns: S, name: 'Base' }], before: [clock, store], after: [store, profile, clock], reorder: true }] });
  const msgs = ctorChangeRule({
    ...meta,
    changes: [
      {
        base: [{ ns: S, name: 'Validator' }],
        before: [{ name: 'messages', type: { ns: S, name: 'IMessageStore' }, text: 'IMessageStore<EndSession>', generic: true }],
        after: [{ name: 'messages', type: { ns: S, name: 'IMessageStore' }, text: 'IMessageStore<LogoutNotificationContext>', generic: true }],
      },
    ],
  });

  it('puts plain arguments in their new order and adds the new one', async () => {
    const src = `using IdentityServer4.Services;\nusing Microsoft.AspNetCore.Authentication;\nclass My : Base { public My(ISystemClock c, IStore s) : base(c, s) { } }\n`;
    const out = await run(reorder, src);
    expect(out.text).toContain('public My(ISystemClock c, IStore s, IProfileService profile) : base(s, profile, c)');
    expect((await run(reorder, out.text)).edits).toHaveLength(0);
  });

  it('refuses to reorder arguments that are not plain names', async () => {
    const out = await run(reorder, `using IdentityServer4.Services;\nclass My : Base { public My(IStore s) : base(Clock.Now(), s) { } }\n`);
    expect(out.edits).toHaveLength(0);
    expect(out.findings[0].message).toContain('reordered');
  });

  it('retypes by generic argument, and leaves the migrated shape alone', async () => {
    const src = `using IdentityServer4.Services;\nclass V : Validator { public V(IMessageStore<EndSession> messages) : base(messages) { } }\n`;
    const out = await run(msgs, src);
    expect(out.text).toContain('public V(IMessageStore<LogoutNotificationContext> messages)');
    expect((await run(msgs, out.text)).edits).toHaveLength(0);
  });
});
