/**
 * What the audit reads from a project's C# code: calls that reveal its role (AddIdentityServer, AddJwtBearer,
 * AddOpenIdConnect, …), signing-key, data-protection and licence configuration, EF store setup
 * (`MigrationsAssembly(...)` and the store call around it), DbContext classes, migrations and model snapshots,
 * and files that look copied from the IdentityServer UI templates. Syntax only; read-only.
 */
import fs from 'node:fs';
import path from 'node:path';
import globby from 'globby';
import { csharpParser, type Node } from '../engine/csharp';
import { decode, lineCol } from '../util/text';
import type { ContextKind } from './schema-changes';

export interface Spot {
  file: string; // relative to the audit root, with /
  line: number;
}

export interface Call extends Spot {
  name: string;
  /** First generic type argument, e.g. `AddConfigurationStore<AppConfigurationDbContext>`; absent when it is a type parameter in scope (`AddConfigurationDbContext<TContext>` in a generic method names no class). */
  typeArg?: string;
  /** The first type argument was a type parameter of an enclosing method, local function or type. */
  genericArg?: boolean;
}

/** How a `MigrationsAssembly(...)` argument names the assembly. */
export type AssemblyRef = { kind: 'name'; value: string } | { kind: 'type'; value: string } | { kind: 'self' } | { kind: 'unknown'; value: string };

export interface MigrationsAssemblyCall extends Spot {
  ref: AssemblyRef;
  /** The store the call configures: from the enclosing AddConfigurationStore / AddOperationalStore / AddDbContext<T>. */
  kinds: ContextKind[];
  dbContext?: string;
}

export interface ClassFact extends Spot {
  name: string;
  namespace?: string;
  bases: string[]; // base list entries as written, generic arguments stripped
  /** `[DbContext(typeof(X))]` → X (simple name). */
  dbContextAttr?: string;
  /** `[Migration("20240104192353_Grants")]`. */
  migrationId?: string;
}

export interface CodeFacts {
  calls: Call[];
  migrationsAssembly: MigrationsAssemblyCall[];
  /** Every class and record declared, with its base list and EF attributes. */
  classes: ClassFact[];
  /** `LicenseKey = …` in code, `"LicenseKey"` in appsettings*.json. */
  licenseKeys: Spot[];
  /** Files that look copied from the IdentityServer UI templates (Quickstart, Account/Login pages, consent, …). */
  uiFiles: string[];
  /** Files the parser could not read fully (facts from them may be missing). */
  unreadable: string[];
}

/** Invocation names the audit records; anything else is ignored. */
export const SIGNAL_CALLS = [
  'AddIdentityServer', 'UseIdentityServer',
  'AddConfigurationStore', 'AddOperationalStore', 'AddConfigurationDbContext', 'AddOperationalDbContext',
  'AddJwtBearer', 'AddOAuth2Introspection', 'AddIdentityServerAuthentication',
  'AddOpenIdConnect', 'AddAccessTokenManagement', 'AddClientCredentialsTokenManagement', 'AddOpenIdConnectAccessTokenManagement',
  'AddUserAccessTokenHttpClient', 'AddClientAccessTokenHttpClient', 'AddBff',
  'RequestClientCredentialsTokenAsync', 'RequestPasswordTokenAsync', 'RequestAuthorizationCodeTokenAsync', 'RequestRefreshTokenAsync',
  'RequestTokenExchangeTokenAsync', 'GetDiscoveryDocumentAsync', 'IntrospectTokenAsync',
  'AddSigningCredential', 'AddDeveloperSigningCredential', 'AddValidationKey',
  'AddDataProtection', 'SetApplicationName', 'PersistKeysToFileSystem', 'PersistKeysToDbContext', 'PersistKeysToStackExchangeRedis', 'PersistKeysToAzureBlobStorage',
  'AddDbContext', 'AddDbContextPool', 'MigrationsAssembly',
] as const;

