/**
 * "Get CXone users" right after Map and register, before the mapping is saved: the hub has the
 * credentials but does not use them yet, and says so instead of asking for them again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMappingWorld, type MappingWorld } from './support/mapping-world.ts';
import { environment } from './support/salesforce-org.ts';

let w: MappingWorld;
const t = '/api/v1/tenants/acme';

beforeAll(async () => {
  w = await startMappingWorld();
});
afterAll(async () => {
  await w.close();
});

describe('Get CXone users before the account mapping is saved', () => {
  it('says there is no mapping when none was registered', async () => {
    const answer = await w.h.request({ method: 'POST', url: `${t}/cxone/refresh` });
    expect(answer.statusCode).toBe(409);
    expect(answer.json()).toMatchObject({ code: 'PSYNC_NO_ACCOUNT_MAPPING' });
  });

  it('names the registered mapping that is not saved yet instead of asking for the credentials typed in it', async () => {
    const registered = await w.h.request({ method: 'POST', url: `${t}/account-mappings`, payload: { ...environment(w.login), id: 'prod', ...w.cxoneFields } });
    expect(registered.statusCode).toBe(201);
    const early = await w.h.request({ method: 'POST', url: `${t}/cxone/refresh` });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'PSYNC_ACCOUNT_MAPPING_NOT_SAVED', details: { mappings: [{ id: 'prod', status: 'draft' }] } });
    expect(early.json().message).toMatch(/not saved yet.*Select it and save/);
    expect(early.json().message).not.toMatch(/Enter the application's client id/);

    expect((await w.h.request({ method: 'POST', url: `${t}/account-mappings/prod/save` })).statusCode).toBe(200);
    const after = await w.h.request({ method: 'POST', url: `${t}/cxone/refresh` });
    expect(after.statusCode).toBe(200);
    expect(after.json().users.added.length).toBeGreaterThan(0);
  });
});
