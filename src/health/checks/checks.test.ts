import { describe, expect, it } from 'vitest';
import type { PresenceRule } from '../../domain/index.ts';
import { renderText } from '../catalogue.ts';
import type { HealthThresholds, TenantHealthFacts } from '../facts.ts';
import { UpstreamSignals } from '../signals.ts';
import { runChecks } from './index.ts';

const NOW = Date.UTC(2026, 11, 4, 12, 0);
const DAY = 86_400_000;
const thresholds: HealthThresholds = { cxonePollIntervalMs: 1000, feedLagIntervals: 60, consoleMissingMs: 2 * 3_600_000, divergenceMs: 15 * 60_000, expiryWarningDays: 14 };

const rule: PresenceRule = {
  id: 'voice',
  name: 'Voice agents',
  version: 3,
  skipUnavailableCodeValidation: false,
  publisher: [{ acd: { kind: 'Unavailable', codeId: '11' }, salesforce: { kind: 'Status', statusId: '0N5xx0000000001AAA' } }],
  subscriber: [{ salesforce: { kind: 'Status', statusId: '0N5xx0000000002AAA' }, acd: { kind: 'PREVIOUS' } }],
  assignments: { teamIds: ['t'], userIds: [] },
};

function healthy(): TenantHealthFacts {
  const signals = new UpstreamSignals(() => NOW);
  signals.started('t1');
  signals.cxonePolled('t1');
  return {
    tenantId: 't1',
    now: NOW,
    syncOn: true,
    connection: { cxone: true, salesforce: true },
    signals: signals.of('t1'),
    rules: [rule],
    statusIds: new Set(['0n5xx0000000001aaa', '0n5xx0000000002aaa']),
    codes: new Map([['11', { name: 'Lunch', active: true }]]),
    agentNames: new Map([['a1', 'Aiko Agent'], ['a2', 'Ben Agent']]),
    failingPrerequisites: [],
    withoutConsoleSince: new Map(),
    divergedSince: new Map(),
    deadLetters: { count: 0, recent: [] },
    credentials: [],
  };
}

const codes = (facts: TenantHealthFacts) => runChecks(facts, thresholds).map((f) => f.code);

