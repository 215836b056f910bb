/**
 * What an upgrade needs besides code: signing keys, the Duende licence key (and the 8.0 one), the data protection
 * application name, aligned Microsoft.IdentityModel.* versions, third-party packages built against IdentityServer,
 * lock files to restore, and UI copied from the templates. Each item says `action` (must be done), `check` (look
 * at it) or `ok`, with the spots it rests on.
 */
import type { CodeFacts } from './code-facts';
import { isThirdPartyIdentityServer, type InventoryPackage, type ProjectProperties } from './inventory';
import type { ChecklistItem, ChecklistStatus } from './model';
import { compareVersions } from '../scan/nuget-version';

export interface ChecklistProject {
  path: string;
  name: string;
  facts: CodeFacts;
  packages: InventoryPackage[];
  props: ProjectProperties;
  isHost: boolean;
  /** Release lines the project crosses: from and to (null when nothing is planned). */
  from: string | null;
  to: string | null;
  changes: boolean; // the upgrade edits one of its files
}

const DOCS = 'https://docs.duendesoftware.com/identityserver/upgrades/';
const rank = (line: string) => {
  const [a, b] = line.split('.').map(Number);
  return a * 100 + b;
};

/** Lowest Microsoft.IdentityModel.* ("Wilson") version each release line's IdentityServer depends on (catalog §1.2). */
const WILSON: [line: string, version: string][] = [
  ['6.0', '6.10.0'],
  ['7.0', '7.1.2'],
  ['8.0', '8.18.0'],
];

type Detail = ChecklistItem['details'][number];
const detail = (message: string, project?: string, spot?: { file: string; line: number }): Detail => ({ message, project: project ?? null, file: spot?.file ?? null, line: spot?.line ?? null });

function item(id: ChecklistItem['id'], title: string, status: ChecklistStatus, details: Detail[], docs = DOCS): ChecklistItem {
  return { id, title, status, details, docs };
}

