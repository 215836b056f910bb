import path from 'node:path';
import { upgrade } from './support/run';
import { planProjects, PlanError } from '../src/plan/planner';
import type { PackageRef } from '../src/scan/model';
import { fixtureProject } from './support/project';

const site = { file: '/x/App.csproj', start: 0, end: 0, line: 1 };
const ref = (id: string, effective?: string): PackageRef => ({ id, idSite: site, otherIdSites: [], effective, unresolved: effective ? undefined : 'floating' });
const project = (name: string, packages: PackageRef[], projectReferences: string[] = []) => fixtureProject({ name, path: `/x/${name}.csproj`, packages, projectReferences });
const chain = (hops: { from: { line: string }; to: { line: string } }[]) => hops.map((h) => `${h.from.line}>${h.to.line}`).join(' ');

describe('planner', () => {
  it('chains every release line from the detected version to --to', () => {
    const [p] = planProjects([project('Host', [ref('Duende.IdentityServer', '6.2.3')])], { to: '7.4' });
    expect(chain(p.hops)).toBe('6.2>6.3 6.3>7.0 7.0>7.1 7.1>7.2 7.2>7.3 7.3>7.4');
  });

  it('defaults to the newest release and starts IdentityServer4 at its own line', () => {
    const [p] = planProjects([project('Host', [ref('IdentityServer4', '4.1.1')])], {});
    expect(p.hops[0].id).toBe('4.1-6.0'); // the direct hop of catalog §4.3
    expect(p.hops[0].steps?.map((h) => h.id)).toEqual(['4.1-5.0', '5.0-5.1', '5.1-5.2', '5.2-6.0']);
    expect(p.hops[p.hops.length - 1].to.latest).toBe('8.0.3');
  });

  it('takes IdentityServer4 4.1 to Duende 6.0 in one hop only when the target is 6.0 or newer', () => {
    const host = () => project('Host', [ref('IdentityServer4', '4.1.1')]);
    expect(planProjects([host()], { to: '5.2' })[0].hops.map((h) => h.id)).toEqual(['4.1-5.0', '5.0-5.1', '5.1-5.2']);
    expect(planProjects([host()], { to: '6.0' })[0].hops.map((h) => h.id)).toEqual(['4.1-6.0']);
    expect(planProjects([project('Old', [ref('IdentityServer4', '3.1.4')])], { to: '6.1' })[0].hops.map((h) => h.id)).toEqual(['3.1-4.1', '4.1-6.0', '6.0-6.1']);
  });

  it('plans each project of a mixed solution from its own version', () => {
    const plans = planProjects([project('Old', [ref('IdentityServer4', '4.1.1')]), project('New', [ref('Duende.IdentityServer', '7.4.6')])], { to: '7.4' });
    expect(plans[0].hops.map((h) => h.id)).toEqual(['4.1-6.0', '6.0-6.1', '6.1-6.2', '6.2-6.3', '6.3-7.0', '7.0-7.1', '7.1-7.2', '7.2-7.3', '7.3-7.4']);
    expect(plans[1].hops.map((h) => h.id)).toEqual(['7.4-7.4']); // patch step 7.4.6 -> 7.4.8
  });

  it('refuses downgrades and unknown releases with a clear message', () => {
    expect(() => planProjects([project('Host', [ref('Duende.IdentityServer', '8.0.1')])], { to: '7.4' })).toThrow(/newer than --to 7\.4; downgrades are not supported/);
    expect(() => planProjects([], { to: '9.1' })).toThrow(PlanError);
    expect(() => planProjects([], { to: '7.4.99' })).toThrow(/newest 7\.4 release this tool knows is 7\.4\.8/);
  });

  it('asks for --from when a version is unresolved, and --from overrides detection', () => {
    const [p] = planProjects([project('Host', [ref('Duende.IdentityServer')])], { to: '7.4' });
    expect(p.hops).toEqual([]);
    expect(p.notes.join()).toMatch(/pass --from/);
    const [q] = planProjects([project('Host', [ref('Duende.IdentityServer')])], { to: '7.4', from: '7.2' });
    expect(chain(q.hops)).toBe('7.2>7.3 7.3>7.4');
  });

  it('lands the last hop on an exact --to version', () => {
    const [p] = planProjects([project('Host', [ref('Duende.IdentityServer', '7.3.1')])], { to: '7.4.6' });
    expect(p.hops[p.hops.length - 1].to.latest).toBe('7.4.6');
  });

  it('gives IdentityModel-only projects the 7.1 step, and nothing before 7.1', () => {
    const [client] = planProjects([project('Client', [ref('IdentityModel', '6.2.0')])], { to: '7.4' });
    expect(client.role).toBe('identitymodel');
    expect(chain(client.hops)).toBe('7.0>7.1 7.1>7.2 7.2>7.3 7.3>7.4');
    const [early] = planProjects([project('Client', [ref('IdentityModel', '6.2.0')])], { to: '6.3' });
    expect(early.hops).toEqual([]);
  });

  it('lets a project without packages follow the project it references', () => {
    const plans = planProjects([project('Lib', [ref('Duende.IdentityServer', '7.0.1')]), project('Host', [], ['/x/Lib.csproj'])], { to: '7.1' });
    expect(plans[1].role).toBe('dependent');
    expect(chain(plans[1].hops)).toBe('7.0>7.1');
  });
});

