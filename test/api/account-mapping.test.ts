import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './support/harness.ts';
import { startMappingWorld, type MappingWorld } from './support/mapping-world.ts';
import { environment } from './support/salesforce-org.ts';

let w: MappingWorld;
let h: Harness;
let login: string;

beforeAll(async () => {
  w = await startMappingWorld();
  h = w.h;
  login = w.login;
});

afterAll(async () => {
  await w.close();
});

const base = '/api/v1/tenants/acme/account-mappings';

describe('account mapping wizard', () => {
  it('validates the environment form field by field without logging in', async () => {
    const bad = await h.request({ method: 'POST', url: `${base}/validate`, payload: { ...environment(login), orgId: '005000000000001', adminEmail: 'not-mail', password: '', platform: 'moon' } });
    expect(bad.statusCode).toBe(400);
    const body = bad.json();
    expect(body.code).toBe('PSYNC_VALIDATION');
    const fields = (body.details.fields as { field: string; message: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['body.adminEmail', 'body.orgId', 'body.password', 'body.platform']);
    expect(body.details.fields.find((f: { field: string }) => f.field === 'body.orgId').message).toMatch(/must start with 00D.*Company Information/);

    const short = await h.request({ method: 'POST', url: `${base}/validate`, payload: { ...environment(login), orgId: '00D5g00' } });
    expect(short.json().details.fields[0].message).toMatch(/15 or 18/);

    const hyper = await h.request({ method: 'POST', url: `${base}/validate`, payload: { ...environment(login), platform: 'hyperforce', loginUrl: undefined } });
    expect(hyper.json().details.fields).toEqual([{ field: 'body.loginUrl', message: expect.stringMatching(/My Domain/) }]);

    const good = await h.request({ method: 'POST', url: `${base}/validate`, payload: environment(login) });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toEqual({ valid: true, orgId: '00D5g000004XyZaEAK', loginUrl: login });
  });

  it('takes the CXone application only as a whole: each missing credential is named', async () => {
    const partial = await h.request({ method: 'POST', url: `${base}/validate`, payload: environment(login, { cxoneAccessKeyId: 'AK-1', cxoneAccessKeySecret: 'secret', cxoneIssuer: 'not a url' }) });
    expect(partial.statusCode).toBe(400);
    const fields = partial.json().details.fields as { field: string; message: string }[];
    expect(fields.map((f) => f.field).sort()).toEqual(['body.cxoneClientId', 'body.cxoneClientSecret', 'body.cxoneIssuer']);
    expect(fields.find((f) => f.field === 'body.cxoneClientSecret')!.message).toMatch(/client secret.*cxone-setup\.md/);
    expect(fields.find((f) => f.field === 'body.cxoneIssuer')!.message).toMatch(/https:\/\/cxone\.niceincontact\.com/);
    expect((await h.request({ method: 'POST', url: `${base}/validate`, payload: environment(login, w.cxoneFields) })).statusCode).toBe(200);
  });

  it('checks CXone credentials against CXone before anything is saved', async () => {
    const check = (payload: Record<string, unknown>) => h.request({ method: 'POST', url: `${base}/check-cxone`, payload });
    const good = await check(w.cxoneFields);
    expect(good.statusCode).toBe(200);
    expect(good.json()).toEqual({ cxoneTenantId: w.cxoneFields.cxoneTenantId, apiEndpoint: w.cxone.url, issuer: w.cxone.url });

    const wrongSecret = await check({ ...w.cxoneFields, cxoneClientSecret: 'not-the-secret' });
    expect(wrongSecret.statusCode).toBe(422);
    expect(wrongSecret.json()).toMatchObject({ code: 'PSYNC_CXONE_CHECK_FAILED', details: { problems: [{ code: 'PSYNC_CXONE_CLIENT_REJECTED' }] } });
    expect(wrongSecret.json().details.fields.map((f: { field: string }) => f.field)).toEqual(['body.cxoneClientId', 'body.cxoneClientSecret']);

    const wrongKey = await check({ ...w.cxoneFields, cxoneAccessKeySecret: 'not-the-key' });
    expect(wrongKey.json().details.problems[0].code).toBe('PSYNC_CXONE_ACCESS_KEY_REJECTED');
    const otherTenant = await check({ ...w.cxoneFields, cxoneTenantId: 'someone-else' });
    expect(otherTenant.json().details.problems[0].code).toBe('PSYNC_CXONE_TENANT_MISMATCH');
    const nowhere = await check({ ...w.cxoneFields, cxoneIssuer: 'http://127.0.0.1:1' });
    expect(nowhere.json().details.problems[0]).toMatchObject({ code: 'PSYNC_CXONE_UNREACHABLE' });

    const incomplete = await check({ cxoneClientId: 'x' });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().details.fields.map((f: { field: string }) => f.field)).toEqual(['body.cxoneClientSecret', 'body.cxoneAccessKeyId', 'body.cxoneAccessKeySecret']);
  });

  it('reports the exact failure of Map and register, Salesforce and CXone at once, and saves nothing', async () => {
    const wrongToken = await h.request({ method: 'POST', url: base, payload: environment(login, { password: 'Admin-Pass1WRONG' }) });
    expect(wrongToken.statusCode).toBe(422);
    expect(wrongToken.json().code).toBe('PSYNC_MAP_AND_REGISTER_FAILED');
    expect(wrongToken.json().details.problems[0].code).toMatch(/^PSYNC_SF_/);

    const otherOrg = await h.request({ method: 'POST', url: base, payload: environment(login, { orgId: '00D7x000000UaTb' }) });
    expect(otherOrg.statusCode).toBe(422);
    expect(otherOrg.json().details.problems.map((p: { code: string }) => p.code)).toEqual(['PSYNC_SF_ORG_MISMATCH']);
    expect(otherOrg.json().details.fields.map((f: { field: string }) => f.field)).toEqual(['body.orgId']);

    const wrongCxone = await h.request({ method: 'POST', url: base, payload: environment(login, { ...w.cxoneFields, cxoneAccessKeySecret: 'stale-key', orgId: '00D7x000000UaTb' }) });
    expect(wrongCxone.statusCode).toBe(422);
    expect(wrongCxone.json().details.problems.map((p: { code: string }) => p.code)).toEqual(['PSYNC_CXONE_ACCESS_KEY_REJECTED', 'PSYNC_SF_ORG_MISMATCH']);
    expect((await h.request({ method: 'GET', url: base })).json().mappings).toEqual([]);
  });

  it('maps and registers with the CXone application, then selects and saves the environment; secrets are write-only', async () => {
    const registered = await h.request({ method: 'POST', url: base, payload: environment(login, { id: 'env-prod', ...w.cxoneFields }) });
    expect(registered.statusCode).toBe(201);
    const { mapping, registration, cxone } = registered.json();
    expect(registration).toMatchObject({ organizationId: '00D5g000004XyZaEAK', organizationName: 'Acme Corp', isSandbox: false });
    expect(cxone).toEqual({ cxoneTenantId: 'cx-acme', apiEndpoint: w.cxone.url, issuer: w.cxone.url });
    expect(mapping).toMatchObject({
      id: 'env-prod',
      status: 'draft',
      authFlow: 'username_password',
      orgId: '00D5g000004XyZaEAK',
      sfUsername: 'admin@acme.example',
      cxoneClientId: 'presence-sync-app',
      cxoneAccessKeyId: w.cxoneFields.cxoneAccessKeyId,
      cxoneIssuer: w.cxone.url,
      cxoneTenantId: 'cx-acme',
      secretsSet: { sfPassword: true, sfClientSecret: true, cxoneAccessKeySecret: true, cxoneClientSecret: true, sfPrivateKey: false, sfRefreshToken: false },
    });
    expect(mapping.statusDetail).toMatch(/CXone: signed in to tenant cx-acme/);

    const saved = await h.request({ method: 'POST', url: `${base}/env-prod/save` });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().mapping.status).toBe('verified');
    expect((await h.request({ method: 'GET', url: `${base}/env-prod` })).json().mapping.status).toBe('verified');
    expect(await h.store.accountMappings.revealSecrets('acme', 'env-prod')).toMatchObject({
      sfPassword: 'Admin-Pass1TOKEN123',
      sfClientSecret: 'ACME_CONSUMER_SECRET_42',
      cxoneClientSecret: 'cxone-client-secret-abc',
      cxoneAccessKeySecret: w.cxoneFields.cxoneAccessKeySecret,
    });

    const audit = await h.store.audit.query({ tenantId: 'acme', kind: 'admin' });
    expect(audit.entries.map((e) => e.outcome)).toEqual(expect.arrayContaining(['account_mapping.register', 'account_mapping.save']));
    expect(JSON.stringify(audit.entries)).not.toContain('Admin-Pass1TOKEN123');
    expect(JSON.stringify(audit.entries)).not.toContain('cxone-client-secret-abc');
  });

  it('edits a mapping only when Map and register succeeds again, keeping secrets not given; a changed CXone credential is checked first', async () => {
    const refused = await h.request({ method: 'PATCH', url: `${base}/env-prod`, payload: { clientSecret: 'WRONG_SECRET' } });
    expect(refused.statusCode).toBe(422);
    expect(await h.store.accountMappings.revealSecrets('acme', 'env-prod')).toMatchObject({ sfClientSecret: 'ACME_CONSUMER_SECRET_42' });
    const renamed = await h.request({ method: 'PATCH', url: `${base}/env-prod`, payload: { environmentName: 'Acme prod' } });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().mapping).toMatchObject({ environmentName: 'Acme prod', status: 'verified', secretsSet: { cxoneClientSecret: true } });
    expect(renamed.json().cxone).toBeNull();

    const wrongCxone = await h.request({ method: 'PATCH', url: `${base}/env-prod`, payload: { cxoneClientSecret: 'rotated-wrong' } });
    expect(wrongCxone.statusCode).toBe(422);
    expect(wrongCxone.json().details.problems[0].code).toBe('PSYNC_CXONE_CLIENT_REJECTED');
    expect((await h.store.accountMappings.revealSecrets('acme', 'env-prod')).cxoneClientSecret).toBe('cxone-client-secret-abc');

    // The edit form checks its CXone fields with the stored secrets filling the gaps.
    const stored = await h.request({ method: 'POST', url: `${base}/check-cxone`, payload: { mappingId: 'env-prod' } });
    expect(stored.json()).toMatchObject({ cxoneTenantId: 'cx-acme' });
    const changedId = await h.request({ method: 'POST', url: `${base}/check-cxone`, payload: { mappingId: 'env-prod', cxoneTenantId: 'another' } });
    expect(changedId.json().details.problems[0].code).toBe('PSYNC_CXONE_TENANT_MISMATCH');
  });

  it('reports the prerequisites per agent through the saved mapping', async () => {
    const report = await h.request({ method: 'GET', url: '/api/v1/tenants/acme/prerequisites' });
    expect(report.statusCode).toBe(200);
    const agents = report.json().agents as { username: string; ok: boolean; checks: { id: string; ok: boolean; message: string }[] }[];
    expect(agents.find((a) => a.username === 'alice@acme.example')?.ok).toBe(true);
    const paul = agents.find((a) => a.username === 'paul@acme.example')!;
    expect(paul.ok).toBe(false);
    expect(paul.checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(expect.arrayContaining(['agent_permission_set', 'package_licence']));
  });

  it('reads the org into the store through the saved mapping and provisions a missing status', async () => {
    const refreshed = await h.request({ method: 'POST', url: '/api/v1/tenants/acme/salesforce/refresh' });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json().statuses.added).toHaveLength(3);
    const statuses = (await h.request({ method: 'GET', url: '/api/v1/tenants/acme/salesforce/statuses' })).json().statuses;
    expect(statuses.map((s: { developerName: string; availability: string }) => `${s.developerName}:${s.availability}`).sort()).toEqual(['Available_for_Chats:online', 'Busy:busy', 'On_Break:busy']);
    const provisioned = await h.request({ method: 'POST', url: '/api/v1/tenants/acme/salesforce/statuses/provision', payload: { statuses: [{ label: 'On Break', availability: 'busy' }, { label: 'Lunch Break', availability: 'busy' }], profileNames: ['Custom Agent'] } });
    expect(provisioned.statusCode).toBe(200);
    const outcomes = provisioned.json().items.map((i: { what: string; outcome: string }) => `${i.what}=${i.outcome}`);
    expect(outcomes).toEqual(expect.arrayContaining(['status On_Break=exists', 'status Lunch_Break=created']));
    expect((await h.request({ method: 'POST', url: '/api/v1/tenants/acme/salesforce/refresh' })).json().statuses.added).toHaveLength(1);
  });

  it('answers a creating POST once per Idempotency-Key, and refuses the key for another body', async () => {
    const first = await h.request({ method: 'POST', url: base, headers: { 'idempotency-key': 'k-1' }, payload: environment(login, { environmentName: 'Second' }) });
    expect(first.statusCode).toBe(201);
    const again = await h.request({ method: 'POST', url: base, headers: { 'idempotency-key': 'k-1' }, payload: environment(login, { environmentName: 'Second' }) });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect((await h.request({ method: 'GET', url: base })).json().mappings).toHaveLength(2);
    const other = await h.request({ method: 'POST', url: base, headers: { 'idempotency-key': 'k-1' }, payload: environment(login, { environmentName: 'Third' }) });
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('PSYNC_IDEMPOTENCY_KEY_REUSED');
  });

  it('removes a mapping', async () => {
    const list = (await h.request({ method: 'GET', url: base })).json().mappings as { id: string }[];
    const second = list.find((m) => m.id !== 'env-prod')!;
    expect((await h.request({ method: 'DELETE', url: `${base}/${second.id}` })).statusCode).toBe(204);
    expect((await h.request({ method: 'DELETE', url: `${base}/${second.id}` })).json().code).toBe('PSYNC_NOT_FOUND');
  });

  it('never returned a secret in any answer', () => {
    expect(h.answers.length).toBeGreaterThan(10);
    for (const answer of h.answers) for (const secret of ['Admin-Pass1TOKEN123', 'ACME_CONSUMER_SECRET_42', 'cxone-client-secret-abc', w.cxoneFields.cxoneAccessKeySecret]) expect(answer).not.toContain(secret);
  });
});
