/**
 * EF Core model snapshots and migration designer files name entity types by string:
 * `modelBuilder.Entity("IdentityServer4.EntityFramework.Entities.ApiResource", b => …)`, `b.HasOne("…Client", "Client")`,
 * `HasBaseType("…")`, one-to-one `HasForeignKey("…", "ClientId")`, `OwnsOne("…", …)`. Duende's entities live in
 * `Duende.IdentityServer.EntityFramework.Entities` (checked at is/5.0.0), so after the rename a stale snapshot makes the
 * next `dotnet ef migrations add` generate a spurious migration. Humans rename the strings; so does this rule.
 *
 * (`WithMany("Claims")`, `WithOne("…")` and `b.Navigation("Claims")` take navigation names, not types: they never match.)
 *
 * Matches: a regular string literal whose whole value is `IdentityServer4.EntityFramework.Entities.<Name>`, inside a
 * class deriving from `ModelSnapshot` or carrying `[Migration]` / `[DbContext]`. The same string anywhere else (seed
 * code, logs, tests) is left alone.
 * Rewrites: `IdentityServer4` inside the string to `Duende.IdentityServer`. Also a fix-up: projects already on Duende
 * whose migrations still carry the old names (an upgrade made by hand) get the same edit.
 */
import { walk, type Node } from '../../src/engine/csharp';
import type { FileRule } from '../../src/engine/rule';
import { baseTypes, named, simpleIdentifier } from '../../src/engine/cs/syntax';

const FROM = 'IdentityServer4';
const TO = 'Duende.IdentityServer';
// `…Entities.Client`, and EF's names for owned or shared types under an entity (`…Entities.Client.Owned#Owned`).
const ENTITY = new RegExp(`^${FROM}\\.EntityFramework\\.Entities\\.[A-Za-z_][\\w.#]*$`);
const CLASSES = new Set(['class_declaration', 'record_declaration']);
const MARKERS = new Set(['Migration', 'MigrationAttribute', 'DbContext', 'DbContextAttribute']);

const rule: FileRule = {
  id: '4.1-5.0/ef-migration-entity-names',
  title: 'EF model snapshots and migrations: IdentityServer4 entity type names become Duende.IdentityServer',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/identityserver4-v4-to-duende-identityserver-v6/',
  kind: 'fix',
  catalog: ['2.1'],
  reads: ['csharp'],
  triggers: [`${FROM}.EntityFramework.Entities.`],
  fixup: true,
  run(ctx) {
    const root = ctx.tree?.rootNode;
    if (!root) return;
    walk(root, (n) => {
      if (!CLASSES.has(n.type) || !isMigrationClass(n)) return;
      walk(n, (s) => {
        if (s.type !== 'string_literal') return;
        const content = named(s);
        if (content.length === 1 && content[0].type === 'string_literal_content' && ENTITY.test(content[0].text)) {
          ctx.edit(content[0].startIndex, content[0].startIndex + FROM.length, TO);
        }
        return false;
      });
      return false;
    });
  },
};

export default rule;

/** `class X : ModelSnapshot`, or a class with `[Migration(…)]` / `[DbContext(…)]` (the designer half of a migration). */
function isMigrationClass(decl: Node): boolean {
  if (baseTypes(decl).some((b) => lastName(b) === 'ModelSnapshot')) return true;
  return named(decl).some((c) => c.type === 'attribute_list' && named(c).some((a) => a.type === 'attribute' && MARKERS.has(lastName(a.childForFieldName('name')) ?? '')));
}

function lastName(n: Node | null | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === 'qualified_name' || n.type === 'alias_qualified_name') return lastName(n.childForFieldName('name'));
  return simpleIdentifier(n);
}
