/**
 * The 8.0 CancellationToken data and rules as a whole:
 *  - every Appendix A interface member (src/plan/cancellation-8.0.ts, cross-checked with the catalog by the generator)
 *    is handled by 7.4-8.0/cancellation-implementations: one implementing class per interface, generated from the
 *    data with the 7.4 signatures, must come out with the 8.0 parameter order;
 *  - every overridable class member the same way through an `override`;
 *  - every Appendix A member called on a receiver declared with its interface gets the token at its 8.0 position
 *    from 7.4-8.0/cancellation-call-sites;
 *  - the three rules together on one file, as the hop runs them.
 */
import { runFileRules } from '../src/engine/file-rules';
import type { FileRule } from '../src/engine/rule';
import { loadRules } from '../src/load-rules';
import { ALL_HOPS } from '../src/plan/catalog';
import { CANCELLATION_8_0, type CtMember, type CtParam } from '../src/plan/cancellation-8.0';
import { fixtureProject } from './support/project';

const hop = ALL_HOPS.find((h) => h.id === '7.4-8.0')!;
const rules = new Map(loadRules().map((r) => [r.id, r as FileRule]));
const implementations = rules.get('7.4-8.0/cancellation-implementations')!;
const callSites = rules.get('7.4-8.0/cancellation-call-sites')!;
const tokenProvider = rules.get('7.4-8.0/cancellation-token-provider')!;

async function run(rs: FileRule[], text: string) {
  const out = await runFileRules(rs, { file: 'src/Generated.cs', kind: 'csharp', text, eol: '\n', hop, project: fixtureProject() });
  expect(out.error).toBeUndefined();
  return out;
}

const CONCRETE = 'ErrorMessage';
/** A type with the entry's generic parameters replaced by a concrete type. */
const concrete = (type: string, e: CtMember) => (e.typeParams ?? []).reduce((t, p) => t.replace(new RegExp(`\\b${p}\\b`, 'g'), CONCRETE), type);
const paramText = (p: CtParam, e: CtMember) => `${concrete(p.type, e)} ${p.name}${p.default !== undefined ? ` = ${p.default}` : ''}`;
const generics = (e: CtMember) => (e.methodTypeParams?.length ? `<${e.methodTypeParams.join(', ')}>` : '');

/**
 * The parameter list the rule must leave: the 7.4 parameters in 8.0 order, the new token written `CancellationToken ct`,
 * or `CancellationToken ct = default` after a parameter that keeps its default value (a required one would be CS1737).
 */
function expectedParams(e: CtMember): string {
  const old = e.old.filter((p) => !p.this);
  const optionalBefore = old.slice(0, e.at).some((p) => p.default !== undefined);
  return e.new
    .filter((p) => !p.this)
    .map((p, i) => {
      if (i === e.at) return e.oldAt !== undefined ? paramText(old[e.oldAt], e) : `CancellationToken ct${optionalBefore ? ' = default' : ''}`;
      return paramText(old.find((o) => o.name === p.name)!, e);
    })
    .join(', ');
}

const byType = (entries: CtMember[]) => {
  const m = new Map<string, CtMember[]>();
  for (const e of entries) m.set(`${e.ns}.${e.name}`, [...(m.get(`${e.ns}.${e.name}`) ?? []), e]);
  return m;
};

