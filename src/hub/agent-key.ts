/**
 * One bridge serves every tenant of a hub, and keys consoles by one string; agent ids are only
 * unique within a tenant. The bridge key is therefore `<tenant id>/<agent id>`.
 */
export interface TenantAgent {
  readonly tenantId: string;
  readonly agentId: string;
}

export const bridgeKeyOf = (ref: TenantAgent): string => `${encodeURIComponent(ref.tenantId)}/${encodeURIComponent(ref.agentId)}`;

export function tenantAgentOf(key: string): TenantAgent | undefined {
  const slash = key.indexOf('/');
  if (slash <= 0 || slash === key.length - 1 || key.indexOf('/', slash + 1) >= 0) return undefined;
  return { tenantId: decodeURIComponent(key.slice(0, slash)), agentId: decodeURIComponent(key.slice(slash + 1)) };
}