describe('health checks', () => {
  it('find nothing in a healthy tenant, and nothing at all while Presence Sync is off', () => {
    expect(codes(healthy())).toEqual([]);
    expect(codes({ ...healthy(), syncOn: false, connection: { cxone: false, salesforce: false } })).toEqual([]);
  });

  it('report an incomplete account mapping, naming the side', () => {
    const [found] = runChecks({ ...healthy(), connection: { cxone: false, salesforce: true } }, thresholds);
    expect(found).toMatchObject({ code: 'PSYNC_HEALTH_CONNECTION_INCOMPLETE', severity: 'critical', params: { side: 'cxone' } });
    expect(renderText(found!.code, found!.params).summary.ja).toContain('CXone接続');
  });

  it('tell a refused access key from other CXone refusals, and report Salesforce login failures, until a call succeeds', () => {
    let now = NOW;
    const signals = new UpstreamSignals(() => now);
    signals.started('t1');
    signals.cxonePolled('t1');
    signals.failed('t1', 'cxone', { kind: 'retryable', code: 'PSYNC_CXONE_UNAVAILABLE', message: 'HTTP 503' });
    expect(codes({ ...healthy(), signals: signals.of('t1') })).toEqual([]);
    signals.failed('t1', 'cxone', { kind: 'auth', code: 'PSYNC_CXONE_ACCESS_KEY_REJECTED', message: 'Invalid access key id or secret.' });
    signals.failed('t1', 'salesforce', { kind: 'auth', code: 'PSYNC_SF_REFRESH_TOKEN_EXPIRED', message: 'expired access/refresh token' });
    const found = runChecks({ ...healthy(), signals: signals.of('t1') }, thresholds);
    expect(found.map((f) => f.code)).toEqual(['PSYNC_HEALTH_CXONE_ACCESS_KEY_REJECTED', 'PSYNC_HEALTH_SF_CREDENTIALS_FAILING']);
    expect(renderText(found[0]!.code, found[0]!.params).summary.en).toBe(
      'Since 2026-12-04 12:00 UTC, CXone refuses the access key of the access key user: no agent state is read from or written to CXone. CXone said: Invalid access key id or secret.',
    );
    now += 1000;
    signals.failed('t1', 'cxone', { kind: 'auth', code: 'PSYNC_CXONE_FORBIDDEN', message: 'no permission' });
    expect(codes({ ...healthy(), signals: signals.of('t1') })).toContain('PSYNC_HEALTH_CXONE_CREDENTIALS_FAILING');
    signals.succeeded('t1', 'cxone');
    signals.succeeded('t1', 'salesforce');
    expect(codes({ ...healthy(), signals: signals.of('t1') })).toEqual([]);
  });

  it('warn before a recorded credential expires and turn red after', () => {
    const expiring = { ...healthy(), credentials: [{ kind: 'jwt_certificate' as const, expiresAt: NOW + 10 * DAY, detail: {}, updatedAt: NOW }] };
    const [soon] = runChecks(expiring, thresholds);
    expect(soon).toMatchObject({ code: 'PSYNC_HEALTH_CREDENTIAL_EXPIRING', severity: 'warning', params: { days: 10, credential: 'jwt_certificate' } });
    expect(renderText(soon!.code, soon!.params).summary.en).toContain('The certificate of the JWT bearer flow expires on 2026-12-14 12:00 UTC, in 10 days.');
    expect(codes({ ...healthy(), credentials: [{ kind: 'refresh_token', expiresAt: NOW + 20 * DAY, detail: {}, updatedAt: NOW }] })).toEqual([]);
    expect(codes({ ...healthy(), credentials: [{ kind: 'refresh_token', expiresAt: NOW - 1, detail: {}, updatedAt: NOW }] })).toEqual(['PSYNC_HEALTH_CREDENTIAL_EXPIRED']);
  });

  it('name the rules whose statuses or codes are gone, but not before the directories were read', () => {
    const found = runChecks({ ...healthy(), statusIds: new Set(['0n5xx0000000002aaa']), codes: new Map([['11', { name: 'Lunch', active: false }]]) }, thresholds);
    expect(found.map((f) => [f.code, f.params.missing, f.affected.rules])).toEqual([
      ['PSYNC_HEALTH_RULE_STATUS_MISSING', '0N5xx0000000001AAA', [{ id: 'voice', name: 'Voice agents' }]],
      ['PSYNC_HEALTH_RULE_CODE_MISSING', 'Lunch', [{ id: 'voice', name: 'Voice agents' }]],
    ]);
    expect(codes({ ...healthy(), statusIds: new Set(), codes: new Map() })).toEqual([]);
  });

  it('list agents failing prerequisites, without a console for too long, or out of sync for too long', () => {
    const found = runChecks(
      {
        ...healthy(),
        failingPrerequisites: ['a2'],
        withoutConsoleSince: new Map([['a1', NOW - 3 * 3_600_000], ['a2', NOW - 60_000]]),
        divergedSince: new Map([['a2', NOW - 20 * 60_000]]),
      },
      thresholds,
    );
    expect(found.map((f) => [f.code, f.severity, f.affected.agents])).toEqual([
      ['PSYNC_HEALTH_AGENT_PREREQUISITES', 'warning', [{ id: 'a2', name: 'Ben Agent' }]],
      ['PSYNC_HEALTH_CONSOLE_MISSING', 'warning', [{ id: 'a1', name: 'Aiko Agent' }]],
      ['PSYNC_HEALTH_DIVERGENCE_SUSTAINED', 'warning', [{ id: 'a2', name: 'Ben Agent' }]],
    ]);
    expect(renderText('PSYNC_HEALTH_CONSOLE_MISSING', found[1]!.params).summary.ja).toContain('2 時間以上');
  });

  it('report dead letters, a CXone feed that stopped, and rate limiting', () => {
    let now = NOW;
    const signals = new UpstreamSignals(() => now);
    signals.started('t1');
    signals.cxonePolled('t1');
    signals.failed('t1', 'cxone', { kind: 'rate_limited', code: 'PSYNC_CXONE_RATE_LIMITED', message: 'HTTP 429' });
    now += 61_000;
    const found = runChecks({ ...healthy(), now, signals: signals.of('t1'), deadLetters: { count: 3, recent: [{ agentId: 'a1', reason: 'CXone refused the state', at: now }] } }, thresholds);
    expect(found.map((f) => [f.code, f.params])).toEqual([
      ['PSYNC_HEALTH_FEED_LAG', { lagSeconds: 61, intervals: 60 }],
      ['PSYNC_HEALTH_DEAD_LETTERS', { n: 3, message: 'CXone refused the state' }],
      ['PSYNC_HEALTH_RATE_LIMITED', { side: 'cxone', n: 1, minutes: 10, message: 'HTTP 429' }],
    ]);
    now += 10 * 60_000;
    signals.cxonePolled('t1');
    expect(codes({ ...healthy(), now, signals: signals.of('t1') })).toEqual([]);
  });
});
