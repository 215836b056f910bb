/**
 * Duende IdentityServer (5.x-6.x) type names that many rules of those hops share, and a few small builders for
 * constructor-change data. Namespaces were read at the release tags (is/5.0.0 .. is/6.3.10).
 */
import type { CtorParam } from './ctor-change';
import type { TypeName } from './syntax';

export const NS = {
  root: 'Duende.IdentityServer',
  configuration: 'Duende.IdentityServer.Configuration',
  services: 'Duende.IdentityServer.Services',
  keyManagement: 'Duende.IdentityServer.Services.KeyManagement',
  stores: 'Duende.IdentityServer.Stores',
  serialization: 'Duende.IdentityServer.Stores.Serialization',
  models: 'Duende.IdentityServer.Models',
  validation: 'Duende.IdentityServer.Validation',
  responseHandling: 'Duende.IdentityServer.ResponseHandling',
  hosting: 'Duende.IdentityServer.Hosting',
  dynamicProviders: 'Duende.IdentityServer.Hosting.DynamicProviders',
  results: 'Duende.IdentityServer.Endpoints.Results',
  extensions: 'Duende.IdentityServer.Extensions',
  internal: 'Duende.IdentityServer.Internal',
  ef: 'Duende.IdentityServer.EntityFramework',
  efStores: 'Duende.IdentityServer.EntityFramework.Stores',
  efServices: 'Duende.IdentityServer.EntityFramework.Services',
  efDbContexts: 'Duende.IdentityServer.EntityFramework.DbContexts',
  efInterfaces: 'Duende.IdentityServer.EntityFramework.Interfaces',
  efOptions: 'Duende.IdentityServer.EntityFramework.Options',
  aspNetIdentity: 'Duende.IdentityServer.AspNetIdentity',
  logging: 'Microsoft.Extensions.Logging',
  authentication: 'Microsoft.AspNetCore.Authentication',
  http: 'Microsoft.AspNetCore.Http',
  generic: 'System.Collections.Generic',
} as const;

export const t = (ns: string, name: string): TypeName => ({ ns, name });

/** A parameter of the library's constructor: `p('logger', ILogger, 'ILogger<X>')`. */
export function p(name: string, type: TypeName, text?: CtorParam['text'], more: Partial<CtorParam> = {}): CtorParam {
  return { name, type, ...(text === undefined ? {} : { text }), ...more };
}

/** `ILogger<…>` whose category is the base type as the derived class wrote it; any ILogger<X> of the class may be passed. */
export function loggerOfBase(name = 'logger'): CtorParam {
  return p(name, ILogger, (base) => `ILogger<${base.text}>`, { anyTypeArguments: true });
}

/** A parameter typed with the class's own type argument (`T inner`): any type will do. */
export function typeArgument(name: string): CtorParam {
  return p(name, t('', 'T'), undefined, { anyType: true });
}

export const ILogger = t(NS.logging, 'ILogger');
export const ISystemClock = t(NS.authentication, 'ISystemClock');
export const IHttpContextAccessor = t(NS.http, 'IHttpContextAccessor');
export const IdentityServerOptions = t(NS.configuration, 'IdentityServerOptions');
export const ICache = t(NS.services, 'ICache');
export const IServerUrls = t(NS.services, 'IServerUrls');
export const IIssuerNameService = t(NS.services, 'IIssuerNameService');
export const ICancellationTokenProvider = t(NS.services, 'ICancellationTokenProvider');
export const IClientStore = t(NS.stores, 'IClientStore');
