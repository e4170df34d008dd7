import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSalesforceEmulator, type SalesforceEmulator } from './index.ts';
import { acmeSeed, ACME_ID } from './test-support/fixture.ts';

let emu: SalesforceEmulator;

beforeAll(async () => {
  emu = await createSalesforceEmulator({ orgs: [acmeSeed()] });
});
afterAll(() => emu.close());

async function admin(version = '64.0'): Promise<jsforce.Connection> {
  const conn = new jsforce.Connection({ oauth2: { loginUrl: `${emu.url}/my/acme`, clientId: 'ACME_KEY', clientSecret: 'ACME_SECRET' }, version });
  await conn.login('admin@acme.example', 'Admin-Pass1ADMINTOKEN123');
  return conn;
}

describe('Metadata API (SOAP) through jsforce conn.metadata', () => {
  it('creates an Online status with channels and a Busy status, then reads them back', async () => {
    const conn = await admin();
    const created = await conn.metadata.create('ServicePresenceStatus', [
      { fullName: 'Available_for_Voice', label: 'Available for Voice', channels: { channel: ['Phone'] } },
      { fullName: 'Lunch', label: 'Lunch' },
    ] as never);
    expect(created).toEqual([
      expect.objectContaining({ fullName: 'Available_for_Voice', success: true }),
      expect.objectContaining({ fullName: 'Lunch', success: true }),
    ]);
    const read = await conn.metadata.read('ServicePresenceStatus', ['Available_for_Voice', 'Lunch']) as unknown as Record<string, unknown>[];
    expect(read[0]).toMatchObject({ fullName: 'Available_for_Voice', label: 'Available for Voice', channels: { channel: ['Phone'] } });
    expect(read[1]).toMatchObject({ fullName: 'Lunch', label: 'Lunch' });
    const rows = await conn.query<{ DeveloperName: string }>("SELECT DeveloperName FROM ServicePresenceStatus WHERE DeveloperName IN ('Available_for_Voice', 'Lunch') ORDER BY DeveloperName");
    expect(rows.records.map((r) => r.DeveloperName)).toEqual(['Available_for_Voice', 'Lunch']);
    const junction = await conn.query<{ ServiceChannel: { DeveloperName: string } }>("SELECT ServiceChannel.DeveloperName FROM ServiceChannelStatus WHERE ServicePresenceStatus.DeveloperName = 'Available_for_Voice'");
    expect(junction.records.map((r) => r.ServiceChannel.DeveloperName)).toEqual(['Phone']);
  });

  it('refuses duplicates, bad developer names and unknown channels per item', async () => {
    const conn = await admin();
    const results = await conn.metadata.create('ServicePresenceStatus', [
      { fullName: 'Busy', label: 'Busy' },
      { fullName: 'Bad Name', label: 'Bad Name' },
      { fullName: 'Chat_Ready', label: 'Chat Ready', channels: { channel: ['Chat'] } },
    ] as never) as unknown as { success: boolean; errors: { statusCode: string; message: string }[] }[];
    expect(results.map((r) => r.success)).toEqual([false, false, false]);
    expect(results.map((r) => r.errors[0]?.statusCode)).toEqual(['DUPLICATE_DEVELOPER_NAME', 'FIELD_INTEGRITY_EXCEPTION', 'FIELD_INTEGRITY_EXCEPTION']);
    expect(results[2]?.errors[0]?.message).toBe('In field: channel - no ServiceChannel named Chat found');
  });

  it('grants profile access with servicePresenceStatusAccesses (API 64.0+) and shows it in SetupEntityAccess', async () => {
    const conn = await admin();
    const before = await conn.metadata.read('Profile', 'Custom Agent') as unknown as { servicePresenceStatusAccesses: unknown };
    expect(before.servicePresenceStatusAccesses).toEqual([
      { enabled: 'true', servicePresenceStatus: 'Available' },
      { enabled: 'true', servicePresenceStatus: 'Busy' },
    ].map((e) => expect.objectContaining({ servicePresenceStatus: e.servicePresenceStatus })));
    const saved = await conn.metadata.update('Profile', {
      fullName: 'Custom Agent',
      servicePresenceStatusAccesses: [{ enabled: true, servicePresenceStatus: 'On_Break' }, { enabled: false, servicePresenceStatus: 'Busy' }],
    } as never) as unknown as { success: boolean };
    expect(saved.success).toBe(true);
    const access = await conn.query<{ Parent: { Profile: { Name: string } }; SetupEntityId: string }>(
      "SELECT Parent.Profile.Name, SetupEntityId FROM SetupEntityAccess WHERE SetupEntityType = 'ServicePresenceStatus' AND Parent.Profile.Name = 'Custom Agent'",
    );
    const ids = emu.control.describeOrg(ACME_ID).statuses;
    expect(access.records.map((r) => r.SetupEntityId).sort()).toEqual([ids.Available, ids.On_Break].sort());
    const missing = await conn.metadata.update('Profile', {
      fullName: 'Custom Agent', servicePresenceStatusAccesses: [{ enabled: true, servicePresenceStatus: 'Nope' }],
    } as never) as unknown as { success: boolean; errors: { statusCode: string }[] };
    expect(missing).toMatchObject({ success: false, errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY' }] });
  });

  it('rejects servicePresenceStatusAccesses below API 64.0 with a SOAP fault', async () => {
    const conn = await admin('62.0');
    await expect(conn.metadata.update('Profile', {
      fullName: 'Custom Agent', servicePresenceStatusAccesses: [{ enabled: true, servicePresenceStatus: 'Busy' }],
    } as never)).rejects.toThrow(/servicePresenceStatusAccesses invalid at this location/);
  });

  it('faults unknown operations, unsupported read types, malformed XML and old API versions', async () => {
    const conn = await admin();
    const soap = async (body: string, version = '64.0'): Promise<{ status: number; text: string }> => {
      const res = await fetch(`${conn.instanceUrl}/services/Soap/m/${version}`, {
        method: 'POST', headers: { 'content-type': 'text/xml', soapaction: '""' },
        body: `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header><SessionHeader><sessionId>${conn.accessToken}</sessionId></SessionHeader></soapenv:Header><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`,
      });
      return { status: res.status, text: await res.text() };
    };
    expect(await soap('<deploy/>')).toMatchObject({ status: 500, text: expect.stringContaining('No operation available for request {http://soap.sforce.com/2006/04/metadata}deploy') as unknown });
    expect((await soap('<readMetadata><type>CustomObject</type><fullNames>Account</fullNames></readMetadata>')).text).toContain('sf:INVALID_TYPE');
    expect((await soap('<createMetadata><metadata xsi:type="CustomObject" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><fullName>X</fullName></metadata></createMetadata>')).text)
      .toContain('<statusCode>INVALID_TYPE</statusCode>');
    expect((await soap('<readMetadata><type>Profile</type>')).text).toContain('<faultcode>soapenv:Client</faultcode>');
    expect((await soap('<readMetadata/>', '20.0')).text).toContain('UNSUPPORTED_API_VERSION');
    const many = Array.from({ length: 11 }, (_, i) => `<metadata xsi:type="ServicePresenceStatus" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><fullName>S${i}</fullName><label>S${i}</label></metadata>`).join('');
    expect((await soap(`<createMetadata>${many}</createMetadata>`)).text).toContain('sf:LIMIT_EXCEEDED');
    const old = await admin('62.0');
    const read = await old.metadata.read('Profile', 'Custom Agent') as unknown as { servicePresenceStatusAccesses?: unknown[] };
    expect(read.servicePresenceStatusAccesses ?? []).toEqual([]);
  });

  it('answers an invalid session with the INVALID_SESSION_ID fault', async () => {
    const res = await fetch(`${emu.url}/my/acme/services/Soap/m/64.0`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml', soapaction: '""' },
      body: '<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header><SessionHeader><sessionId>nope</sessionId></SessionHeader></soapenv:Header><soapenv:Body><readMetadata><type>Profile</type><fullNames>Admin</fullNames></readMetadata></soapenv:Body></soapenv:Envelope>',
    });
    expect(res.status).toBe(500);
    expect(await res.text()).toMatch(/<faultcode[^>]*>sf:INVALID_SESSION_ID<\/faultcode>/);
  });
});