describe('planner: patch updates within a release line', () => {
  it('moves an older patch to the newest (or the exact --to) patch of its line with a patch step', () => {
    const [p] = planProjects([project('Host', [ref('Duende.IdentityServer', '7.4.2')])], { to: '7.4' });
    expect(p.hops.map((h) => [h.id, h.to.latest])).toEqual([['7.4-7.4', '7.4.8']]);
    const [q] = planProjects([project('Host', [ref('Duende.IdentityServer', '7.4.2')])], { to: '7.4.6' });
    expect(q.hops.map((h) => h.to.latest)).toEqual(['7.4.6']);
    const [r] = planProjects([project('Host', [ref('Duende.IdentityServer', '7.4.8')])], { to: '7.4' });
    expect(r.hops).toEqual([]);
  });
});

describe('planner: IdentityModel satellites', () => {
  it('treats a project with only IdentityModel.OidcClient or IdentityModel.AspNetCore.* as an IdentityModel project', () => {
    const [oidc] = planProjects([project('Native', [ref('IdentityModel.OidcClient', '5.2.1')])], { to: '7.1' });
    expect([oidc.role, oidc.hops.map((h) => h.id)]).toEqual(['identitymodel', ['7.0-7.1']]);
    const [api] = planProjects([project('Api', [ref('IdentityModel.AspNetCore.OAuth2Introspection', '6.2.0')])], { to: '7.1' });
    expect(api.role).toBe('identitymodel');
    const [done] = planProjects([project('Client', [ref('Duende.IdentityModel', '8.1.0')])], { to: '8.0' });
    expect(done.hops).toEqual([]);
  });
});

describe('the direct hop 4.1 → 6.0', () => {
  it('runs the rules of each hop it stands for and reports their edits under its own id', async () => {
    const { run } = await upgrade(path.join(__dirname, '..', 'fixtures', 'solutions', 'is4-quickstart-ef'), { to: '6.0' });
    expect(run.result.hops.map((h) => h.hop.id)).toEqual(['4.1-6.0']);
    const edits = [...run.result.files.values()].flatMap((f) => f.edits);
    expect(new Set(edits.map((e) => e.hop))).toEqual(new Set(['4.1-6.0']));
    expect(edits.some((e) => e.ruleId === '4.1-5.0/identityserver4-namespaces')).toBe(true);
    expect(edits.some((e) => e.ruleId === 'every-hop/target-framework' && e.text === 'net6.0')).toBe(true);
  });
});
