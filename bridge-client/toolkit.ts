/** What the client needs from `lightning:omniToolkitAPI` (the Aura component adapts it; tests fake it). */
export interface ToolkitStatus {
  readonly statusId: string;
  /** The status's developer name (`statusApiName` in the toolkit's answers). */
  readonly statusApiName?: string;
  readonly statusName?: string;
}

export interface OmniToolkit {
  /** Sets the agent's status (logging the agent in when needed) and answers the status now shown. */
  setServicePresenceStatus(statusId: string): Promise<ToolkitStatus>;
  /** Logs the agent out of Omni-Channel. */
  logout(): Promise<unknown>;
  /** The status the agent shows, or null when logged out of Omni-Channel. */
  getServicePresenceStatusId(): Promise<ToolkitStatus | null>;
}
