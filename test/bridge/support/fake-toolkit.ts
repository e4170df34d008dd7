import type { BridgeClient } from '../../../bridge-client/bridge-client.ts';
import type { OmniToolkit, ToolkitStatus } from '../../../bridge-client/toolkit.ts';

export const STATUS = {
  available: { statusId: '0N5000000000001CAA', statusApiName: 'Available' },
  busy: { statusId: '0N5000000000002CAA', statusApiName: 'Busy' },
  lunch: { statusId: '0N5000000000003CAA', statusApiName: 'Lunch' },
} as const;

/**
 * Omni-Channel as the toolkit shows it, for one agent: sets and logouts fire the toolkit's events
 * back into the client (as Salesforce does) after answering. Statuses outside `allowed` are refused.
 */
export class FakeToolkit implements OmniToolkit {
  current: ToolkitStatus | null;
  readonly calls: string[] = [];
  client: BridgeClient | undefined;
  /** When set, sets never answer (to test timeouts). */
  hang = false;
  private readonly allowed: Map<string, ToolkitStatus>;

  constructor(initial: ToolkitStatus | null = null, allowed: readonly ToolkitStatus[] = Object.values(STATUS)) {
    this.current = initial;
    this.allowed = new Map(allowed.map((s) => [s.statusId.slice(0, 15), s]));
  }

  async setServicePresenceStatus(statusId: string): Promise<ToolkitStatus> {
    this.calls.push(`set:${statusId}`);
    if (this.hang) return new Promise<never>(() => undefined);
    const status = this.allowed.get(statusId.slice(0, 15));
    if (!status) throw new Error(`The status ${statusId} isn't available to this user's profile.`);
    this.current = status;
    setTimeout(() => this.client?.statusChanged({ ...status, reason: 'OmniToolkitStatusChange' }), 0);
    return status;
  }

  async logout(): Promise<boolean> {
    this.calls.push('logout');
    this.current = null;
    setTimeout(() => this.client?.loggedOut({}), 0);
    return true;
  }

  async getServicePresenceStatusId(): Promise<ToolkitStatus | null> {
    return this.current;
  }

  /** The agent picks a status in the Omni-Channel widget. */
  agentSets(status: ToolkitStatus): void {
    this.current = status;
    this.client?.statusChanged({ ...status, reason: 'OmniManualStatusChange' });
  }

  supervisorSets(status: ToolkitStatus): void {
    this.current = status;
    this.client?.statusChanged({ ...status, reason: 'OmniSupervisorStatusChange' });
  }

  agentLogsOut(reason?: string): void {
    this.current = null;
    this.client?.loggedOut(reason ? { reason } : {});
  }
}
