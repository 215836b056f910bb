/**
 * 7.0 widened `ServerSideSessions.Id` from int to bigint. That column is the table's primary key, and the EF
 * migration `dotnet ef migrations add` generates for it only has an `AlterColumn`, which SQL Server refuses
 * while the key exists ("The object 'PK_ServerSideSessions' is dependent on column 'Id'"). In the migration file,
 * wrap the `AlterColumn` in `DropPrimaryKey` / `AddPrimaryKey` (Up: int -> long; Down: long -> int).
 *
 * Runs in the 6.3 -> 7.0 hop and, as a fix-up, on every later run for projects already on 7.0 or newer, since
 * the migration only exists after the user generated it. Only a statement that is exactly
 * `<builder>.AlterColumn<long|int>(name: "Id", table: "ServerSideSessions", ..., oldClrType: typeof(int|long), ...)`
 * in a method of a class deriving from `Migration` is touched; a method that already drops or adds the key is left
 * alone (a finding when only one of the two is there).
 */
import type { Node } from '../../src/engine/csharp';
import type { FileContext, FileRule } from '../../src/engine/rule';
import { indentAt, lineStartOf } from '../../src/util/text';

const TABLE = 'ServerSideSessions';
const KEY = `PK_${TABLE}`;

const named = (n: Node) => n.namedChildren.filter((c): c is Node => c !== null);

/** Named arguments of an argument_list as name -> value node. */
function namedArgs(list: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const arg of named(list).filter((a) => a.type === 'argument')) {
    const name = arg.childForFieldName('name');
    const value = named(arg).find((c) => c.id !== name?.id);
    if (name && value) out.set(name.text, value);
  }
  return out;
}

const stringValue = (n: Node | undefined) => (n?.type === 'string_literal' ? named(n).map((c) => c.text).join('') : undefined);
const typeofOf = (n: Node | undefined) => (n?.type === 'typeof_expression' ? n.childForFieldName('type')?.text : undefined);

interface Target {
  statement: Node;
  receiver: string;
  schema?: string;
}

/** `<recv>.AlterColumn<T>(...)` at the root of the statement's call chain, changing Id between int and long. */
function alterOfKey(statement: Node): Target | undefined {
  let call: Node | undefined = named(statement)[0];
  // Walk down .Annotation(...).OldAnnotation(...) to the innermost call.
  while (call?.type === 'invocation_expression') {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'member_access_expression') return undefined;
    const name = fn.childForFieldName('name');
    const receiver = fn.childForFieldName('expression');
    if (name?.type === 'generic_name' && named(name)[0]?.text === 'AlterColumn' && receiver?.type === 'identifier') {
      const typeArg = named(named(name)[1] ?? name)[0]?.text;
      const args = namedArgs(call.childForFieldName('arguments')!);
      const old = typeofOf(args.get('oldClrType'));
      const widens = typeArg === 'long' && old === 'int';
      const narrows = typeArg === 'int' && old === 'long';
      if (stringValue(args.get('name')) !== 'Id' || stringValue(args.get('table')) !== TABLE || !(widens || narrows)) return undefined;
      const schema = args.get('schema');
      if (schema && stringValue(schema) === undefined) return undefined; // a schema we cannot copy as text
      return { statement, receiver: receiver.text, schema: schema ? schema.text : undefined };
    }
    call = receiver ?? undefined;
  }
  return undefined;
}

/** Calls of `<method>` in a block that name the table (or the key). */
function keyCalls(block: Node, method: 'DropPrimaryKey' | 'AddPrimaryKey'): Node[] {
  const found: Node[] = [];
  const visit = (n: Node) => {
    if (n.type === 'invocation_expression') {
      const fn = n.childForFieldName('function');
      const name = fn?.type === 'member_access_expression' ? fn.childForFieldName('name') : undefined;
      if (name?.text === method) {
        const args = namedArgs(n.childForFieldName('arguments')!);
        if (stringValue(args.get('table')) === TABLE || stringValue(args.get('name')) === KEY) found.push(n);
      }
    }
    for (const c of named(n)) visit(c);
  };
  visit(block);
  return found;
}

function derivesFromMigration(cls: Node): boolean {
  const bases = named(cls).find((c) => c.type === 'base_list');
  return Boolean(bases && named(bases).some((b) => b.text === 'Migration' || b.text.endsWith('.Migration')));
}

function fix(ctx: FileContext, t: Target): void {
  const eol = ctx.eol;
  const start = lineStartOf(ctx.text, t.statement.startIndex);
  if (ctx.text.slice(start, t.statement.startIndex).trim()) return; // statement does not start its line: leave it
  const indent = indentAt(ctx.text, t.statement.startIndex);
  const unit = indent.includes('\t') ? '\t' : '    ';
  const inner = indent + unit;
  const schema = t.schema ? `${eol}${inner}schema: ${t.schema},` : '';
  const drop = `${indent}${t.receiver}.DropPrimaryKey(${eol}${inner}name: "${KEY}",${schema}${eol}${inner}table: "${TABLE}");${eol}${eol}`;
  const add = `${eol}${eol}${indent}${t.receiver}.AddPrimaryKey(${eol}${inner}name: "${KEY}",${schema}${eol}${inner}table: "${TABLE}",${eol}${inner}column: "Id");`;
  ctx.edit(start, start, drop);
  ctx.edit(t.statement.endIndex, t.statement.endIndex, add);
}

const rule: FileRule = {
  id: '6.3-7.0/server-side-sessions-pk-migration',
  title: 'Drop and re-add PK_ServerSideSessions around the generated AlterColumn of ServerSideSessions.Id (int -> bigint)',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v6_3-to-v7_0/',
  kind: 'fix',
  catalog: ['7'],
  reads: ['csharp'],
  triggers: ['AlterColumn'],
  actsWithoutLibraryNamespace: true,
  fixup: true,
  run(ctx) {
    if (!ctx.tree || !ctx.text.includes(`"${TABLE}"`)) return;
    const visit = (n: Node): void => {
      if (n.type === 'class_declaration') {
        if (!derivesFromMigration(n)) return;
        for (const method of named(n.childForFieldName('body') ?? n).filter((m) => m.type === 'method_declaration')) {
          const body = method.childForFieldName('body');
          if (!body) continue;
          const targets = named(body).filter((s) => s.type === 'expression_statement').map(alterOfKey).filter((t): t is Target => Boolean(t));
          if (!targets.length) continue;
          const drops = keyCalls(body, 'DropPrimaryKey');
          const adds = keyCalls(body, 'AddPrimaryKey');
          if (drops.length && adds.length) continue; // already fixed
          if (drops.length || adds.length) {
            ctx.report(targets[0].statement, `${method.childForFieldName('name')?.text ?? 'this method'} ${drops.length ? 'drops' : 're-adds'} ${KEY} but does not ${drops.length ? 're-add' : 'drop'} it around the AlterColumn of ${TABLE}.Id`, {
              severity: 'error',
              suggestion: `drop ${KEY} before the AlterColumn and add it back (column "Id") after it`,
            });
            continue;
          }
          for (const t of targets) fix(ctx, t);
        }
        return;
      }
      for (const c of named(n)) visit(c);
    };
    visit(ctx.tree.rootNode);
  },
};

export default rule;
