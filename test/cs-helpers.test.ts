/** The shared syntax helpers of src/engine/cs/ through rules built with their factories. */
import { runFileRules } from '../src/engine/file-rules';
import type { FileRule } from '../src/engine/rule';
import { ctorChangeRule, memberFindingRule, memberRenameRule, typeFindingRule } from '../src/engine/cs/factories';
import { ALL_HOPS } from '../src/plan/catalog';
import { fixtureProject } from './support/project';
import { addUsings } from '../src/engine/namespace-rename';

const meta = { id: '6.3-7.0/test', title: 't', docs: 'https://example.test' };
const Services = 'Duende.IdentityServer.Services';
const clockOld = { ns: 'Microsoft.AspNetCore.Authentication', name: 'ISystemClock' };
const clockNew = { ns: 'Duende.IdentityServer', name: 'IClock' };
const logger = { ns: 'Microsoft.Extensions.Logging', name: 'ILogger' };
const ctp = { ns: 'Duende.IdentityServer.Services', name: 'ICancellationTokenProvider' };
const base = [{ ns: Services, name: 'DefaultThing' }];

async function run(rule: FileRule, text: string) {
  const out = await runFileRules([rule], { file: 'A.cs', kind: 'csharp', text, eol: '\n', hop: ALL_HOPS[0], project: fixtureProject() });
  expect(out.error).toBeUndefined();
  return out;
}

describe('ctorChangeRule', () => {
  const retype = ctorChangeRule({
    ...meta,
    changes: [{ base, before: [{ name: 'clock', type: clockOld }, { name: 'logger', type: logger }], after: [{ name: 'clock', type: clockNew }, { name: 'logger', type: logger }] }],
  });
  const add = ctorChangeRule({
    ...meta,
    changes: [{ base, before: [{ name: 'logger', type: logger }], after: [{ name: 'logger', type: logger }, { name: 'cancellationTokenProvider', type: ctp }] }],
  });
  const remove = ctorChangeRule({
    ...meta,
    changes: [{ base, before: [{ name: 'logger', type: logger }, { name: 'cancellationTokenProvider', type: ctp }], after: [{ name: 'logger', type: logger }] }],
  });

  it('retypes a forwarded parameter and adds the using', async () => {
    const src = `using Duende.IdentityServer.Services;\nusing Microsoft.AspNetCore.Authentication;\n\nclass My : DefaultThing\n{\n    public My(ISystemClock clock, ILogger<My> logger) : base(clock, logger) { }\n}\n`;
    const out = await run(retype, src);
    expect(out.text).toBe(src.replace('ISystemClock clock', 'IClock clock').replace('using Microsoft.AspNetCore.Authentication;\n', 'using Microsoft.AspNetCore.Authentication;\nusing Duende.IdentityServer;\n'));
    expect((await run(retype, out.text)).edits).toHaveLength(0);
  });

  it('adds a parameter and its argument, keeping a one-per-line layout', async () => {
    const src = `using Duende.IdentityServer.Services;\nclass My : DefaultThing\n{\n    public My(\n        ILogger<My> logger)\n        : base(\n            logger)\n    { }\n}\n`;
    const out = await run(add, src);
    expect(out.text).toContain('public My(\n        ILogger<My> logger,\n        ICancellationTokenProvider cancellationTokenProvider)');
    expect(out.text).toContain(': base(\n            logger,\n            cancellationTokenProvider)');
    expect((await run(add, out.text)).edits).toHaveLength(0);
  });

  it('reuses a parameter the constructor already has', async () => {
    const src = `using Duende.IdentityServer.Services;\nclass My(ILogger<My> log, ICancellationTokenProvider ctp) : DefaultThing(log) { }\n`;
    const out = await run(add, src);
    expect(out.text).toBe(src.replace('DefaultThing(log)', 'DefaultThing(log, ctp)'));
  });

  it('removes an argument, and the parameter only when nothing else uses it', async () => {
    const src = `using Duende.IdentityServer.Services;\nclass A : DefaultThing { public A(ILogger<A> l, ICancellationTokenProvider c) : base(l, c) { } }\nclass B : DefaultThing { public B(ILogger<B> l, ICancellationTokenProvider c) : base(l, c) { Keep = c; } object Keep; }\n`;
    const out = await run(remove, src);
    expect(out.text).toContain('public A(ILogger<A> l) : base(l)');
    expect(out.text).toContain('public B(ILogger<B> l, ICancellationTokenProvider c) : base(l)');
  });

  it('leaves unrelated classes, other namespaces and this(...) chains alone', async () => {
    const src = `namespace Mine;\nclass DefaultThing { public DefaultThing(object a) {} }\nclass My : DefaultThing { public My(ISystemClock clock, object x) : base(clock) { } }\n`;
    const out = await run(retype, src);
    expect(out.edits).toHaveLength(0);
    expect(out.findings).toHaveLength(0);
  });

  it('reports a base call it cannot map', async () => {
    const src = `using Duende.IdentityServer.Services;\nclass My : DefaultThing { public My(ISystemClock clock) : base(clock, null, 3) { } }\n`;
    const out = await run(retype, src);
    expect(out.edits).toHaveLength(0);
    expect(out.findings.map((f) => [f.line, f.message])).toEqual([[2, expect.stringContaining('DefaultThing base constructor changed to (IClock clock, ILogger logger)')]]);
  });
});

