/**
 * EF migration plan: which IdentityServer DbContexts the solution uses (ConfigurationDbContext,
 * PersistedGrantDbContext, or the user's subclasses / own contexts implementing IConfigurationDbContext /
 * IPersistedGrantDbContext), where their migrations live (the folder of the `[DbContext(typeof(X))]` model
 * snapshot, else what `MigrationsAssembly(...)` names, else the startup project), and the exact
 * `dotnet ef migrations add` command for every hop that changes their schema (catalog §7).
 */
import path from 'node:path';
import type { CodeFacts, ClassFact, MigrationsAssemblyCall } from './code-facts';
import type { InventoryPackage, ProjectProperties } from './inventory';
import type { AuditContext, AuditDatabase, AuditMigration, ProjectRole } from './model';
import { CONTEXT_OF_KIND, schemaOf, type ContextKind } from './schema-changes';

export interface EfProject {
  path: string; // relative to the audit root
  dir: string; // relative, '' for the root
  name: string;
  props: ProjectProperties;
  facts: CodeFacts;
  packages: InventoryPackage[];
  roles: ProjectRole[];
  /** Regular hops planned for the project, in order. */
  hops: { id: string; to: string }[];
}

const KINDS: ContextKind[] = ['configuration', 'operational'];
const BASES: Record<ContextKind, string[]> = {
  configuration: ['ConfigurationDbContext', 'IConfigurationDbContext'],
  operational: ['PersistedGrantDbContext', 'IPersistedGrantDbContext'],
};
const STORE_CALLS: Record<ContextKind, string[]> = {
  configuration: ['AddConfigurationStore', 'AddConfigurationDbContext'],
  operational: ['AddOperationalStore', 'AddOperationalDbContext'],
};
const DEFAULT_FOLDER: Record<ContextKind, string> = { configuration: 'Migrations/ConfigurationDb', operational: 'Migrations/PersistedGrantDb' };

