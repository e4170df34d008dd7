/**
 * One active tab per agent in a browser: the tabs of one agent elect a leader over a BroadcastChannel.
 * The leader announces itself every `heartbeatMs`; followers that stop hearing it elect a new one;
 * the lowest tab ID wins a tie. Only the leader keeps a connection to the hub.
 */
export interface TabLease {
  start(onRole: (leader: boolean) => void): void;
  stop(): void;
}

interface ChannelLike {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export interface BroadcastLeaseOptions {
  readonly name: string;
  readonly tabId: string;
  readonly heartbeatMs?: number;
  /** Default: `new BroadcastChannel(name)`. */
  readonly channel?: ChannelLike;
}

type LeaseMessage = { t: 'claim' | 'hb' | 'resign'; tabId: string };

function isLeaseMessage(data: unknown): data is LeaseMessage {
  if (typeof data !== 'object' || data === null) return false;
  const { t, tabId } = data as Record<string, unknown>;
  return (t === 'claim' || t === 'hb' || t === 'resign') && typeof tabId === 'string';
}

/** A lease over BroadcastChannel, or undefined where the browser (or its sandbox) has none. */
export function broadcastChannelLease(options: BroadcastLeaseOptions): TabLease | undefined {
  const Channel = (globalThis as { BroadcastChannel?: new (name: string) => ChannelLike }).BroadcastChannel;
  if (!options.channel && !Channel) return undefined;
  const heartbeatMs = options.heartbeatMs ?? 1_000;
  const me = options.tabId;
  let channel: ChannelLike | undefined;
  let role: 'electing' | 'leader' | 'follower' | 'stopped' = 'stopped';
  let notify: (leader: boolean) => void = () => undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let beat: ReturnType<typeof setInterval> | undefined;

  const post = (t: LeaseMessage['t']): void => channel?.postMessage({ t, tabId: me });
  const clearTimers = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    if (beat !== undefined) clearInterval(beat);
    timer = undefined;
    beat = undefined;
  };
  const becomeLeader = (): void => {
    clearTimers();
    role = 'leader';
    post('hb');
    beat = setInterval(() => post('hb'), heartbeatMs);
    notify(true);
  };
  const becomeFollower = (): void => {
    const wasLeader = role === 'leader';
    clearTimers();
    role = 'follower';
    timer = setTimeout(elect, 3 * heartbeatMs);
    if (wasLeader) notify(false);
  };
  function elect(): void {
    clearTimers();
    role = 'electing';
    post('claim');
    timer = setTimeout(becomeLeader, Math.round(1.5 * heartbeatMs));
  }
  const onMessage = (data: unknown): void => {
    if (role === 'stopped' || !isLeaseMessage(data) || data.tabId === me) return;
    if (data.t === 'resign') {
      if (role === 'follower') elect();
      return;
    }
    const otherWins = data.tabId < me;
    if (role === 'leader') {
      if (data.t === 'hb' && otherWins) becomeFollower();
      else post('hb');
      return;
    }
    if (data.t === 'hb' || otherWins) becomeFollower();
  };

  return {
    start(onRole) {
      notify = onRole;
      channel = options.channel ?? (Channel ? new Channel(options.name) : undefined);
      if (channel) channel.onmessage = (event) => onMessage(event.data);
      elect();
    },
    stop() {
      if (role === 'leader') post('resign');
      role = 'stopped';
      clearTimers();
      channel?.close();
      channel = undefined;
    },
  };
}
