import { afterEach, describe, expect, it, vi } from 'vitest';
import { fail, ok } from '../domain/index.ts';
import { DirectoryRefresher } from './directory-refresher.ts';

afterEach(() => {
  vi.useRealTimers();
});

function logger() {
  const lines: { level: string; object: Record<string, unknown>; message: string }[] = [];
  const at = (level: string) => (object: Record<string, unknown>, message = '') => lines.push({ level, object, message });
  return { lines, log: { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') } };
}

describe('DirectoryRefresher', () => {
  it('reads both directories again each interval, and one side failing does not stop the other', async () => {
    vi.useFakeTimers();
    const { lines, log } = logger();
    const calls: string[] = [];
    const refresher = new DirectoryRefresher({
      tenantId: 't1',
      intervalMs: 60_000,
      refreshCxone: async () => {
        calls.push('cxone');
        return fail({ code: 'PSYNC_CXONE_AUTH_FAILED', message: 'The access key was refused.' });
      },
      refreshSalesforce: async () => {
        calls.push('salesforce');
        return ok({});
      },
      logger: log as never,
    });
    refresher.start();
    await vi.advanceTimersByTimeAsync(59_999);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual(['cxone', 'salesforce']);
    expect(lines.find((l) => l.level === 'warn')).toMatchObject({ object: { tenantId: 't1', code: 'PSYNC_CXONE_AUTH_FAILED' }, message: expect.stringContaining('The access key was refused.') });
    expect(lines.find((l) => l.level === 'info')).toMatchObject({ object: { directory: 'Salesforce org' } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(4);
    await refresher.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls).toHaveLength(4);
  });

  it('logs a side that throws, and reads only the sides it has', async () => {
    const { lines, log } = logger();
    const refresher = new DirectoryRefresher({ tenantId: 't1', intervalMs: 60_000, refreshSalesforce: async () => Promise.reject(new Error('socket hang up')), logger: log as never });
    await refresher.refreshOnce();
    expect(lines).toEqual([{ level: 'warn', object: { tenantId: 't1', directory: 'Salesforce org', err: 'socket hang up' }, message: 'reading the Salesforce org again failed' }]);
  });
});
