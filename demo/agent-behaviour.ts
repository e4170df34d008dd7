/**
 * Simulated agents that behave like people: they log in, take contacts, go to lunch or on a
 * break, change their Omni-Channel status by hand and now and then close the browser. Seeded,
 * so a demo run can be replayed; time comes in as an argument.
 */

export type AgentAction =
  | { readonly kind: 'login' }
  | { readonly kind: 'start_contact' }
  | { readonly kind: 'end_contact' }
  | { readonly kind: 'cxone_unavailable'; readonly codeName: string }
  | { readonly kind: 'cxone_available' }
  | { readonly kind: 'salesforce_status'; readonly statusLabel: string }
  | { readonly kind: 'close_console' }
  | { readonly kind: 'open_console' };

type Phase = 'idle' | 'on_contact' | 'away' | 'console_closed';

export interface BehaviourCatalogue {
  /** CXone unavailable codes agents pick for themselves (e.g. Lunch, Break). */
  readonly codeNames: readonly string[];
  /** Salesforce statuses agents pick by hand to take work (Online) ... */
  readonly onlineStatusLabels: readonly string[];
  /** ... and to step away (Busy). */
  readonly busyStatusLabels: readonly string[];
}

/** mulberry32: a tiny, good-enough seeded generator for a demo. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class AgentBehaviour {
  private phase: Phase | 'logged_out' = 'logged_out';
  private nextAt: number;

  constructor(
    private readonly random: () => number,
    private readonly catalogue: BehaviourCatalogue,
    start: number,
    /** Mean seconds between an agent's actions. */
    private readonly meanGapMs = 6_000,
  ) {
    this.nextAt = start + this.gap() / 3;
  }

  /** The action this agent takes at `now`, if its time has come. */
  step(now: number): AgentAction | undefined {
    if (now < this.nextAt) return undefined;
    this.nextAt = now + this.gap();
    const action = this.choose();
    this.phase = phaseAfter(this.phase, action);
    return action;
  }

  private choose(): AgentAction {
    const r = this.random();
    switch (this.phase) {
      case 'logged_out':
        return { kind: 'login' };
      case 'console_closed':
        return { kind: 'open_console' };
      case 'on_contact':
        return { kind: 'end_contact' };
      case 'away':
        return r < 0.5 ? { kind: 'cxone_available' } : { kind: 'salesforce_status', statusLabel: this.pick(this.catalogue.onlineStatusLabels) };
      case 'idle':
        if (r < 0.45) return { kind: 'start_contact' };
        if (r < 0.65) return { kind: 'cxone_unavailable', codeName: this.pick(this.catalogue.codeNames) };
        if (r < 0.92) return { kind: 'salesforce_status', statusLabel: this.pick(this.catalogue.busyStatusLabels) };
        return { kind: 'close_console' };
    }
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private gap(): number {
    return this.meanGapMs * (0.5 + this.random());
  }
}

function phaseAfter(phase: Phase | 'logged_out', action: AgentAction): Phase {
  // A hand-picked Salesforce status moves an agent who was away back to work, and one at work away.
  switch (action.kind) {
    case 'login':
    case 'end_contact':
    case 'cxone_available':
    case 'open_console':
      return 'idle';
    case 'start_contact':
      return 'on_contact';
    case 'cxone_unavailable':
      return 'away';
    case 'salesforce_status':
      return phase === 'away' ? 'idle' : 'away';
    case 'close_console':
      return 'console_closed';
  }
}