const quote = (s: string) => (/[\s"'$&|;<>()]/.test(s) ? `"${s.replace(/(["\\$`])/g, '\\$1')}"` : s);
const short = (context: string) => context.replace(/Context$/, '');
const isEfPackage = (id: string) => /^(duende\.identityserver|identityserver4)\.entityframework/i.test(id);

function kindsOfClass(c: ClassFact): ContextKind[] {
  return KINDS.filter((k) => c.bases.some((b) => BASES[k].includes(b.slice(b.lastIndexOf('.') + 1))));
}

export function efPlan(projects: EfProject[], targetLine: string): AuditDatabase {
  const notes: string[] = [];
  const all = projects.flatMap((p) => p.facts.classes.map((c) => ({ project: p, cls: c })));
  // Context name -> kinds: IdentityServer's own, and user classes deriving from them or implementing their interfaces.
  const kindsOf = new Map<string, ContextKind[]>(KINDS.map((k) => [CONTEXT_OF_KIND[k], [k]]));
  const declaredAt = new Map<string, { project: EfProject; cls: ClassFact }>();
  for (const x of all) {
    const kinds = kindsOfClass(x.cls);
    if (kinds.length && !x.cls.bases.some((b) => b === 'ModelSnapshot')) {
      kindsOf.set(x.cls.name, kinds);
      if (!declaredAt.has(x.cls.name)) declaredAt.set(x.cls.name, x);
    }
  }
  const snapshots = all.filter((x) => x.cls.dbContextAttr && x.cls.bases.some((b) => b === 'ModelSnapshot' || b.endsWith('.ModelSnapshot')));
  const migrations = all.filter((x) => x.cls.dbContextAttr && x.cls.migrationId);
  const storeCalls = projects.flatMap((p) => p.facts.calls.filter((c) => KINDS.some((k) => STORE_CALLS[k].includes(c.name))).map((call) => ({ project: p, call })));
  const efPackages = projects.some((p) => p.packages.some((pkg) => isEfPackage(pkg.id)));

  // Contexts in use, per kind. A store call whose type argument is a type parameter (`AddConfigurationDbContext<TContext>`
  // in a generic helper) names no class: the concrete context comes from a model snapshot or a class of that kind.
  const used = new Map<string, ContextKind>();
  const unnamed = new Set<ContextKind>();
  for (const { call } of storeCalls) {
    const kind = KINDS.find((k) => STORE_CALLS[k].includes(call.name))!;
    if (call.genericArg) unnamed.add(kind);
    else used.set(call.typeArg ? call.typeArg.slice(call.typeArg.lastIndexOf('.') + 1) : CONTEXT_OF_KIND[kind], kind);
  }
  for (const s of snapshots) {
    const kinds = kindsOf.get(s.cls.dbContextAttr!);
    if (kinds?.length === 1) used.set(s.cls.dbContextAttr!, kinds[0]);
    else if (kinds) for (const k of kinds) if (![...used.values()].includes(k)) used.set(s.cls.dbContextAttr!, k);
  }
  for (const k of unnamed) {
    if ([...used.values()].includes(k)) continue;
    const own = [...declaredAt.keys()].filter((n) => kindsOf.get(n)?.includes(k)).sort();
    for (const n of own.length ? own : [CONTEXT_OF_KIND[k]]) used.set(n, k);
  }
  if (!used.size && efPackages) {
    for (const k of KINDS) used.set(CONTEXT_OF_KIND[k], k);
    notes.push('IdentityServer EntityFramework packages are referenced, but no AddConfigurationStore / AddOperationalStore call or model snapshot was found: both contexts are assumed');
  }
  if (!used.size) {
    return { efStores: false, contexts: [], migrations: [], allAtOnce: [], notes: ['No IdentityServer EF store found (no EntityFramework package, store call or model snapshot): no database migration is planned. Custom stores must be updated by hand for the schema changes of each hop.'] };
  }

  const hosts = projects.filter((p) => p.roles.includes('identityserver-host'));
  const contexts: AuditContext[] = [];
  for (const [name, kind] of [...used].sort((a, b) => KINDS.indexOf(a[1]) - KINDS.indexOf(b[1]) || a[0].localeCompare(b[0]))) {
    const call = storeCalls.find((s) => STORE_CALLS[kind].includes(s.call.name) && (!s.call.typeArg || s.call.typeArg.endsWith(name))) ?? storeCalls.find((s) => STORE_CALLS[kind].includes(s.call.name));
    // One entry per migrations project: a solution may keep one per database provider (SqlServer, PostgreSQL, MySql…).
    // Projects that take part in the upgrade come first; copies in templates that nothing upgrades only when alone.
    const ofContext = snapshots.filter((s) => s.cls.dbContextAttr === name);
    const planned = ofContext.filter((s) => s.project.hops.length);
    const chosen = [...new Map((planned.length ? planned : ofContext).map((s) => [s.project.path, s])).values()].sort((a, b) => a.project.path.localeCompare(b.project.path));
    for (const snapshot of chosen.length ? chosen : [undefined]) {
      // `dotnet ef` needs an application as startup project: a host that configures the store, else any host.
      const hostCall = storeCalls.find((s) => STORE_CALLS[kind].includes(s.call.name) && (!s.call.typeArg || s.call.typeArg.endsWith(name)) && s.project.roles.includes('identityserver-host'));
      const startup = hostCall?.project ?? (call?.project.roles.includes('identityserver-host') ? call.project : undefined) ?? hosts[0] ?? call?.project ?? snapshot?.project;
      let migrationsProject: EfProject | undefined;
      let how: string;
      if (snapshot) {
        migrationsProject = snapshot.project;
        how = `model snapshot ${snapshot.cls.name} at ${snapshot.cls.file}:${snapshot.cls.line}`;
      } else {
        const ma = startup?.facts.migrationsAssembly.find((m) => m.dbContext === name || (!m.dbContext && m.kinds.includes(kind)));
        const resolved = ma && startup ? resolveAssembly(ma, startup, projects) : undefined;
        if (resolved) {
          migrationsProject = resolved;
          how = `MigrationsAssembly(...) at ${ma!.file}:${ma!.line}`;
        } else {
          migrationsProject = startup;
          how = ma ? `MigrationsAssembly(...) at ${ma.file}:${ma.line} could not be resolved to a project; assumed the startup project` : 'no migrations found: EF puts them in the startup project';
        }
      }
      const folder = snapshot && migrationsProject ? path.posix.relative(migrationsProject.dir || '.', path.posix.dirname(snapshot.cls.file)) || '.' : DEFAULT_FOLDER[kind];
      const own = migrations.filter((m) => m.cls.dbContextAttr === name && (!snapshot || m.project === snapshot.project)).map((m) => m.cls.migrationId!).sort();
      const decl = declaredAt.get(name);
      contexts.push({
        name,
        kind,
        declared: decl ? { file: decl.cls.file, line: decl.cls.line } : null,
        migrationsProject: migrationsProject?.path ?? null,
        startupProject: startup?.path ?? null,
        folder,
        folderFrom: snapshot ? 'snapshot' : 'default',
        snapshot: snapshot ? { file: snapshot.cls.file, line: snapshot.cls.line } : null,
        existingMigrations: own.length,
        latestMigration: own.length ? own[own.length - 1] : null,
        how,
      });
    }
  }

  const commandFor = (c: AuditContext, name: string) =>
    ['dotnet ef migrations add', name, '-c', c.name, '-o', quote(c.folder), ...(c.migrationsProject ? ['--project', quote(c.migrationsProject)] : []), ...(c.startupProject ? ['--startup-project', quote(c.startupProject)] : [])].join(' ');
  const out: AuditMigration[] = [];
  const allAtOnce: AuditDatabase['allAtOnce'] = [];
  for (const c of contexts) {
    const startup = projects.find((p) => p.path === c.startupProject) ?? projects.find((p) => p.path === c.migrationsProject);
    const hops = startup?.hops.length ? startup.hops : [...new Map(projects.flatMap((p) => p.hops).map((h) => [h.id, h])).values()];
    let any = false;
    for (const h of hops) {
      const change = schemaOf(h.id)[c.kind];
      if (!change) continue;
      any = true;
      const name = `IdentityServerV${h.to.replace('.', '_')}_${short(c.name)}`;
      out.push({ hop: h.id, context: c.name, kind: c.kind, project: c.migrationsProject, name, command: commandFor(c, name), changes: change.changes, warnings: change.warnings ?? [], handEdit: change.handEdit ?? null });
    }
    if (any) allAtOnce.push({ context: c.name, project: c.migrationsProject, command: commandFor(c, `IdentityServerV${targetLine.replace('.', '_')}_${short(c.name)}`) });
  }
  const rankOf = (hop: string) => hop.split('-')[0].split('.').reduce((a, b) => a * 100 + Number(b), 0);
  out.sort((a, b) => rankOf(a.hop) - rankOf(b.hop) || KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || a.context.localeCompare(b.context) || (a.project ?? '').localeCompare(b.project ?? ''));
  if (!out.length) notes.push('No hop of the plan changes the schema of the contexts in use.');
  return { efStores: true, contexts, migrations: out, allAtOnce, notes };
}

function resolveAssembly(ma: MigrationsAssemblyCall, caller: EfProject, projects: EfProject[]): EfProject | undefined {
  const ref = ma.ref;
  if (ref.kind === 'self') return caller;
  if (ref.kind === 'name') return projects.find((p) => p.props.assemblyName.toLowerCase() === ref.value.toLowerCase() || p.name.toLowerCase() === ref.value.toLowerCase());
  if (ref.kind === 'type') {
    const declaring = projects.filter((p) => p.facts.classes.some((c) => c.name === ref.value));
    if (declaring.length === 1) return declaring[0];
    // Top-level statements declare no Program class: typeof(Program) names the caller's own assembly.
    if (!declaring.length && ref.value === 'Program') return caller;
    return declaring.find((p) => p === caller) ?? declaring[0];
  }
  return undefined;
}
