import { describe, expect, it } from 'vitest';
import { unavailable } from '../../domain/index.ts';
import type { CxoneAgentStateRow } from './payloads.ts';
import { eventsOfRows } from './state-events.ts';

const row = (agentId: string, stateName: string, startTime: number | null, extra: Partial<CxoneAgentStateRow> = {}): CxoneAgentStateRow => ({
  agentId,
  stateId: null,
  stateName,
  outStateId: null,
  outStateName: null,
  isAcw: false,
  startTime,
  lastUpdateTime: null,
  contactId: null,
  teamId: null,
  ...extra,
});

describe('eventsOfRows', () => {
  it('makes one cxone_feed event per change with its dedup key', () => {
    const { events, skipped } = eventsOfRows([row('1', 'Unavailable', 100, { outStateId: '7', outStateName: 'Lunch' })]);
    expect(skipped).toEqual([]);
    expect(events).toEqual([
      { agentId: '1', observation: { side: 'cxone', state: unavailable({ id: '7', name: 'Lunch' }) }, at: 100, origin: 'cxone_feed', dedupKey: '1/Unavailable:7/100' },
    ]);
  });

  it('drops repeated rows and orders by time (late rows first)', () => {
    const { events } = eventsOfRows([row('1', 'Available', 300), row('2', 'Available', 200), row('1', 'Available', 300), row('1', 'LoggedOut', 100)]);
    expect(events.map((e) => e.dedupKey)).toEqual(['1/LoggedOut/100', '2/Available/200', '1/Available/300']);
  });

  it('keeps every change of one agent in one poll', () => {
    const { events } = eventsOfRows([row('1', 'Available', 100), row('1', 'InboundContact', 200), row('1', 'Available', 300)]);
    expect(events.map((e) => e.dedupKey)).toEqual(['1/Available/100', '1/InboundContact/200', '1/Available/300']);
  });

  it('uses lastUpdateTime when the row has no startDate', () => {
    expect(eventsOfRows([row('1', 'Available', null, { lastUpdateTime: 50 })]).events[0]?.at).toBe(50);
  });

  it('skips rows it cannot read and says why', () => {
    const { events, skipped } = eventsOfRows([row('1', 'Mystery', 1), row('2', 'Available', null), row('3', 'Available', 5)]);
    expect(events).toHaveLength(1);
    expect(skipped).toEqual([
      { agentId: '1', reason: 'unknown agent state Mystery' },
      { agentId: '2', reason: 'the row has no startDate or lastUpdateTime' },
    ]);
  });
});