const SIGNALS = new Set<string>(SIGNAL_CALLS);
const STORE_KIND: Record<string, ContextKind> = {
  AddConfigurationStore: 'configuration',
  AddConfigurationDbContext: 'configuration',
  AddOperationalStore: 'operational',
  AddOperationalDbContext: 'operational',
};
const TRIGGERS = [...SIGNAL_CALLS, 'OidcClient', 'LicenseKey', 'DbContext', 'ModelSnapshot', 'Migration'];

const UI_PATTERNS = [/(^|\/)Quickstart\//i, /(^|\/)Pages\/(Account\/(Login|Logout)|Consent|Grants|Device|Ciba|Diagnostics|ExternalLogin)(\/|\.)/i, /(^|\/)Views\/(Account|Consent|Grants|Device|Diagnostics)\//i];

const named = (n: Node) => n.namedChildren.filter((c): c is Node => c !== null);

/** Simple name of a type as written: `Duende.X.Foo<Bar>` → `Foo`. */
export function simpleName(type: string): string {
  const noGeneric = type.replace(/<.*$/s, '').trim();
  return noGeneric.slice(noGeneric.lastIndexOf('.') + 1).replace(/^global::/, '');
}

function calledName(fn: Node | null): { name?: string; typeArg?: string } {
  if (!fn) return {};
  let n: Node | null = fn;
  if (n.type === 'member_access_expression') n = n.childForFieldName('name');
  else if (n.type === 'conditional_access_expression') n = named(n).pop() ?? null;
  if (n?.type === 'member_binding_expression') n = n.childForFieldName('name');
  if (n?.type === 'identifier') return { name: n.text };
  if (n?.type === 'generic_name') {
    const [id, args] = named(n);
    return { name: id?.text, typeArg: args ? named(args)[0]?.text : undefined };
  }
  return {};
}

/** The C# files of a project: under its folder, minus bin/obj and the folders of projects nested in it. */
export async function projectSources(dir: string, otherDirs: string[], patterns = ['**/*.cs']): Promise<string[]> {
  const nested = otherDirs.filter((d) => d !== dir && d.startsWith(dir + path.sep));
  const files = await globby(patterns, { cwd: dir, gitignore: true, ignore: ['**/bin/**', '**/obj/**', '**/node_modules/**', '**/.git/**'], absolute: true, followSymbolicLinks: false });
  return files.map((f) => path.resolve(f)).filter((f) => !nested.some((d) => f.startsWith(d + path.sep))).sort();
}

export async function codeFacts(root: string, dir: string, otherDirs: string[]): Promise<CodeFacts> {
  const rel = (p: string) => path.relative(root, p).split(path.sep).join('/');
  const facts: CodeFacts = { calls: [], migrationsAssembly: [], classes: [], licenseKeys: [], uiFiles: [], unreadable: [] };
  const sources = await projectSources(dir, otherDirs, ['**/*.cs', '**/*.cshtml', '**/*.razor', 'appsettings*.json']);
  const parser = await csharpParser();
  for (const file of sources) {
    const inProject = path.relative(dir, file).split(path.sep).join('/');
    if (UI_PATTERNS.some((re) => re.test(inProject))) facts.uiFiles.push(rel(file));
    const lower = file.toLowerCase();
    if (lower.endsWith('.json')) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/"LicenseKey"\s*:\s*"([^"]*)"/g)) if (m[1].trim()) facts.licenseKeys.push({ file: rel(file), line: lineCol(text, m.index ?? 0).line });
      continue;
    }
    if (!lower.endsWith('.cs')) continue;
    const decoded = decode(fs.readFileSync(file));
    if (!decoded.ok) {
      facts.unreadable.push(rel(file));
      continue;
    }
    const text = decoded.file.text;
    if (!TRIGGERS.some((t) => text.includes(t))) {
      // Not parsed: only the class names, which `MigrationsAssembly(typeof(X)...)` may point at.
      for (const m of text.matchAll(/\b(?:class|record)\s+([A-Za-z_]\w*)/g)) facts.classes.push({ file: rel(file), line: lineCol(text, m.index ?? 0).line, name: m[1], bases: [] });
      continue;
    }
    const tree = parser.parse(text);
    if (!tree) continue;
    try {
      if (tree.rootNode.hasError) facts.unreadable.push(rel(file));
      readTree(tree.rootNode, text, rel(file), facts);
    } finally {
      tree.delete();
    }
  }
  return facts;
}