describe('Appendix A: every interface member gains its token in implementations', () => {
  const appendix = CANCELLATION_8_0.filter((e) => e.appendixA);
  const interfaces = byType(appendix);

  it('covers the Appendix A list', () => {
    expect(interfaces.size).toBe(104);
    expect(appendix.every((e) => e.kind === 'interface')).toBe(true);
    // Spot checks of the catalog's placement examples.
    const at = (name: string, member: string) => appendix.find((e) => e.name === name && e.member === member)!;
    expect(at('IIdentityServerInteractionService', 'GrantConsentAsync').at).toBe(2);
    expect(at('IPersistedGrantService', 'RemoveAllGrantsAsync').at).toBe(1);
    expect(at('IHandleGenerationService', 'GenerateAsync').at).toBe(0);
    expect(at('IServerSideSessionStore', 'QuerySessionsAsync')).toMatchObject({ at: 0, oldAt: 1, change: 'moved' });
    expect(at('ITokenValidator', 'ValidateAccessTokenAsync')).toMatchObject({ at: 2, change: 'added' });
  });

  for (const [full, entries] of interfaces) {
    it(full, async () => {
      const e0 = entries[0];
      const base = e0.typeParams ? `${e0.name}<${CONCRETE}>` : e0.name;
      const methods = entries.map((e) => `    public ${e.returns} ${e.member}${generics(e)}(${e.old.map((p) => paramText(p, e)).join(', ')}) => throw null;`);
      const src = `using System.Threading.Tasks;\nusing ${e0.ns};\n\nnamespace App;\n\npublic class Impl : ${base}\n{\n${methods.join('\n')}\n}\n`;
      const out = await run([implementations], src);
      for (const e of entries) expect(out.text).toContain(`public ${e.returns} ${e.member}${generics(e)}(${expectedParams(e)}) => throw null;`);
      const added = entries.some((e) => e.change === 'added');
      // The using comes with a new token; a file that already names CancellationToken sees it.
      expect(out.text.split('using System.Threading;\n').length - 1).toBe(added && !src.includes('CancellationToken') ? 1 : 0);
      expect((await run([implementations], out.text)).edits).toEqual([]);
    });
  }
});

describe('virtual members of the default implementations gain their token in overrides', () => {
  const overridable = CANCELLATION_8_0.filter((e) => e.kind === 'class' && e.modifiers.some((m) => m === 'virtual' || m === 'abstract' || m === 'override'));

  it('has the virtuals of the stores and services users derive from', () => {
    const names = new Set(overridable.map((e) => e.name));
    for (const n of ['DefaultProfileService', 'ProfileService', 'DefaultGrantStore', 'TokenResponseGenerator', 'DefaultTokenService', 'ClientStore', 'ResourceStore', 'PersistedGrantStore', 'ServerSideSessionStore', 'DynamicClientRegistrationValidator']) {
      expect(names).toContain(n);
    }
  });

  for (const [full, entries] of byType(overridable)) {
    it(full, async () => {
      const e0 = entries[0];
      const base = e0.typeParams ? `${e0.name}<${e0.typeParams.map(() => CONCRETE).join(', ')}>` : e0.name;
      const methods = entries.map((e) => `    public override ${e.returns} ${e.member}${generics(e)}(${e.old.map((p) => paramText(p, e)).join(', ')}) => throw null;`);
      const src = `using System.Threading;\nusing System.Threading.Tasks;\nusing ${e0.ns};\n\nnamespace App;\n\npublic class Derived : ${base}\n{\n${methods.join('\n')}\n}\n`;
      const out = await run([implementations], src);
      for (const e of entries) expect(out.text).toContain(`public override ${e.returns} ${e.member}${generics(e)}(${expectedParams(e)}) => throw null;`);
    });
  }
});

describe('Appendix A: calls on a receiver declared with the interface pass a token at its 8.0 position', () => {
  const added = CANCELLATION_8_0.filter((e) => e.appendixA && e.change === 'added');
  for (const e of added) {
    const old = e.old.filter((p) => !p.this);
    it(`${e.name}.${e.member}(${old.map((p) => p.name).join(', ')})`, async () => {
      const receiver = e.typeParams ? `${e.name}<${CONCRETE}>` : e.name;
      // Every 7.4 parameter passed positionally, as variables named like the parameters.
      const call = `_x.${e.member}(${old.map((p) => p.name).join(', ')})`;
      const src = `using System.Threading;\nusing System.Threading.Tasks;\nusing ${e.ns};\n\nnamespace App;\n\npublic class Caller\n{\n    private readonly ${receiver} _x;\n\n    public async Task RunAsync(CancellationToken stop)\n    {\n        await ${call};\n    }\n}\n`;
      const out = await run([callSites], src);
      const args = old.map((p, i) => (i < e.at ? p.name : `${p.name}: ${p.name}`));
      args.splice(e.at, 0, 'stop');
      expect(out.text).toContain(`await _x.${e.member}(${args.join(', ')});`);
      expect((await run([callSites], out.text)).edits).toEqual([]);
    });
  }
});

