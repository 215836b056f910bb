/**
 * Database schema changes per hop for the EF stores, as data (catalog §7, from the reference SQL scripts at the
 * release tags). `configuration` = ConfigurationDbContext, `operational` = PersistedGrantDbContext; custom table
 * names set through the store options carry over. SQL Server column types.
 */

import { RELEASES } from '../plan/catalog';

export type ContextKind = 'configuration' | 'operational';

export interface SchemaChange {
  /** One line per table (or group of tables) affected. */
  changes: string[];
  /** Data loss or a failure EF cannot avoid on its own: a human must look before the migration runs. */
  warnings?: string[];
  /** Something the generated migration lacks and must be edited in by hand (or by the codemod's fix-up rule). */
  handEdit?: string;
}

export type HopSchema = Partial<Record<ContextKind, SchemaChange>>;

export const SCHEMA_CHANGES: Readonly<Record<string, HopSchema>> = {
  '3.1-4.1': {
    configuration: {
      changes: [
        'tables removed: ApiClaims, ApiProperties, ApiSecrets, IdentityClaims, IdentityProperties',
        'tables added: ApiResourceClaims, ApiResourceProperties, ApiResourceScopes, ApiResourceSecrets, ApiScopeProperties, IdentityResourceClaims, IdentityResourceProperties',
        'ApiScopes: ApiResourceId foreign key dropped, + Enabled bit (scopes become top-level)',
        'ApiScopeClaims: ApiScopeId renamed to ScopeId',
        'ApiResources: + AllowedAccessTokenSigningAlgorithms nvarchar(100) NULL, + ShowInDiscoveryDocument bit',
        'Clients: + RequireRequestObject bit, + AllowedIdentityTokenSigningAlgorithms nvarchar(100) NULL',
      ],
      warnings: [
        'IdentityServer4 3.1 → 4.1 restructures API resources and scopes: the generated migration drops tables that hold your data. Write custom SQL that copies ApiClaims, ApiProperties, ApiSecrets, IdentityClaims, IdentityProperties and the scope rows into the new tables before they are dropped.',
      ],
    },
    operational: {
      changes: [
        'PersistedGrants: + SessionId nvarchar(100) NULL, + Description nvarchar(200) NULL, + ConsumedTime datetime2 NULL; index IX_PersistedGrants_SubjectId_SessionId_Type',
        'DeviceCodes: + SessionId, + Description',
      ],
    },
  },
  '4.1-5.0': {
    configuration: { changes: ['ApiResources: + RequireResourceIndicator bit'] },
    operational: { changes: ['new table Keys (Id nvarchar(450) PK, Version, Created, Use indexed, Algorithm, IsX509Certificate, DataProtected, Data) for automatic key management'] },
  },
  '5.0-5.1': {
    operational: { changes: ['PersistedGrants: index IX_PersistedGrants_ConsumedTime'] },
  },
  '5.1-5.2': {
    configuration: { changes: ['new table IdentityProviders (Id identity, Scheme, DisplayName NULL, Enabled, Type, Properties NULL)'] },
  },
  '5.2-6.0': {
    configuration: {
      changes: [
        'ApiScopes and IdentityProviders: + Created datetime2, + Updated datetime2 NULL, + LastAccessed datetime2 NULL, + NonEditable bit',
        'Clients: + CibaLifetime int NULL, + PollingInterval int NULL',
        'ClientRedirectUris.RedirectUri and ClientPostLogoutRedirectUris.PostLogoutRedirectUri: nvarchar(2000) → nvarchar(400)',
        'unique composite indexes replace the foreign-key indexes of ApiResourceClaims, ApiResourceProperties, ApiResourceScopes, ApiScopeClaims, ApiScopeProperties, ClientClaims, ClientCorsOrigins, ClientGrantTypes, ClientIdPRestrictions, ClientPostLogoutRedirectUris, ClientProperties, ClientRedirectUris, ClientScopes, IdentityResourceClaims, IdentityResourceProperties; unique IX_IdentityProviders_Scheme',
      ],
      warnings: [
        'Duende 5.2 → 6.0 shortens ClientRedirectUris.RedirectUri and ClientPostLogoutRedirectUris.PostLogoutRedirectUri from 2000 to 400 characters (EF warns "may result in the loss of data"): find longer values first (SELECT … WHERE LEN(RedirectUri) > 400) and fix them.',
        'Duende 6.0 adds unique indexes on the client, resource and scope child tables and on IdentityProviders.Scheme: duplicate rows make the migration fail. Find and remove duplicates before running it.',
      ],
    },
  },
  '6.0-6.1': {
    configuration: { changes: ['Clients: + CoordinateLifetimeWithUserSession bit NULL'] },
    operational: {
      changes: [
        'new table ServerSideSessions (Id int identity, Key unique, Scheme, SubjectId, SessionId NULL, DisplayName NULL, Created, Renewed, Expires NULL, Data; indexes on DisplayName, Expires, SessionId, SubjectId)',
        'PersistedGrants: new Id bigint identity primary key (was Key); Key becomes NULL-able with the unique filtered index IX_PersistedGrants_Key',
      ],
    },
  },
  '6.2-6.3': {
    configuration: { changes: ['Clients: + RequireDPoP bit, + DPoPValidationMode int, + DPoPClockSkew time, + InitiateLoginUri nvarchar(2000) NULL'] },
  },
  '6.3-7.0': {
    configuration: { changes: ['Clients: + PushedAuthorizationLifetime int NULL, + RequirePushedAuthorization bit'] },
    operational: {
      changes: [
        'new table PushedAuthorizationRequests (Id bigint identity, ReferenceValueHash nvarchar(64) unique, ExpiresAtUtc indexed, Parameters)',
        'ServerSideSessions.Id: int → bigint (the primary key)',
      ],
      handEdit:
        'The generated migration alters ServerSideSessions.Id without dropping its primary key, which SQL Server refuses: drop PK_ServerSideSessions before the AlterColumn and add it back after it (Up and Down). Run idsrv-codemod again after generating the migration: its rule 6.3-7.0/server-side-sessions-pk-migration makes this edit.',
    },
  },
  '7.4-8.0': {
    configuration: {
      changes: [
        'new table SamlServiceProviders (EntityId nvarchar(200) unique, …) with child tables SamlAllowedScopes, SamlAssertionConsumerServices, SamlAuthnContextMappings, SamlCertificates, SamlClaimMappings, SamlRequestedClaimTypes (cascade delete); no existing table changes',
      ],
    },
    operational: {
      changes: ['new tables SamlLogoutSessions, SamlLogoutSessionRequestIndices, SamlSigninStates; no existing table changes'],
    },
  },
};