function readTree(root: Node, text: string, file: string, facts: CodeFacts): void {
  const at = (n: Node): Spot => ({ file, line: lineCol(text, n.startIndex).line });
  const visit = (n: Node, ns: string | undefined): void => {
    switch (n.type) {
      case 'namespace_declaration':
      case 'file_scoped_namespace_declaration': {
        const name = n.childForFieldName('name')?.text;
        ns = ns && n.type === 'namespace_declaration' ? `${ns}.${name}` : name;
        if (n.type === 'file_scoped_namespace_declaration') {
          // Its members are the file's later siblings.
          let s = n.nextNamedSibling;
          while (s) {
            visit(s, ns);
            s = s.nextNamedSibling;
          }
        }
        break;
      }
      case 'invocation_expression': {
        const { name, typeArg } = calledName(n.childForFieldName('function'));
        if (name && SIGNALS.has(name)) {
          const generic = typeArg !== undefined && isTypeParameter(n, typeArg);
          facts.calls.push({ ...at(n), name, ...(typeArg && !generic ? { typeArg } : {}), ...(generic ? { genericArg: true } : {}) });
          if (name === 'MigrationsAssembly') facts.migrationsAssembly.push(migrationsAssembly(n, at(n)));
        }
        break;
      }
      case 'object_creation_expression': {
        const type = n.childForFieldName('type')?.text;
        if (type && simpleName(type) === 'OidcClient') facts.calls.push({ ...at(n), name: 'OidcClient' });
        break;
      }
      case 'assignment_expression': {
        const left = n.childForFieldName('left');
        const leftName = left?.type === 'member_access_expression' ? left.childForFieldName('name')?.text : left?.text;
        if (leftName === 'LicenseKey') facts.licenseKeys.push(at(n));
        break;
      }
      case 'class_declaration':
      case 'record_declaration': {
        const cls = classFact(n, at(n), ns);
        if (cls) facts.classes.push(cls);
        break;
      }
    }
    for (const c of named(n)) {
      if (n.type === 'compilation_unit' && c.type !== 'file_scoped_namespace_declaration' && hasFileScopedBefore(c)) continue;
      visit(c, ns);
    }
  };
  visit(root, undefined);
}

/** `name` is a type parameter of a method, local function, type or delegate enclosing `n`. */
export function isTypeParameter(n: Node, name: string): boolean {
  if (!/^[A-Za-z_]\w*$/.test(name)) return false;
  for (let p: Node | null = n.parent; p; p = p.parent) {
    const list = named(p).find((c) => c.type === 'type_parameter_list');
    if (list && named(list).some((tp) => named(tp).some((c) => c.type === 'identifier' && c.text === name))) return true;
  }
  return false;
}

function hasFileScopedBefore(n: Node): boolean {
  for (let s = n.previousNamedSibling; s; s = s.previousNamedSibling) if (s.type === 'file_scoped_namespace_declaration') return true;
  return false;
}

