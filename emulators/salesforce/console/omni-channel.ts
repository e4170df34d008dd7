import type { OmniToolkit, ToolkitStatus } from '../../../bridge-client/toolkit.ts';
import { normaliseId, type EmulatorControl } from '../index.ts';

export type OmniEvent =
  | { readonly kind: 'status'; readonly statusId: string; readonly statusApiName: string; readonly reason: string }
  | { readonly kind: 'login'; readonly statusId: string }
  | { readonly kind: 'logout'; readonly reason?: string };

type Row = Record<string, unknown>;
const same = (a: unknown, b: unknown): boolean => typeof a === 'string' && typeof b === 'string' && normaliseId(a) === normaliseId(b);

/**
 * One agent's Omni-Channel as their console shows it, kept in the emulated org: every change opens
 * and closes UserServicePresence rows through the emulator's control surface, so the org's REST view
 * agrees with what the console shows. Only statuses the user's profile or permission sets grant can be set.
 */
export class OmniChannel {
  private readonly listeners = new Set<(event: OmniEvent) => void>();

  constructor(
    private readonly control: EmulatorControl,
    readonly orgId: string,
    readonly userId: string,
  ) {}

  /** Listens to the toolkit's events (`omniChannelStatusChanged`, `...LoginSuccess`, `...Logout`). */
  subscribe(listener: (event: OmniEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private rows(object: string): Row[] {
    return this.control.records(this.orgId, object).filter((r) => r.IsDeleted !== true);
  }

  /** The statuses the user may use: granted to their profile or to a permission set assigned to them. */
  allowedStatuses(): Array<{ id: string; developerName: string }> {
    const user = this.rows('User').find((u) => same(u.Id, this.userId));
    if (!user) return [];
    const holders = new Set<string>();
    for (const p of this.rows('PermissionSet')) if (p.IsOwnedByProfile === true && same(p.ProfileId, user.ProfileId)) holders.add(normaliseId(String(p.Id)) ?? '');
    for (const a of this.rows('PermissionSetAssignment')) if (same(a.AssigneeId, this.userId)) holders.add(normaliseId(String(a.PermissionSetId)) ?? '');
    const granted = new Set(
      this.rows('SetupEntityAccess')
        .filter((g) => g.SetupEntityType === 'ServicePresenceStatus' && holders.has(normaliseId(String(g.ParentId)) ?? '-'))
        .map((g) => normaliseId(String(g.SetupEntityId))),
    );
    return this.rows('ServicePresenceStatus')
      .filter((s) => granted.has(normaliseId(String(s.Id))))
      .map((s) => ({ id: String(s.Id), developerName: String(s.DeveloperName) }));
  }

  /** What the widget shows: the current UserServicePresence row's status, or null (offline). */
  current(): ToolkitStatus | null {
    const row = this.rows('UserServicePresence').find((r) => same(r.UserId, this.userId) && r.IsCurrentState === true);
    if (!row) return null;
    const status = this.rows('ServicePresenceStatus').find((s) => same(s.Id, row.ServicePresenceStatusId));
    return { statusId: String(row.ServicePresenceStatusId), statusApiName: String(status?.DeveloperName ?? ''), statusName: String(status?.MasterLabel ?? '') };
  }

  /** Sets a status (ID or developer name) for `reason`, logging the agent in if needed. */
  set(status: string, reason: string): ToolkitStatus {
    const wanted = this.allowedStatuses().find((s) => same(s.id, status) || s.developerName === status);
    if (!wanted) throw new Error(`The presence status ${status} isn't available to this user's profile or permission sets.`);
    const wasOffline = this.current() === null;
    this.control.setPresence(this.orgId, this.userId, wanted.id, reason);
    const shown = this.current() ?? { statusId: wanted.id, statusApiName: wanted.developerName };
    if (wasOffline) this.emit({ kind: 'login', statusId: shown.statusId });
    this.emit({ kind: 'status', statusId: shown.statusId, statusApiName: wanted.developerName, reason });
    return shown;
  }

  /** `cause` is what the presence log records (default: the reason, else a logout in the widget or a closed browser). */
  logout(reason?: string, silently = false, cause = reason ?? (silently ? 'BrowserClosed' : 'OmniLogout')): void {
    if (this.current() !== null) this.control.setPresence(this.orgId, this.userId, null, cause);
    if (!silently) this.emit(reason === undefined ? { kind: 'logout' } : { kind: 'logout', reason });
  }

  /** The toolkit a console tab's component sees (`lightning:omniToolkitAPI`). */
  toolkit(): OmniToolkit {
    return {
      setServicePresenceStatus: async (statusId) => this.set(statusId, 'OmniToolkitStatusChange'),
      logout: async () => {
        this.logout(undefined, false, 'OmniToolkitLogout');
        return true;
      },
      getServicePresenceStatusId: async () => this.current(),
    };
  }

  private emit(event: OmniEvent): void {
    // Salesforce fires the toolkit's events after the call that caused them has answered.
    setTimeout(() => {
      for (const listener of this.listeners) listener(event);
    }, 0);
  }
}
