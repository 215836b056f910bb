/**
 * IdentityServer4 namespaces → Duende.IdentityServer (catalog §2.1, exclusions §2.2; hop row 4.2 #2).
 *
 * Matches: a dotted name whose first identifier is `IdentityServer4` — in using directives (plain, `global`,
 * `static`, alias), anywhere in code (`global::` allowed, expression chains such as
 * `IdentityServer4.IdentityServerConstants.StandardScopes.OpenId` included), in `cref` of `///` comments and on Razor
 * `@using` / `@inject` / `@model` / `@inherits` lines — when it names one of the 28 shipped library namespaces or
 * something inside one. Right under the root namespace only its four public types count, so user or third-party
 * namespaces such as `IdentityServer4.Quickstart.UI`, `IdentityServer4.AccessTokenValidation` (§2.2 #1, left for
 * its own rule) or `IdentityServer4.Contrib.*` stay as they are; so do strings, ordinary comments, namespace
 * declarations and `Foo.IdentityServer4.Bar`.
 * Rewrites: the identifier `IdentityServer4` to `Duende.IdentityServer`; a using that then repeats another is removed.
 * Adds (§2.2 #4): `using Duende.IdentityServer.Extensions;` where an IdentityServer project's file calls
 * `.AsNameValueCollection()` without seeing that namespace (it moved there from Microsoft.AspNetCore.Http in 4.0).
 * Adds (§2.2 #2 a): a file declaring a namespace `IdentityServer4…` of its own (the 3.x quickstart UI's
 * `IdentityServer4.Quickstart.UI`) could name library types of every enclosing namespace unqualified; it gets
 * `using Duende.IdentityServer;` (and `using Duende.IdentityServer.X;` when it declares inside library namespace X)
 * unless it already has it.
 */
import { addUsings, declaredNamespaces, renameNamespacePrefix, type NamespaceMove } from '../../src/engine/namespace-rename';
import { walk } from '../../src/engine/csharp';
import { invocationsOf } from '../../src/engine/cs/is4-duende';
import type { FileContext, FileRule } from '../../src/engine/rule';
import { IS4_TO_DUENDE } from '../../src/plan/catalog';

const FROM = 'IdentityServer4';
const TO = 'Duende.IdentityServer';

export const LIBRARY_NAMESPACES = [
  '',
  '.AspNetIdentity',
  '.Configuration',
  '.Endpoints.Results',
  '.EntityFramework',
  '.EntityFramework.DbContexts',
  '.EntityFramework.Entities',
  '.EntityFramework.Extensions',
  '.EntityFramework.Interfaces',
  '.EntityFramework.Mappers',
  '.EntityFramework.Options',
  '.EntityFramework.Services',
  '.EntityFramework.Storage',
  '.EntityFramework.Stores',
  '.Events',
  '.Extensions',
  '.Hosting',
  '.Hosting.LocalApiAuthentication',
  '.Infrastructure',
  '.Models',
  '.ResponseHandling',
  '.Services',
  '.Services.Default',
  '.Stores',
  '.Stores.Default',
  '.Stores.Serialization',
  '.Test',
  '.Validation',
].map((suffix) => FROM + suffix);

/** The public types of namespace IdentityServer4 in 4.1.1. */
export const ROOT_TYPES = ['IdentityServerConstants', 'IdentityServerTools', 'IdentityServerToolsExtensions', 'IdentityServerUser'];

const MOVE: NamespaceMove = { from: FROM, to: TO, namespaces: new Set(LIBRARY_NAMESPACES), rootTypes: new Set(ROOT_TYPES) };

const rule: FileRule = {
  id: '4.1-5.0/identityserver4-namespaces',
  title: 'IdentityServer4 namespaces become Duende.IdentityServer',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v4-to-duende-identityserver-v6/',
  kind: 'fix',
  catalog: ['4.2#2', '2.1', '2.2#2', '2.2#4'],
  reads: ['csharp', 'razor'],
  triggers: [FROM, 'AsNameValueCollection'],
  actsWithoutLibraryNamespace: true,
  run(ctx) {
    const { usings } = renameNamespacePrefix(ctx, MOVE);
    if (!ctx.tree) return;

    // Library namespaces that enclose the file's own `namespace IdentityServer4…` declarations.
    const enclosing = new Set<string>();
    for (const ns of declaredNamespaces(ctx)) {
      const segments = ns.name.split('.');
      if (ns.nested || segments[0] !== FROM) continue;
      for (let i = 1; i <= segments.length; i++) {
        const prefix = segments.slice(0, i).join('.');
        if (MOVE.namespaces.has(prefix)) enclosing.add(TO + prefix.slice(FROM.length));
      }
    }
    // A project-wide <Using> counts under its old or its new name (the project file is renamed separately).
    const present = (ns: string) => usings.has(ns) || ctx.project.usings.includes(ns) || ctx.project.usings.includes(FROM + ns.slice(TO.length));
    // §2.2 #4: AsNameValueCollection() lives in IdentityServer4.Extensions since 4.0 (it was in Microsoft.AspNetCore.Http).
    const extensions = `${TO}.Extensions`;
    if (!present(extensions) && callsAsNameValueCollection(ctx)) enclosing.add(extensions);
    addUsings(ctx, [...enclosing].filter((ns) => !present(ns)));
  },
};

export default rule;

/** `x.AsNameValueCollection()` in an IdentityServer project, where the file does not declare a method of that name. */
function callsAsNameValueCollection(ctx: FileContext): boolean {
  const root = ctx.tree?.rootNode;
  if (!root || !ctx.text.includes('AsNameValueCollection') || !ctx.project.packages.some((p) => IS4_TO_DUENDE.has(p.id))) return false;
  let declared = false;
  walk(root, (n) => {
    if (n.type === 'method_declaration' && n.childForFieldName('name')?.text === 'AsNameValueCollection') declared = true;
  });
  return !declared && invocationsOf(root, 'AsNameValueCollection').some((i) => i.access && i.args.length === 0);
}