function classFact(n: Node, spot: Spot, ns: string | undefined): ClassFact | undefined {
  const name = n.childForFieldName('name')?.text;
  if (!name) return undefined;
  const baseList = named(n).find((c) => c.type === 'base_list');
  const bases = baseList ? named(baseList).filter((b) => b.type !== 'argument_list').map((b) => b.text.replace(/<.*$/s, '').trim()) : [];
  let dbContextAttr: string | undefined;
  let migrationId: string | undefined;
  for (const list of named(n).filter((c) => c.type === 'attribute_list')) {
    for (const attr of named(list).filter((a) => a.type === 'attribute')) {
      const attrName = simpleName(attr.childForFieldName('name')?.text ?? '');
      const args = named(attr).find((c) => c.type === 'attribute_argument_list');
      const first = args ? named(args)[0] : undefined;
      if (attrName === 'DbContext' || attrName === 'DbContextAttribute') {
        const typeofNode = first && named(first).find((c) => c.type === 'typeof_expression');
        const type = typeofNode?.childForFieldName('type')?.text;
        if (type) dbContextAttr = simpleName(type);
      }
      if ((attrName === 'Migration' || attrName === 'MigrationAttribute') && first) {
        const lit = named(first).find((c) => c.type === 'string_literal');
        if (lit) migrationId = named(lit).map((c) => c.text).join('');
      }
    }
  }
  return { ...spot, name, namespace: ns, bases, dbContextAttr, migrationId };
}

function migrationsAssembly(call: Node, spot: Spot): MigrationsAssemblyCall {
  const args = call.childForFieldName('arguments');
  const arg = args ? named(args).find((a) => a.type === 'argument') : undefined;
  const expr = arg ? named(arg).filter((c) => !(c.type === 'identifier' && arg.childForFieldName('name')?.id === c.id))[0] : undefined;
  const ref = expr ? assemblyRef(expr, call, 0) : { kind: 'unknown' as const, value: '' };
  const kinds: ContextKind[] = [];
  let dbContext: string | undefined;
  let unknownContext = false; // AddDbContext<T> with T a type parameter: some context, not known which
  for (let p = call.parent; p; p = p.parent) {
    if (p.type !== 'invocation_expression') continue;
    const { name, typeArg } = calledName(p.childForFieldName('function'));
    const concrete = typeArg && !isTypeParameter(p, typeArg) ? typeArg : undefined;
    if (name && STORE_KIND[name]) {
      kinds.push(STORE_KIND[name]);
      if (concrete) dbContext = simpleName(concrete);
      break;
    }
    if ((name === 'AddDbContext' || name === 'AddDbContextPool') && typeArg) {
      if (concrete) dbContext = simpleName(concrete);
      else unknownContext = true;
      break;
    }
  }
  return { ...spot, ref, kinds: kinds.length || dbContext || unknownContext ? kinds : ['configuration', 'operational'], dbContext };
}

/** Follows a MigrationsAssembly argument: a string, typeof(X).Assembly…, the executing assembly, or a local/field holding one of them. */
function assemblyRef(expr: Node, from: Node, depth: number): AssemblyRef {
  if (expr.type === 'string_literal') return { kind: 'name', value: named(expr).map((c) => c.text).join('') };
  const text = expr.text;
  const typeofMatch = /typeof\s*\(\s*([\w.:<>]+)\s*\)/.exec(text);
  if (typeofMatch) return { kind: 'type', value: simpleName(typeofMatch[1]) };
  if (/GetExecutingAssembly\s*\(|GetType\s*\(\s*\)|GetCallingAssembly\s*\(/.test(text)) return { kind: 'self' };
  if (expr.type === 'identifier' && depth < 4) {
    const value = findDeclaration(from, expr.text);
    if (value) return assemblyRef(value, value, depth + 1);
  }
  return { kind: 'unknown', value: text };
}

/** The initializer of the nearest `var <name> = …` / field `<name> = …` visible from `from` (same file, syntax only). */
function findDeclaration(from: Node, name: string): Node | undefined {
  let root: Node = from;
  while (root.parent) root = root.parent;
  let found: Node | undefined;
  const visit = (n: Node) => {
    if (found) return;
    if (n.type === 'variable_declarator' && n.childForFieldName('name')?.text === name) {
      const value = named(n).filter((c) => c.type !== 'identifier' || c.id !== n.childForFieldName('name')?.id).pop();
      if (value) {
        found = value.type === 'equals_value_clause' ? named(value)[0] : value;
        return;
      }
    }
    for (const c of named(n)) visit(c);
  };
  visit(root);
  return found;
}
