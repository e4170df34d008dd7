/** Who runs an admin action, as the audit names them. */
export interface AdminActor {
  /** "User jane.admin" or "API token ci". */
  readonly label: string;
  /** What the audit keeps about them (`details.actor`). */
  readonly details: Readonly<Record<string, unknown>>;
  /** The request that ran the action (`details.route`), when there was one. */
  readonly route?: string;
}

export const auditDetails = (actor: AdminActor, details: Record<string, unknown>): Record<string, unknown> => ({ actor: actor.details, ...(actor.route ? { route: actor.route } : {}), ...details });