describe('the three rules in one hop', () => {
  it('adds the parameter, passes it on, and replaces the provider token, with one using', async () => {
    const src = [
      'using System.Threading.Tasks;',
      'using Duende.IdentityServer.Models;',
      'using Duende.IdentityServer.Services;',
      'using Duende.IdentityServer.Stores;',
      '',
      'namespace Host;',
      '',
      'public class CachingStore : IClientStore',
      '{',
      '    private readonly IClientStore _inner;',
      '    private readonly ICancellationTokenProvider _cancellationTokenProvider;',
      '',
      '    public async Task<Client?> FindClientByIdAsync(string clientId)',
      '    {',
      '        await Task.Delay(1, _cancellationTokenProvider.CancellationToken);',
      '        return await _inner.FindClientByIdAsync(clientId);',
      '    }',
      '',
      '    public Task<Client?> FindAsync(string id) => _inner.FindClientByIdAsync(id);',
      '}',
      '',
    ].join('\n');
    const out = await run([implementations, callSites, tokenProvider], src);
    expect(out.text).toBe(
      src
        .replace('using System.Threading.Tasks;', 'using System.Threading;\nusing System.Threading.Tasks;')
        .replace('FindClientByIdAsync(string clientId)', 'FindClientByIdAsync(string clientId, CancellationToken ct)')
        .replace('_cancellationTokenProvider.CancellationToken', 'ct')
        .replace('_inner.FindClientByIdAsync(clientId)', '_inner.FindClientByIdAsync(clientId, ct)')
        .replace('_inner.FindClientByIdAsync(id)', '_inner.FindClientByIdAsync(id, CancellationToken.None)'),
    );
    // AUTO: the signature; review: the calls and the provider replacement.
    expect(out.edits.filter((e) => !e.review).map((e) => e.text)).toEqual(['using System.Threading;\n', ', CancellationToken ct']);
    expect((await run([implementations, callSites, tokenProvider], out.text)).edits).toEqual([]);
  });

  it('with the GetAllClientsAsync stub, adds using System.Threading once (two rules add it at different spots)', async () => {
    const stubs = rules.get('7.4-8.0/client-store-get-all-clients')!;
    const src = [
      'using System.Collections.Generic;',
      'using System.Threading.Tasks;',
      'using Duende.IdentityServer.Models;',
      'using Duende.IdentityServer.Stores;',
      '',
      'namespace Host;',
      '',
      'public class Store : IClientStore',
      '{',
      '    public Task<Client?> FindClientByIdAsync(string clientId) => Task.FromResult<Client?>(null);',
      '}',
      '',
    ].join('\n');
    const out = await run([implementations, callSites, tokenProvider, stubs], src);
    expect(out.text.match(/^using System\.Threading;$/gm)).toHaveLength(1);
    expect(out.text).toContain('using System.Collections.Generic;\nusing System.Threading;\nusing System.Threading.Tasks;');
    expect(out.text).toContain('using Duende.IdentityServer.Stores;\nusing System;\n\nnamespace Host;');
    expect((await run([implementations, callSites, tokenProvider, stubs], out.text)).edits).toEqual([]);
  });

  it('declares the catalog rows', () => {
    const catalog = [implementations, callSites, tokenProvider].flatMap((r) => r.catalog ?? []);
    for (const id of ['R3', 'A', '4.15#1', '4.15#8', '4.15#13', '4.15#16', '4.15#24', '4.15#25']) expect(catalog).toContain(id);
  });
});
