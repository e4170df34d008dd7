/**
 * A user who may check or edit a mapping, but not read its secrets, cannot make the hub send them
 * elsewhere: a listener on loopback stands for the attacker's host and must receive nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './support/harness.ts';
import { startMappingWorld, type MappingWorld } from './support/mapping-world.ts';
import { environment } from './support/salesforce-org.ts';

const base = '/api/v1/tenants/acme/account-mappings';
const FOREIGN_TEXT = 'ATTACKER-CONTROLLED-TEXT-7f3a';

let w: MappingWorld;
let h: Harness;
let listener: Server;
/** Every request the attacker's host received. */
const received: string[] = [];
/** Allowed by the operator's list (127.0.0.1, any port), but not where the mapping's secrets were saved. */
let allowedOther: string;
/** Not in the operator's list at all (the same listener under another name). */
let foreign: string;

beforeAll(async () => {
  w = await startMappingWorld();
  h = w.h;
  listener = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''} ${body}`);
      response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_client', error_description: FOREIGN_TEXT, message: FOREIGN_TEXT }));
    });
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as AddressInfo;
  allowedOther = `http://127.0.0.1:${port}`;
  foreign = `http://localhost:${port}`;
  const created = await h.request({ method: 'POST', url: base, payload: { id: 'env', ...environment(w.login), ...w.cxoneFields } });
  expect(created.statusCode).toBe(201);
  received.length = 0;
});

afterAll(async () => {
  await new Promise((resolve) => listener.close(resolve));
  await w.close();
});

type Fields = { field: string; message: string }[];
const fieldsOf = (answer: { json(): { details: { fields: Fields } } }) => Object.fromEntries(answer.json().details.fields.map((f) => [f.field, f.message]));

describe('stored secrets go only to the endpoint they were saved with', () => {
  it('check-cxone with a stored mapping and another issuer sends nothing and asks for the secrets', async () => {
    const answer = await h.request({ method: 'POST', url: `${base}/check-cxone`, payload: { mappingId: 'env', cxoneIssuer: allowedOther } });
    expect(answer.statusCode).toBe(400);
    const fields = fieldsOf(answer);
    expect(Object.keys(fields).sort()).toEqual(['body.cxoneAccessKeySecret', 'body.cxoneClientSecret']);
    expect(fields['body.cxoneClientSecret']).toMatch(/issuer it was saved with.*type it again/);
    expect(received).toEqual([]);
  });

  it('an issuer outside the platforms\' hosts and the operator\'s list is refused before anything is sent', async () => {
    for (const issuer of [foreign, 'https://attacker.example', 'http://cxone.niceincontact.com']) {
      const answer = await h.request({ method: 'POST', url: `${base}/check-cxone`, payload: { ...w.cxoneFields, cxoneIssuer: issuer } });
      expect(answer.statusCode, issuer).toBe(400);
      expect(answer.json().code).toBe('PSYNC_ENDPOINT_NOT_ALLOWED');
      expect(fieldsOf(answer)['body.cxoneIssuer']).toMatch(/https|not a NICE CXone host/);
    }
    expect(received).toEqual([]);
  });

  it('PATCH of the login URL or the CXone issuer does not reuse the stored secrets', async () => {
    const login = await h.request({ method: 'PATCH', url: `${base}/env`, payload: { loginUrl: allowedOther } });
    expect(login.statusCode).toBe(400);
    expect(Object.keys(fieldsOf(login)).sort()).toEqual(['body.clientSecret', 'body.password']);
    expect(fieldsOf(login)['body.password']).toMatch(/login URL changes/);
    const issuer = await h.request({ method: 'PATCH', url: `${base}/env`, payload: { cxoneIssuer: allowedOther } });
    expect(issuer.statusCode).toBe(400);
    expect(Object.keys(fieldsOf(issuer)).sort()).toEqual(['body.cxoneAccessKeySecret', 'body.cxoneClientSecret']);
    const platform = await h.request({ method: 'PATCH', url: `${base}/env`, payload: { platform: 'sandbox', loginUrl: undefined } });
    expect(platform.statusCode).toBe(400);
    expect(Object.keys(fieldsOf(platform)).sort()).toEqual(['body.clientSecret', 'body.password']);
    const outside = await h.request({ method: 'PATCH', url: `${base}/env`, payload: { loginUrl: foreign, password: 'typed-again', clientSecret: 'typed-again' } });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().code).toBe('PSYNC_ENDPOINT_NOT_ALLOWED');
    expect(received).toEqual([]);
    // Nothing changed.
    expect((await h.request({ method: 'GET', url: `${base}/env` })).json().mapping).toMatchObject({ loginUrl: w.login, cxoneIssuer: w.cxone.url });
  });

  it('what another host answers is not repeated; the answer says which check failed', async () => {
    const answer = await h.request({ method: 'POST', url: `${base}/check-cxone`, payload: { ...w.cxoneFields, cxoneIssuer: allowedOther, cxoneClientSecret: 'typed-for-this-check' } });
    expect(answer.statusCode).toBe(422);
    expect(answer.body).not.toContain(FOREIGN_TEXT);
    expect(answer.json().message).toMatch(/token request failed/);
    expect(received).toHaveLength(1);
  });

  it('every check, edit and refusal is audited with the user', async () => {
    const ok = await h.request({ method: 'POST', url: `${base}/check-cxone`, payload: { mappingId: 'env' } });
    expect(ok.statusCode).toBe(200);
    const audit = await h.store.audit.query({ tenantId: 'acme', kind: 'admin', limit: 100 });
    const outcomes = audit.entries.map((e) => e.outcome);
    expect(outcomes).toEqual(expect.arrayContaining(['account_mapping.check_cxone', 'account_mapping.check_cxone.failed', 'account_mapping.update.failed', 'account_mapping.register']));
    for (const entry of audit.entries.filter((e) => e.outcome.endsWith('.failed'))) {
      expect(entry.explanation).toMatch(/^User root\.admin: refused \(PSYNC_/);
      expect(entry.details).toMatchObject({ actor: expect.objectContaining({ kind: 'user' }) });
      expect(JSON.stringify(entry)).not.toContain(FOREIGN_TEXT);
    }
  });
});
