import { afterEach, describe, expect, it } from 'vitest';
import { broadcastChannelLease, type TabLease } from './tab-lease.ts';

const leases: TabLease[] = [];
afterEach(() => {
  for (const lease of leases.splice(0)) lease.stop();
});

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function tab(name: string, tabId: string, roles: Map<string, boolean>): TabLease {
  const lease = broadcastChannelLease({ name, tabId, heartbeatMs: 20 });
  if (!lease) throw new Error('Node 20 has BroadcastChannel');
  leases.push(lease);
  lease.start((leader) => roles.set(tabId, leader));
  return lease;
}

const leaders = (roles: Map<string, boolean>): string[] => [...roles].filter(([, leader]) => leader).map(([id]) => id);

describe('one active tab per agent', () => {
  it('elects one leader among tabs started together, and another when it leaves', async () => {
    const roles = new Map<string, boolean>();
    const name = `lease-${Math.random()}`;
    const tabs = ['c', 'a', 'b'].map((id) => [id, tab(name, id, roles)] as const);
    await until(() => leaders(roles).length === 1, 'a leader');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(leaders(roles)).toEqual(['a']);
    tabs.find(([id]) => id === 'a')?.[1].stop();
    roles.delete('a');
    await until(() => leaders(roles).length === 1, 'a new leader');
    expect(leaders(roles)).toEqual(['b']);
  });

  it('keeps the leader when a tab opens later, and takes over when the leader goes silent', async () => {
    const roles = new Map<string, boolean>();
    const name = `lease-${Math.random()}`;
    // The first tab's channel can be cut, as when its page freezes or crashes without a goodbye.
    const real = new BroadcastChannel(name);
    let muted = false;
    const channel = {
      postMessage: (message: unknown) => (muted ? undefined : real.postMessage(message)),
      close: () => real.close(),
      onmessage: null as ((event: { data: unknown }) => void) | null,
    };
    real.onmessage = (event) => (muted ? undefined : channel.onmessage?.({ data: event.data }));
    const first = broadcastChannelLease({ name, tabId: 'a', heartbeatMs: 20, channel });
    if (!first) throw new Error('lease');
    leases.push(first);
    first.start((leader) => roles.set('a', leader));
    await until(() => roles.get('a') === true, 'the first tab to lead');
    tab(name, 'b', roles);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(leaders(roles)).toEqual(['a']);
    muted = true;
    await until(() => roles.get('b') === true, 'the second tab to lead');
  });

  it('is unavailable where there is no BroadcastChannel', () => {
    const saved = globalThis.BroadcastChannel;
    try {
      (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel = undefined;
      expect(broadcastChannelLease({ name: 'x', tabId: 'a' })).toBeUndefined();
    } finally {
      globalThis.BroadcastChannel = saved;
    }
  });
});
