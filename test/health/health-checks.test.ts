/**
 * Tenant health end to end on the emulators: each thing an administrator of CXone or Salesforce can
 * break behind the hub's back (disable the access key, revoke the refresh token, take the Agent
 * permission set from an agent, delete a status a rule maps, close an agent's console) opens a
 * problem on GET /health and in the Prometheus gauge, and undoing it clears the problem. The alerts
 * configured through the API reach local receivers: a signed webhook (its signature checked),
 * Slack- and Teams-shaped webhooks, and e-mail through a local SMTP server.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/health/index.ts';
import type { DemoAgent } from '../../demo/demo-world.ts';
import { ConsoleSession } from '../cli/support/http-clients.ts';
import { ADMIN, startConsoleWorld, type ConsoleWorld } from '../console/support/console-world.ts';

interface Problem {
  readonly code: string;
  readonly severity: string;
  readonly summary: { readonly en: string; readonly ja: string };
  readonly affected: { readonly agents: readonly { id: string; name: string }[]; readonly rules: readonly { id: string; name: string }[] };
  readonly clearedAt: number | null;
}
interface Health {
  readonly status: string;
  readonly open: readonly Problem[];
  readonly history: readonly Problem[];
}

let w: ConsoleWorld;
let api: ConsoleSession;
let receiver: Server;
let smtp: SMTPServer;
let receiverUrl: string;
let signingSecret = '';
/** What the receivers got: every POST by path (bodies parsed), each webhook signature checked, every e-mail as sent. */
const received: { path: string; body: Record<string, unknown>; signed: boolean }[] = [];
const mails: string[] = [];
const SMTP_LOGIN = { user: 'alerts@demo.example', pass: 'an smtp password' };
const TENANT = 'demo';

const health = () => api.call<Health>('GET', `/api/v1/tenants/${TENANT}/health`);

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}; health is ${JSON.stringify(await health())}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const opened = (code: string) => until(`${code} is open`, async () => (await health()).open.find((p) => p.code === code));
const cleared = (code: string) =>
  until(`${code} is cleared`, async () => {
    const now = await health();
    return now.open.some((p) => p.code === code) ? undefined : now.history.find((p) => p.code === code);
  });

