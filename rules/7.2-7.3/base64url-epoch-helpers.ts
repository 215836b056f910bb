/**
 * From 7.3.3 IdentityServer pulls Duende.IdentityModel 8.0, which removed `Base64Url` and `DateTimeExtensions`
 * (catalog §4.13 row 7, §1.3). Rewrites, in files that import `Duende.IdentityModel`:
 *   Base64Url.Encode(x)       → System.Buffers.Text.Base64Url.EncodeToString(x)      (AUTO)
 *   Base64Url.Decode(s)       → System.Buffers.Text.Base64Url.DecodeFromChars(s)    (AUTO)
 *   d.ToEpochTime()           → new DateTimeOffset(d).ToUnixTimeSeconds()            (review: receiver type unseen)
 *   l.ToDateTimeFromEpoch()   → DateTimeOffset.FromUnixTimeSeconds(l).UtcDateTime    (review)
 * `System.Buffers.Text.Base64Url` is built into .NET 9+; on net8.0 it comes from the Microsoft.Bcl.Memory package,
 * which a finding asks for. Runs only when the hop lands on 7.3.3 or later.
 * The epoch helpers are left alone when the file declares a method of that name (the application's own), or when the
 * receiver is a name declared in the file with a type the extension does not extend (DateTime, resp. long/int).
 */
import { typeReferences } from '../../src/engine/cs/occurrences';
import { fileSees, plainUsings, unwrapNullable } from '../../src/engine/cs/syntax';
import { declaredTypes, receiverName, scopedDeclaration } from '../../src/engine/cs/receivers';
import { walk } from '../../src/engine/csharp';
import { invocationsNamed } from '../../src/engine/cs/factories';
import { compareVersions } from '../../src/scan/nuget-version';
import type { FileRule } from '../../src/engine/rule';

const NS = 'Duende.IdentityModel';
const BASE64URL = { ns: NS, name: 'Base64Url' };
const REPLACEMENT: Record<string, string> = { Encode: 'EncodeToString', Decode: 'DecodeFromChars' };

const rule: FileRule = {
  id: '7.2-7.3/base64url-epoch-helpers',
  title: 'Duende.IdentityModel 8.0 removed Base64Url and DateTimeExtensions: use System.Buffers.Text.Base64Url and DateTimeOffset',
  docs: 'https://docs.duendesoftware.com/identityserver/upgrades/v7_2-to-v7_3',
  kind: 'fix',
  catalog: ['4.13#7', '1.3'],
  reads: ['csharp'],
  triggers: ['Base64Url', 'ToEpochTime', 'ToDateTimeFromEpoch'],
  run(ctx) {
    if (compareVersions(ctx.hop.to.latest, '7.3.3') < 0 || !fileSees(ctx, NS)) return;
    let base64 = false;
    for (const ref of typeReferences(ctx, BASE64URL)) {
      const access = ref.parent;
      const name = access?.type === 'member_access_expression' ? access.childForFieldName('name') : null;
      if (!access || !name || !access.childForFieldName('expression')?.equals(ref) || !REPLACEMENT[name.text]) continue;
      if (access.parent?.type !== 'invocation_expression') continue;
      ctx.edit(ref.startIndex, ref.endIndex, 'System.Buffers.Text.Base64Url');
      ctx.edit(name.startIndex, name.endIndex, REPLACEMENT[name.text]);
      base64 = true;
    }
    const root = ctx.tree!.rootNode;
    const dto = ctx.project.usings.includes('System') || plainUsings(root).has('System') ? 'DateTimeOffset' : 'System.DateTimeOffset';
    const declared = declaredTypes(root);
    const ownMethods = new Set<string>();
    walk(root, (n) => {
      if (n.type === 'method_declaration') ownMethods.add(n.childForFieldName('name')?.text ?? '');
    });
    for (const [method, wrap, extended] of [
      ['ToEpochTime', (x: string) => `new ${dto}(${x}).ToUnixTimeSeconds()`, /^(System\.)?DateTime$/],
      ['ToDateTimeFromEpoch', (x: string) => `${dto}.FromUnixTimeSeconds(${x}).UtcDateTime`, /^((System\.)?Int(64|32)|long|int)$/],
    ] as const) {
      if (ownMethods.has(method)) continue;
      for (const { call, name, args, receiver } of invocationsNamed(ctx, method)) {
        if (!receiver || args.length) continue;
        // A receiver declared in the file with another type is not what the extension extended.
        const recvName = receiverName(receiver);
        const scoped = recvName ? scopedDeclaration(name, recvName) : undefined;
        const declType = recvName ? (scoped !== undefined ? scoped : declared.get(recvName)) : undefined;
        if (declType && !extended.test(unwrapNullable(declType).text.replace(/\s+/g, '').replace(/^global::/, ''))) continue;
        ctx.edit(call.startIndex, call.endIndex, wrap(receiver.text), { review: true });
      }
    }
    const net8 = ctx.project.frameworks.some((f) => /^net(coreapp|standard|[5-8]\.)/.test(f));
    if (base64 && net8) {
      ctx.report(0, 'System.Buffers.Text.Base64Url is part of .NET 9 and later; on net8.0 it comes from the Microsoft.Bcl.Memory package', {
        severity: 'warning',
        suggestion: 'Add <PackageReference Include="Microsoft.Bcl.Memory" Version="9.0.0" /> to the project while it targets net8.0',
      });
    }
  },
};

export default rule;