export function checklist(projects: ChecklistProject[], target: string): ChecklistItem[] {
  const hosts = projects.filter((p) => p.isHost);
  const upgraded = hosts.filter((p) => p.from && p.to);
  const crossesToDuende = upgraded.some((p) => rank(p.from!) < 500 && rank(p.to!) >= 500);
  const crosses80 = upgraded.some((p) => rank(p.from!) < 800 && rank(p.to!) >= 800);
  const duendeTarget = rank(target) >= 500;
  const out: ChecklistItem[] = [];

  // Signing keys.
  {
    const details: Detail[] = [];
    let status: ChecklistStatus = 'ok';
    for (const p of hosts) {
      const dev = p.facts.calls.filter((c) => c.name === 'AddDeveloperSigningCredential');
      const real = p.facts.calls.filter((c) => c.name === 'AddSigningCredential');
      const validation = p.facts.calls.filter((c) => c.name === 'AddValidationKey');
      for (const c of dev) details.push(detail('AddDeveloperSigningCredential: a development key (tempkey.jwk) that must not reach production; in production use a persisted key or automatic key management' + (duendeTarget ? ' (Duende 5.0+, on by default, needs a licence that includes it)' : ''), p.name, c));
      for (const c of real) details.push(detail(`AddSigningCredential: keep the same key material across the upgrade so issued tokens stay valid${crossesToDuende ? '; Duende turns automatic key management on by default, and an explicitly configured key wins: set KeyManagement.Enabled = false if you keep static keys only' : ''}`, p.name, c));
      for (const c of validation) details.push(detail('AddValidationKey: retired keys still published for validation; keep them until the tokens they signed expire', p.name, c));
      if (dev.length) status = 'action';
      else if (real.length || validation.length) status = status === 'action' ? status : 'check';
      else if (upgraded.includes(p)) {
        details.push(detail(duendeTarget ? 'no signing credential configured: automatic key management creates and rotates keys; it needs a persisted key store (the operational store\'s Keys table or the file system) and data protection shared by every instance' : 'no signing credential configured: check how tokens are signed', p.name));
        status = status === 'action' ? status : 'check';
      }
    }
    out.push(item('signing-keys', 'Signing keys', hosts.length ? status : 'ok', details.length ? details : [detail('no IdentityServer host found')], `${DOCS}`));
  }

  // Licence key.
  {
    const details: Detail[] = [];
    let status: ChecklistStatus = 'ok';
    if (duendeTarget && hosts.length) {
      const keys = hosts.flatMap((p) => p.facts.licenseKeys.map((k) => ({ p, k })));
      for (const { p, k } of keys) details.push(detail('licence key configured here: make sure it covers the target release and edition', p.name, k));
      if (!keys.length) {
        status = 'action';
        details.push(detail('Duende IdentityServer needs a licence key in production (IdentityServerOptions.LicenseKey, or configuration); none was found in code or appsettings*.json'));
      } else status = 'check';
      if (crosses80 || rank(target) >= 800) {
        status = 'action';
        details.push(detail('8.0 reads the licence key from configuration (Duende:IdentityServer:LicenseKey or Duende:LicenseKey), and SAML and User Management need a new licence: request the 8.0 key before deploying'));
      }
    } else details.push(detail(hosts.length ? 'the target is IdentityServer4: no licence key' : 'no IdentityServer host found'));
    out.push(item('license-key', 'Duende licence key', status, details));
  }

  // Data protection.
  {
    const details: Detail[] = [];
    let status: ChecklistStatus = 'ok';
    for (const p of hosts) {
      const add = p.facts.calls.filter((c) => c.name === 'AddDataProtection');
      const name = p.facts.calls.filter((c) => c.name === 'SetApplicationName');
      const persist = p.facts.calls.filter((c) => c.name.startsWith('PersistKeysTo'));
      if (name.length) for (const c of name) details.push(detail('SetApplicationName: data protection keys keep working when the content root or the framework changes', p.name, c));
      else if (add.length) {
        status = 'action';
        for (const c of add) details.push(detail('AddDataProtection without SetApplicationName: the default application discriminator changed with .NET 6 and again with .NET 7, so cookies, server-side sessions and automatically managed keys protected before the upgrade may not decrypt after it; set an explicit application name', p.name, c));
      } else if (upgraded.includes(p)) {
        if (status !== 'action') status = 'check';
        details.push(detail('no AddDataProtection call: keys live in the default key ring with the default application name; for several instances or a framework change, persist the keys and call SetApplicationName', p.name));
      }
      if (add.length && !persist.length) details.push(detail('AddDataProtection without PersistKeysTo…: keys are not shared between instances or kept across deployments', p.name, add[0]));
    }
    out.push(item('data-protection', 'Data protection application name', hosts.length ? status : 'ok', details.length ? details : [detail('no IdentityServer host found')], 'https://learn.microsoft.com/aspnet/core/security/data-protection/configuration/overview#setapplicationname'));
  }

  // Microsoft.IdentityModel.* alignment.
  {
    const wilson = projects.flatMap((p) => p.packages.filter((pkg) => /^(microsoft\.identitymodel\.|system\.identitymodel\.tokens\.jwt$)/i.test(pkg.id) && pkg.version).map((pkg) => ({ p, pkg })));
    const versions = [...new Set(wilson.map((w) => w.pkg.version!))].sort(compareVersions);
    const floor = [...WILSON].reverse().find(([line]) => rank(line) <= rank(target))?.[1];
    const details: Detail[] = wilson.map(({ p, pkg }) => detail(`${pkg.id} ${pkg.version}`, p.name, pkg.declared));
    let status: ChecklistStatus = 'ok';
    if (versions.length > 1) {
      status = 'action';
      details.unshift(detail(`Microsoft.IdentityModel.* / System.IdentityModel.Tokens.Jwt on different versions (${versions.join(', ')}): mixed versions fail at run time (MissingMethodException); reference them all on one version`));
    }
    const low = floor ? wilson.filter((w) => /^\d/.test(w.pkg.version!) && compareVersions(w.pkg.version!.replace(/[[\]()]/g, ''), floor) < 0) : [];
    if (low.length) {
      status = 'action';
      details.unshift(detail(`IdentityServer ${target} depends on Microsoft.IdentityModel ${floor} or newer; ${low.map((w) => `${w.pkg.id} ${w.pkg.version}`).join(', ')} would be downgraded or conflict`));
    }
    if (!wilson.length) details.push(detail('no direct Microsoft.IdentityModel.* reference: the versions come with IdentityServer and ASP.NET Core'));
    out.push(item('microsoft-identitymodel', 'Microsoft.IdentityModel.* version alignment', status, details));
  }

  // Third-party packages built against IdentityServer.
  {
    const third = projects.flatMap((p) => p.packages.filter((pkg) => isThirdPartyIdentityServer(pkg.id)).map((pkg) => ({ p, pkg })));
    const details = third.map(({ p, pkg }) => detail(`${pkg.id}${pkg.version ? ` ${pkg.version}` : ''}: built against a specific IdentityServer; this tool knows no build of it for IdentityServer ${target}: check with its vendor, replace it, or remove it`, p.name, pkg.declared));
    out.push(item('third-party-packages', 'Third-party packages built against IdentityServer', third.length ? 'action' : 'ok', details.length ? details : [detail('none (Skoruba.*, Rsk.*, *IdentityServer4*, ApiAuthorization)')]));
  }

  // Lock files.
  {
    const locked = projects.filter((p) => p.props.lockFile && p.changes);
    const details = locked.map((p) => detail(`packages.lock.json is not edited by the codemod: run \`dotnet restore --force-evaluate\` for ${p.path} after the upgrade${p.props.lockedMode ? ' (RestoreLockedMode is on: restore fails until the lock file is updated)' : ''}`, p.name));
    out.push(item('lock-files', 'Lock files that need a restore', locked.length ? 'action' : 'ok', details.length ? details : [detail('no lock file in a project the upgrade changes')], 'https://learn.microsoft.com/nuget/consume-packages/package-references-in-project-files#locking-dependencies'));
  }

  // UI templates.
  {
    const details: Detail[] = [];
    for (const p of hosts.filter((h) => h.facts.uiFiles.length)) {
      const folders = [...new Set(p.facts.uiFiles.map((f) => f.split('/').slice(0, -1).join('/')))].sort();
      details.push(detail(`${p.facts.uiFiles.length} file(s) that look copied from the IdentityServer UI templates (${folders.slice(0, 4).join(', ')}${folders.length > 4 ? ', …' : ''}): compare them with the templates of IdentityServer ${target} (dotnet new duende-is-ui) and carry over their fixes${crossesToDuende ? '; the IdentityServer4 MVC quickstart became Razor Pages in Duende' : ''}`, p.name));
    }
    out.push(item('ui-templates', 'UI templates drift', details.length ? 'check' : 'ok', details.length ? details : [detail('no UI copied from the templates found')]));
  }
  return out;
}
