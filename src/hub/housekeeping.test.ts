import { describe, expect, it } from 'vitest';
import { DEDUP_RETENTION_MS, Housekeeping } from './housekeeping.ts';

const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

describe('housekeeping', () => {
  it('prunes the audit past its retention and dedup keys past theirs, in batches', async () => {
    const calls: unknown[] = [];
    const store = {
      audit: { prune: async (o: unknown) => (calls.push(['audit', o]), 3) },
      pruneDedupKeys: async (olderThan: number, batch?: number) => (calls.push(['dedup', olderThan, batch]), 2),
    } as never;
    await new Housekeeping({ store, auditRetentionDays: 30, logger, now: () => 10 * DEDUP_RETENTION_MS }).runOnce();
    expect(calls).toEqual([
      ['audit', { retentionMs: 30 * 86_400_000, batchSize: 500 }],
      ['dedup', 9 * DEDUP_RETENTION_MS, 1000],
    ]);
  });

  it('logs a failure instead of throwing, so the next pass tries again', async () => {
    const warnings: string[] = [];
    const store = { audit: { prune: async () => Promise.reject(new Error('database is locked')) }, pruneDedupKeys: async () => 0 } as never;
    await new Housekeeping({ store, auditRetentionDays: 1, logger: { ...logger, warn: ((_o: unknown, m: string) => void warnings.push(m)) as never } }).runOnce();
    expect(warnings).toEqual(['pruning failed; the next pass tries again']);
  });
});