async function gauge(code: string): Promise<number> {
  const text = await (await fetch(`${w.hub.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('presence_sync_health_problem{') && l.includes(`code="${code}"`) && l.includes(`tenant="${TENANT}"`));
  return Number(line?.split(' ').pop());
}

/** The web-server flow as an administrator does it on Salesforce's page: log in, and exchange the code for a refresh token. */
async function refreshTokenFromSalesforce(): Promise<string> {
  const { salesforce, sfApp, sfAdmin } = w.world;
  const login = `${salesforce.url}/login/services/oauth2`;
  const redirectUri = 'http://127.0.0.1:8080/oauth/callback';
  const form = new URLSearchParams({ response_type: 'code', client_id: sfApp.consumerKey, redirect_uri: redirectUri, username: sfAdmin.username, pw: sfAdmin.password });
  const authorized = await fetch(`${login}/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  const code = new URL(authorized.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const token = await fetch(`${login}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: sfApp.consumerKey, client_secret: sfApp.consumerSecret, redirect_uri: redirectUri }) });
  const { refresh_token: refreshToken } = (await token.json()) as { refresh_token?: string };
  if (!refreshToken) throw new Error('the emulator gave no refresh token');
  return refreshToken;
}

async function startReceivers(): Promise<void> {
  receiver = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    request.on('end', () => {
      const signed = verifySignature(signingSecret, { timestamp: request.headers['x-presence-sync-timestamp'] as string | undefined, signature: request.headers['x-presence-sync-signature'] as string | undefined }, raw, Math.floor(Date.now() / 1000));
      received.push({ path: request.url ?? '', body: JSON.parse(raw) as Record<string, unknown>, signed });
      // The generic receiver refuses what is not signed with its secret, as a real one must.
      response.statusCode = request.url === '/webhook' && !signed ? 401 : 200;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  smtp = new SMTPServer({
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (auth, _session, callback) => (auth.username === SMTP_LOGIN.user && auth.password === SMTP_LOGIN.pass ? callback(null, { user: auth.username }) : callback(new Error('Invalid username or password'))),
    onData: (stream, _session, callback) => {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        mails.push(raw);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
}

const webhookEvents = (code: string) => received.filter((r) => r.path === '/webhook').flatMap((r) => (r.body.events as { event: string; problem: { code: string } }[]).filter((e) => e.problem.code === code).map((e) => `${e.event}:${r.signed ? 'signed' : 'unsigned'}`));

beforeAll(async () => {
  await startReceivers();
  w = await startConsoleWorld({
    agents: 2,
    env: {
      PRESENCE_SYNC_HEALTH_INTERVAL_MS: '250',
      PRESENCE_SYNC_HEALTH_CONSOLE_MISSING_MS: '1500',
      PRESENCE_SYNC_BRIDGE_GRACE_MS: '300',
      PRESENCE_SYNC_SALESFORCE_FEED_INTERVAL_MS: '1000',
    },
  });
  api = new ConsoleSession(w.hub.url);
  await api.signIn(ADMIN.username, ADMIN.password);
  await w.hub.refreshTenants();
}, 60_000);

afterAll(async () => {
  await w?.close();
  receiver?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

describe('tenant health on the emulators', () => {
  it('starts healthy: no problem, the gauge at 0 for every check', async () => {
    const now = await until('the checks ran', async () => ((await api.call<{ evaluatedAt: number | null }>('GET', `/api/v1/tenants/${TENANT}/health`)).evaluatedAt ? health() : undefined));
    expect(now).toMatchObject({ status: 'ok', open: [] });
    expect(await gauge('PSYNC_HEALTH_CXONE_ACCESS_KEY_REJECTED')).toBe(0);
  });

  it('sends a test alert through each kind of channel configured in the API, and never returns their secrets', async () => {
    const base = `/api/v1/tenants/${TENANT}/alerts/channels`;
    const webhook = await api.call<{ signingSecret?: string; channel: { urlHint: string; secretsSet: Record<string, boolean> } }>('PUT', `${base}/ops-webhook`, { kind: 'webhook', name: 'Ops webhook', url: `${receiverUrl}/webhook` });
    signingSecret = webhook.signingSecret ?? '';
    expect(signingSecret).toMatch(/^whsec_/);
    expect(webhook.channel).toMatchObject({ urlHint: `${receiverUrl}/…`, secretsSet: { url: true, signingSecret: true, smtpPassword: false } });
    await api.call('PUT', `${base}/slack`, { kind: 'slack', name: 'Slack #contact-center', url: `${receiverUrl}/slack`, minSeverity: 'critical' });
    await api.call('PUT', `${base}/teams`, { kind: 'teams', name: 'Teams', url: `${receiverUrl}/teams`, language: 'ja' });
    await api.call('PUT', `${base}/mail`, {
      kind: 'email',
      name: 'On-call mail',
      smtp: { host: '127.0.0.1', port: (smtp.server.address() as AddressInfo).port, security: 'none', username: SMTP_LOGIN.user, from: 'presence-sync@demo.example', to: ['oncall@demo.example'] },
      smtpPassword: SMTP_LOGIN.pass,
    });
    const listed = JSON.stringify(await api.call('GET', `/api/v1/tenants/${TENANT}/alerts`));
    for (const secret of [signingSecret, SMTP_LOGIN.pass, `${receiverUrl}/webhook`]) expect(listed).not.toContain(secret);

    for (const id of ['ops-webhook', 'slack', 'teams', 'mail']) expect(await api.call('POST', `${base}/${id}/test`)).toMatchObject({ ok: true });
    expect(received.find((r) => r.path === '/webhook')).toMatchObject({ signed: true, body: { type: 'problem.test', tenantId: TENANT } });
    expect(received.find((r) => r.path === '/slack')?.body).toMatchObject({ text: expect.stringContaining('Test alert from presence-sync'), blocks: expect.arrayContaining([expect.objectContaining({ type: 'header' })]) });
    expect(received.find((r) => r.path === '/teams')?.body).toMatchObject({
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', body: expect.arrayContaining([expect.objectContaining({ text: 'presence-syncからのテストアラート' })]) } }],
    });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatch(/^Subject: \[demo\] Test alert from presence-sync/m);
    expect(mails[0]).toMatch(/^To: oncall@demo\.example/m);

    // A wrong SMTP password is reported with what the server said.
    await api.call('PUT', `${base}/mail`, { kind: 'email', name: 'On-call mail', smtpPassword: 'not the password' });
    const refused = await api.request<{ code: string; message: string }>('POST', `${base}/mail/test`);
    expect(refused.status).toBe(502);
    expect(refused.body.code).toBe('PSYNC_ALERT_TEST_FAILED');
    expect(refused.body.message).toContain('Invalid username or password');
    await api.call('PUT', `${base}/mail`, { kind: 'email', name: 'On-call mail', smtpPassword: SMTP_LOGIN.pass });
  }, 60_000);

  it('a disabled CXone access key is red until it is enabled again', async () => {
    const cx = w.world.cxone.control;
    cx.setAccessKeyActive(w.world.accessKey.accessKeyId, false);
    cx.revokeTokens(w.world.cxoneTenantId);
    const problem = await opened('PSYNC_HEALTH_CXONE_ACCESS_KEY_REJECTED');
    expect(problem.severity).toBe('critical');
    expect(problem.summary.en).toContain('CXone refuses the access key of the access key user');
    expect(problem.summary.ja).toContain('アクセスキーを拒否');
    expect((await health()).status).toBe('critical');
    expect(await gauge('PSYNC_HEALTH_CXONE_ACCESS_KEY_REJECTED')).toBe(1);

    cx.setAccessKeyActive(w.world.accessKey.accessKeyId, true);
    expect((await cleared('PSYNC_HEALTH_CXONE_ACCESS_KEY_REJECTED')).clearedAt).toEqual(expect.any(Number));
    expect(await gauge('PSYNC_HEALTH_CXONE_ACCESS_KEY_REJECTED')).toBe(0);

    // Alerted once when it opened and once when it cleared, signed, on every channel that wants a critical problem.
    const code = 'PSYNC_HEALTH_CXONE_ACCESS_KEY_REJECTED';
    const onChat = (path: string, text: string) => received.filter((r) => r.path === path && JSON.stringify(r.body).includes(text));
    await until('both alerts went out on every channel', async () =>
      webhookEvents(code).length === 2 && mails.filter((m) => m.includes('CXone refuses the access key')).length === 2 && onChat('/slack', code).length === 2 && onChat('/teams', 'アクセスキーを拒否').length === 2 ? true : undefined,
    );
    expect(webhookEvents(code)).toEqual(['opened:signed', 'cleared:signed']);
    expect(mails.filter((m) => /^Subject: \[demo\] Problem: CXone refuses the access key/m.test(m))).toHaveLength(1);
    expect(mails.filter((m) => /^Subject: \[demo\] Resolved: CXone refuses the access key/m.test(m))).toHaveLength(1);
    // Nothing more: found again at every check, the open problem is announced once.
    expect(onChat('/slack', code)).toHaveLength(2);
  }, 60_000);

  it('a revoked Salesforce refresh token is red until the hub is connected again', async () => {
    const { store } = w.hub;
    const mapping = (await store.accountMappings.list(TENANT)).find((m) => m.status === 'verified')!;
    const connect = async () => {
      await store.accountMappings.save({ ...mapping, authFlow: 'authorization_code' }, { sfRefreshToken: await refreshTokenFromSalesforce() });
      await w.hub.refreshTenants();
    };
    await connect();
    await until('the Salesforce feed logs in', async () => (w.hub.health.signals.of(TENANT).sides.salesforce.lastSuccessAt ? true : undefined));

    w.world.salesforce.control.revokeSessions({ orgId: w.world.org.id, includeRefreshTokens: true });
    const problem = await opened('PSYNC_HEALTH_SF_CREDENTIALS_FAILING');
    expect(problem.summary.en).toContain('PSYNC_SF_REFRESH_TOKEN_EXPIRED');

    await connect();
    await cleared('PSYNC_HEALTH_SF_CREDENTIALS_FAILING');

    // The connected app expires refresh tokens after 3 days: the hub warns ahead of it.
    const credentials = `/api/v1/tenants/${TENANT}/health/credentials`;
    await api.call('PUT', `${credentials}/refresh-token`, { validDays: 3 });
    const expiring = await opened('PSYNC_HEALTH_CREDENTIAL_EXPIRING');
    expect(expiring.summary.en).toMatch(/^The refresh token of the web server flow expires on \d{4}-\d\d-\d\d \d\d:\d\d UTC, in 3 days\./);
    expect(await api.request('PUT', `${credentials}/jwt-certificate`, { certificate: 'x' })).toMatchObject({ status: 409, body: { code: 'PSYNC_CREDENTIAL_NOT_IN_USE' } });
    await api.call('DELETE', `${credentials}/refresh-token`);
    await cleared('PSYNC_HEALTH_CREDENTIAL_EXPIRING');
  }, 60_000);

  it('an agent without the Agent permission set is listed until it is assigned again', async () => {
    const agent = w.world.agents[1]!;
    const sfUserId = w.world.org.users[agent.sfUsername]!;
    const sf = w.world.salesforce.control;
    expect(sf.unassignPermissionSet(w.world.org.id, sfUserId, 'Agent')).toBe(1);
    await api.call('POST', `/api/v1/tenants/${TENANT}/salesforce/refresh`);
    const problem = await opened('PSYNC_HEALTH_AGENT_PREREQUISITES');
    expect(problem.affected.agents).toEqual([{ id: String(agent.cxoneAgentId), name: `${agent.name} Agent` }]);

    sf.assignPermissionSet(w.world.org.id, sfUserId, 'Agent');
    await api.call('POST', `/api/v1/tenants/${TENANT}/salesforce/refresh`);
    await cleared('PSYNC_HEALTH_AGENT_PREREQUISITES');
  }, 60_000);

  it('a status a rule maps, deleted in Salesforce, names the rule until the rule is fixed', async () => {
    expect(w.world.salesforce.control.deleteStatus(w.world.org.id, 'On_Break')).toBe(true);
    await api.call('POST', `/api/v1/tenants/${TENANT}/salesforce/refresh`);
    const problem = await opened('PSYNC_HEALTH_RULE_STATUS_MISSING');
    expect(problem.affected.rules).toEqual([{ id: 'voice-agents', name: 'Voice agents' }]);
    expect(problem.summary.en).toContain(w.world.org.statuses.On_Break!);

    const { rule } = await api.call<{ rule: { name: string; version: number; skipUnavailableCodeValidation: boolean; publisher: { salesforce: { statusId?: string } }[]; subscriber: { salesforce: { statusId?: string } }[] } }>('GET', `/api/v1/tenants/${TENANT}/rules/voice-agents`);
    const keeps = (row: { salesforce: { statusId?: string } }) => row.salesforce.statusId !== w.world.org.statuses.On_Break;
    await api.call('PUT', `/api/v1/tenants/${TENANT}/rules/voice-agents`, { name: rule.name, skipUnavailableCodeValidation: rule.skipUnavailableCodeValidation, publisher: rule.publisher.filter(keeps), subscriber: rule.subscriber.filter(keeps), expectedVersion: rule.version });
    await cleared('PSYNC_HEALTH_RULE_STATUS_MISSING');
  }, 60_000);

  it('reads the end date of the JWT certificate, and refuses one that does not match the private key', async () => {
    const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
    const { store } = w.hub;
    const mapping = (await store.accountMappings.list(TENANT)).find((m) => m.status === 'verified')!;
    await store.accountMappings.save({ ...mapping, authFlow: 'jwt_bearer', sfUsername: w.world.sfAdmin.username }, { sfPrivateKey: fixture('jwt-key.pem') });
    const credentials = `/api/v1/tenants/${TENANT}/health/credentials`;
    expect(await api.call('PUT', `${credentials}/jwt-certificate`, { certificate: fixture('jwt-cert.pem') })).toMatchObject({ kind: 'jwt_certificate', expiresAt: Date.parse('2036-12-01T16:56:35Z'), detail: { subject: 'CN=presence-sync test' } });
    expect((await api.call<{ credentials: unknown[] }>('GET', `/api/v1/tenants/${TENANT}/health`)).credentials).toMatchObject([{ kind: 'jwt_certificate', expiresAt: Date.parse('2036-12-01T16:56:35Z') }]);
    expect(await api.request('PUT', `${credentials}/jwt-certificate`, { certificate: fixture('other-cert.pem') })).toMatchObject({ status: 409, body: { code: 'PSYNC_CERTIFICATE_KEY_MISMATCH' } });
    expect(await api.request('PUT', `${credentials}/jwt-certificate`, { certificate: 'not a certificate' })).toMatchObject({ status: 400, body: { code: 'PSYNC_CERTIFICATE_INVALID' } });
    await store.accountMappings.save(mapping);
    await w.hub.refreshTenants();
  }, 60_000);

  it('an agent logged in to CXone whose console stays closed is listed until the console connects', async () => {
    const agent: DemoAgent = w.world.agents[0]!;
    w.world.cxone.control.login(agent.cxoneAgentId);
    w.openConsole(agent);
    await until('the CXone login reached the hub', async () => ((await w.hub.store.syncState.observed(TENANT, String(agent.cxoneAgentId))).cxone?.value.kind === 'Unavailable' ? true : undefined));
    w.closeConsole(agent);
    const problem = await opened('PSYNC_HEALTH_CONSOLE_MISSING');
    expect(problem.affected.agents).toEqual([{ id: String(agent.cxoneAgentId), name: `${agent.name} Agent` }]);

    w.openConsole(agent);
    await cleared('PSYNC_HEALTH_CONSOLE_MISSING');
    expect((await health()).status).toBe('ok');
  }, 60_000);
});
