import type { Side } from '../domain/index.ts';
import type { ClaimedIntent, ClaimOptions, IntentKey, Mailbox } from '../store/ports.ts';
import type { ConsoleHolder } from './ports.ts';
import { consoleServeKey } from './serve-key.ts';

/** Free write slots per side. */
export type Slots = Record<Side, number>;

export interface ClaimerOptions {
  readonly mailbox: Pick<Mailbox, 'claim'>;
  /** The consoles this instance holds; without it, Salesforce intents are claimed like any (one hub instance). */
  readonly consoles?: ConsoleHolder;
  readonly owner: string;
  readonly leaseMs: number;
  /** The echo each claimed write will cause, recorded with the claim. */
  readonly expectEcho?: ClaimOptions['expectEcho'];
}

/** Serve keys (or hinted agents) per claim, so that the SQL `in (...)` list stays small. */
const CHUNK = 500;

const SIDES: readonly Side[] = ['cxone', 'salesforce'];

/**
 * Finds due intents for the dispatcher in two ways: the intents it was told about (an ingest on
 * this instance just wrote them), looked up by key; and a scan of every due intent, for the rest
 * (retries whose time came, lapsed leases, intents another instance wrote, a console that connected).
 * A scan asks for the Salesforce intents of every console this instance holds, which at thousands
 * of consoles costs milliseconds; a lookup by key costs what one intent does.
 */
export class Claimer {
  /** Agents by `tenant\0side`. */
  private hints = new Map<string, Set<string>>();
  private salesforceFirst = false;

  constructor(private readonly options: ClaimerOptions) {}

  hint(key: IntentKey): void {
    this.hintGroup(groupOf(key.tenantId, key.target), key.agentId);
  }

  get hinted(): boolean {
    return this.hints.size > 0;
  }

  forgetHints(): void {
    this.hints.clear();
  }

  /** Every due intent, up to the free slots of each side. Hints of a side that filled up are kept. */
  async scan(slots: Slots): Promise<ClaimedIntent[]> {
    const hinted = this.takeHints();
    // Alternate which side goes first, so that a busy side cannot starve the other.
    this.salesforceFirst = !this.salesforceFirst;
    const order: readonly Side[] = this.salesforceFirst ? ['salesforce', 'cxone'] : SIDES;
    const out: ClaimedIntent[] = [];
    for (const side of order) {
      const claimed = slots[side] > 0 ? await this.scanSide(side, slots[side]) : [];
      out.push(...claimed);
      if (claimed.length >= slots[side]) this.restore(hinted, side);
    }
    return out;
  }

  /** The hinted intents that are due, up to the free slots of each side; what a full side left is kept. */
  async claimHinted(slots: Slots): Promise<ClaimedIntent[]> {
    const hinted = this.takeHints();
    const out: ClaimedIntent[] = [];
    const taken: Slots = { cxone: 0, salesforce: 0 };
    let holds: ((tenantId: string, agentId: string) => boolean) | undefined;
    for (const [group, agents] of hinted) {
      const { tenantId, side } = parseGroup(group);
      let agentIds = [...agents];
      if (side === 'salesforce' && this.options.consoles) {
        holds ??= this.holder(this.options.consoles);
        const held = holds;
        agentIds = agentIds.filter((agentId) => held(tenantId, agentId));
      }
      for (let i = 0; i < agentIds.length; i += CHUNK) {
        const chunk = agentIds.slice(i, i + CHUNK);
        const limit = slots[side] - taken[side];
        if (limit <= 0) {
          for (const agentId of chunk) this.hintGroup(group, agentId);
          continue;
        }
        const claimed = await this.options.mailbox.claim({
          ...this.base(),
          limit,
          tenantId,
          target: side,
          agentIds: chunk,
          ...(side === 'salesforce' && this.options.consoles ? { serveKeys: chunk.map((agentId) => consoleServeKey(tenantId, agentId)) } : {}),
        });
        out.push(...claimed);
        taken[side] += claimed.length;
        // The limit cut this chunk short: the ones not claimed may still be due.
        if (claimed.length >= limit) {
          const got = new Set(claimed.map((c) => c.agentId));
          for (const agentId of chunk) if (!got.has(agentId)) this.hintGroup(group, agentId);
        }
      }
    }
    return out;
  }

  private holder(consoles: ConsoleHolder): (tenantId: string, agentId: string) => boolean {
    if (consoles.holds) return (tenantId, agentId) => consoles.holds!({ tenantId, agentId });
    const held = new Set(consoles.heldAgents().map((a) => consoleServeKey(a.tenantId, a.agentId)));
    return (tenantId, agentId) => held.has(consoleServeKey(tenantId, agentId));
  }

  private async scanSide(side: Side, limit: number): Promise<ClaimedIntent[]> {
    const consoles = this.options.consoles;
    if (side === 'cxone' || !consoles) return [...(await this.options.mailbox.claim({ ...this.base(), limit, target: side }))];
    const keys = consoles.heldAgents().map((a) => consoleServeKey(a.tenantId, a.agentId));
    const out: ClaimedIntent[] = [];
    for (let i = 0; i < keys.length && out.length < limit; i += CHUNK) {
      const options: ClaimOptions = { ...this.base(), limit: limit - out.length, target: 'salesforce', serveKeys: keys.slice(i, i + CHUNK) };
      out.push(...(await this.options.mailbox.claim(options)));
    }
    return out;
  }

  private base(): Pick<ClaimOptions, 'owner' | 'leaseMs' | 'expectEcho'> {
    return { owner: this.options.owner, leaseMs: this.options.leaseMs, ...(this.options.expectEcho ? { expectEcho: this.options.expectEcho } : {}) };
  }

  private takeHints(): Map<string, Set<string>> {
    const hinted = this.hints;
    this.hints = new Map();
    return hinted;
  }

  private restore(hinted: ReadonlyMap<string, ReadonlySet<string>>, side: Side): void {
    for (const [group, agents] of hinted) if (parseGroup(group).side === side) for (const agentId of agents) this.hintGroup(group, agentId);
  }

  private hintGroup(group: string, agentId: string): void {
    let agents = this.hints.get(group);
    if (!agents) this.hints.set(group, (agents = new Set()));
    agents.add(agentId);
  }
}

const groupOf = (tenantId: string, side: Side): string => `${side}\u0000${tenantId}`;

function parseGroup(group: string): { readonly tenantId: string; readonly side: Side } {
  const cut = group.indexOf('\u0000');
  return { side: group.slice(0, cut) as Side, tenantId: group.slice(cut + 1) };
}