describe('ctorChangeRule with overloads of different lengths', () => {
  const tp = { ns: 'System', name: 'TimeProvider' };
  const store = { ns: Services, name: 'IStore' };
  const rule = ctorChangeRule({
    ...meta,
    changes: [
      { base, before: [{ name: 'logger', type: logger }], after: [{ name: 'logger', type: logger }, { name: 'timeProvider', type: tp }] },
      { base, before: [{ name: 'logger', type: logger }, { name: 'store', type: store }], after: [{ name: 'logger', type: logger }, { name: 'timeProvider', type: tp }, { name: 'store', type: store }] },
    ],
  });

  it('inserts before the optional argument, and takes a call already passing the new type as migrated', async () => {
    const src = `using System;\nusing Duende.IdentityServer.Services;\nclass A : DefaultThing { public A(ILogger<A> l, IStore s) : base(l, s) { } }\n`;
    const out = await run(rule, src);
    expect(out.text).toContain('public A(ILogger<A> l, IStore s, TimeProvider timeProvider) : base(l, timeProvider, s)');
    const again = await run(rule, out.text);
    expect(again.edits).toHaveLength(0);
    expect(again.findings).toHaveLength(0);
    const migrated = `using System;\nusing Duende.IdentityServer.Services;\nclass B : DefaultThing { public B(ILogger<B> l, TimeProvider t) : base(l, t) { } }\n`;
    expect((await run(rule, migrated)).edits).toHaveLength(0);
  });
});

describe('using insertions of several rules', () => {
  const adds = (id: string, ns: string[]): FileRule => ({ ...meta, id, kind: 'fix', reads: ['csharp'], triggers: [], actsWithoutLibraryNamespace: true, run: (ctx) => addUsings(ctx, ns) });

  it('merge into one insertion instead of conflicting', async () => {
    const src = `using System;\n\nclass A { }\n`;
    const out = await runFileRules([adds('6.3-7.0/a', ['System.Threading']), adds('6.3-7.0/b', ['Duende.IdentityServer.Models', 'System.Threading'])], {
      file: 'A.cs', kind: 'csharp', text: src, eol: '\n', hop: ALL_HOPS[0], project: fixtureProject(),
    });
    expect(out.error).toBeUndefined();
    expect(out.text).toBe(`using System;\nusing System.Threading;\nusing Duende.IdentityServer.Models;\n\nclass A { }\n`);
  });
});

describe('typeFindingRule', () => {
  const rule = typeFindingRule({ ...meta, types: [{ type: { ns: 'IdentityServer4.Models', name: 'Scope' }, message: 'Scope is gone' }] });
  it('reports simple names the file sees and qualified names, never strings or other namespaces', async () => {
    const seen = await run(rule, `using IdentityServer4.Models;\nclass A {\n  Scope s = new Scope("x");\n  string t = "Scope";\n  // Scope\n  object q = typeof(IdentityServer4.Models.Scope);\n}\n`);
    expect(seen.findings.map((f) => f.line)).toEqual([3, 6]);
    const unseen = await run(rule, `using My.Models;\nclass A { Scope s; int Scope => 1; }\n`);
    expect(unseen.findings).toHaveLength(0);
  });
});

describe('member rules', () => {
  const iis = { ns: 'Duende.IdentityServer.Services', name: 'IIdentityServerInteractionService' };
  const rename = memberRenameRule({ ...meta, renames: [{ on: [iis], from: 'GetAllUserConsentsAsync', to: 'GetAllUserGrantsAsync', at: ['calls', 'implementations'] }] });
  it('renames calls on declared receivers (for review) and implementations', async () => {
    const src = `using Duende.IdentityServer.Services;\nclass C {\n  private readonly IIdentityServerInteractionService _i;\n  async Task M(Other o) { await _i.GetAllUserConsentsAsync(); await this._i.GetAllUserConsentsAsync(); await o.GetAllUserConsentsAsync(); }\n}\nclass I : IIdentityServerInteractionService { public Task GetAllUserConsentsAsync() => null; }\n`;
    const out = await run(rename, src);
    expect(out.text.match(/GetAllUserGrantsAsync/g)).toHaveLength(3);
    expect(out.text).toContain('o.GetAllUserConsentsAsync()');
    expect(out.edits.filter((e) => e.review)).toHaveLength(2);
  });
  it('reports members on declared receivers', async () => {
    const rule = memberFindingRule({ ...meta, members: [{ on: [iis], member: 'GetAllUserConsentsAsync', message: 'renamed' }] });
    const out = await run(rule, `using Duende.IdentityServer.Services;\nclass C {\n  IIdentityServerInteractionService _i;\n  void M() { _i.GetAllUserConsentsAsync(); }\n}\n`);
    expect(out.findings.map((f) => f.line)).toEqual([4]);
  });
  it('resolves a receiver name to the declaration in scope when the file declares it with several types', async () => {
    const rule = memberFindingRule({ ...meta, members: [{ on: [iis], member: 'GrantConsentAsync', message: 'changed' }] });
    const src = `using Duende.IdentityServer.Services;\nclass C {\n  Other s;\n  void A(IIdentityServerInteractionService s) { s.GrantConsentAsync(); }\n  void B(Other s) { s.GrantConsentAsync(); }\n  void D() { s.GrantConsentAsync(); var s2 = 1; }\n  void E() { IIdentityServerInteractionService s = null; s.GrantConsentAsync(); }\n}\n`;
    const out = await run(rule, src);
    expect(out.findings.map((f) => f.line)).toEqual([4, 7]);
  });
});
