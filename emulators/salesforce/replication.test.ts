import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesforceEmulator, type SalesforceEmulator } from './index.ts';
import { acmeSeed, ACME_ID } from './test-support/fixture.ts';

const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);
let emu: SalesforceEmulator;
let conn: jsforce.Connection;

beforeAll(async () => {
  emu = await createSalesforceEmulator({ orgs: [acmeSeed()], now: () => T0 });
  conn = new jsforce.Connection({ oauth2: { loginUrl: `${emu.url}/login`, clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET' }, version: '62.0' });
  await conn.login('admin@acme.example', 'Admin-Pass1ADMINTOKEN123');
});
afterAll(() => emu.close());

describe('getUpdated / getDeleted on UserServicePresence', () => {
  it('lists rows changed and deleted in whole minutes of the window', async () => {
    const agent = emu.control.describeOrg(ACME_ID).users['agent1@acme.example'] as string;
    emu.control.advanceClock(5 * 60_000);
    const change = emu.control.setPresence(ACME_ID, agent, 'Busy');
    emu.control.advanceClock(60_000);
    await conn.sobject('UserServicePresence').destroy(change.openedId as string);
    emu.control.advanceClock(5 * 60_000);

    const start = new Date(T0 + 4 * 60_000);
    const end = new Date(T0 + 20 * 60_000);
    const updated = await conn.sobject('UserServicePresence').updated(start.toISOString(), end.toISOString());
    expect(updated.ids).toEqual([change.closedId]);
    expect(updated.latestDateCovered).toBe('2026-11-25T09:11:00.000+0000');
    const deleted = await conn.sobject('UserServicePresence').deleted(start.toISOString(), end.toISOString());
    expect(deleted.deletedRecords).toEqual([{ id: change.openedId, deletedDate: '2026-11-25T09:06:00.000+0000' }]);

    const tooShort = await fetch(`${conn.instanceUrl}/services/data/v62.0/sobjects/UserServicePresence/updated/?start=${encodeURIComponent(start.toISOString())}&end=${encodeURIComponent(start.toISOString())}`, {
      headers: { authorization: `Bearer ${conn.accessToken}` },
    });
    expect([tooShort.status, ((await tooShort.json()) as { errorCode: string }[])[0]?.errorCode]).toEqual([400, 'INVALID_REPLICATION_DATE']);
  });
});
