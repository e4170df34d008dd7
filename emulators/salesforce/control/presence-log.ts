/**
 * Every Omni-Channel presence change of the emulated orgs with who made it, oldest first: the
 * Salesforce counterpart of CXone's change log, so a checker can tell the agent's own changes from
 * the ones made through the toolkit (the hub's) without trusting the hub's account of them.
 */

export interface PresenceLogEntry {
  readonly seq: number;
  readonly orgId: string;
  /** The user's 18-character ID. */
  readonly userId: string;
  /** Emulator clock, epoch ms. */
  readonly at: number;
  /** Status IDs (18 characters); null = offline. */
  readonly from: string | null;
  readonly to: string | null;
  /**
   * The toolkit's reason (`OmniManualStatusChange`, `OmniSupervisorStatusChange`,
   * `OmniToolkitStatusChange` for a change made through the toolkit), `OmniToolkitLogout` for a
   * logout through the toolkit, `OmniLogout` or `OmniSupervisorLogout` for a logout in the widget,
   * `BrowserClosed`, or `control` for a change made through the control surface.
   */
  readonly reason: string;
}

export interface PresenceLogFilter {
  readonly orgId?: string;
  readonly userId?: string;
  /** Only entries with `seq` greater than this. */
  readonly afterSeq?: number;
}

export class PresenceLog {
  private readonly entries: PresenceLogEntry[] = [];

  append(entry: Omit<PresenceLogEntry, 'seq'>): void {
    this.entries.push({ ...entry, seq: this.entries.length + 1 });
  }

  list(filter: PresenceLogFilter = {}): PresenceLogEntry[] {
    return this.entries.filter(
      (e) =>
        (filter.orgId === undefined || e.orgId.slice(0, 15) === filter.orgId.slice(0, 15)) &&
        (filter.userId === undefined || e.userId.slice(0, 15) === filter.userId.slice(0, 15)) &&
        (filter.afterSeq === undefined || e.seq > filter.afterSeq),
    );
  }
}