/**
 * Schema changes of one hop (none for a patch step or a hop without changes). A direct hop over several release
 * lines (`4.1-6.0`) changes what each step it stands for changes: their lines, each prefixed with its step.
 */
export function schemaOf(hopId: string): HopSchema {
  if (SCHEMA_CHANGES[hopId]) return SCHEMA_CHANGES[hopId];
  const [from, to] = hopId.split('-');
  const first = RELEASES.findIndex((r) => r.line === from);
  const last = RELEASES.findIndex((r) => r.line === to);
  if (first < 0 || last <= first + 1) return {};
  const out: HopSchema = {};
  for (let i = first; i < last; i++) {
    const step = `${RELEASES[i].line}-${RELEASES[i + 1].line}`;
    const label = `${RELEASES[i].line} → ${RELEASES[i + 1].line}`;
    for (const [kind, change] of Object.entries(SCHEMA_CHANGES[step] ?? {}) as [ContextKind, SchemaChange][]) {
      const into = (out[kind] ??= { changes: [] });
      into.changes.push(...change.changes.map((c) => `${label}: ${c}`));
      if (change.warnings) (into.warnings ??= []).push(...change.warnings);
      if (change.handEdit) into.handEdit = into.handEdit ? `${into.handEdit} ${change.handEdit}` : change.handEdit;
    }
  }
  return out;
}

export const CONTEXT_OF_KIND: Readonly<Record<ContextKind, string>> = {
  configuration: 'ConfigurationDbContext',
  operational: 'PersistedGrantDbContext',
};
