/**
 * The Health page in real Chromium, in English and Japanese: the navigation's red badge while a
 * critical problem is open, open problems first (critical before warning) with what to do and who
 * is affected, then the history; an alert channel added in the page and its "Send test alert".
 * PSYNC_SCREENSHOTS=1 saves docs/screenshots/health.png and health-ja.png.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleSession } from '../cli/support/http-clients.ts';
import { launchBrowser, RUN_BROWSER_TESTS, type Browser } from './support/browser.ts';
import { ADMIN, startConsoleWorld, type ConsoleWorld } from './support/console-world.ts';

const SHOTS = process.env.PSYNC_SCREENSHOTS ? join(import.meta.dirname, '..', '..', 'docs', 'screenshots') : undefined;
const suite = RUN_BROWSER_TESTS ? describe : describe.skip;
const TENANT = 'demo';

suite('the Health page in Chromium', () => {
  let w: ConsoleWorld;
  let browser: Browser;
  let page: Page;
  let receiver: Server;
  const posts: string[] = [];
  const pageErrors: string[] = [];
  const visible = async (locator: Locator) => {
    await locator.waitFor({ state: 'visible' });
    return locator;
  };
  const shot = async (name: string) => {
    if (!SHOTS) return;
    mkdirSync(SHOTS, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };
  const nav = (name: RegExp) => page.getByRole('navigation', { name: /Pages|ページ/ }).getByRole('link', { name });

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        posts.push(body);
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    w = await startConsoleWorld({ agents: 3, env: { PRESENCE_SYNC_HEALTH_INTERVAL_MS: '250' } });
    await w.hub.refreshTenants();
    const api = new ConsoleSession(w.hub.url);
    await api.signIn(ADMIN.username, ADMIN.password);
    const health = () => api.call<{ open: { code: string }[]; history: { code: string }[] }>('GET', `/api/v1/tenants/${TENANT}/health`);
    const until = async (what: (h: Awaited<ReturnType<typeof health>>) => boolean) => {
      for (let i = 0; i < 200 && !what(await health()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    };
    // A problem that came and went, for the history: the access key disabled for a moment.
    const cx = w.world.cxone.control;
    cx.setAccessKeyActive(w.world.accessKey.accessKeyId, false);
    cx.revokeTokens(w.world.cxoneTenantId);
    await until((h) => h.open.some((p) => p.code === 'PSYNC_HEALTH_CXONE_ACCESS_KEY_REJECTED'));
    cx.setAccessKeyActive(w.world.accessKey.accessKeyId, true);
    await until((h) => h.history.some((p) => p.code === 'PSYNC_HEALTH_CXONE_ACCESS_KEY_REJECTED'));
    // Two open ones: a status the rule maps deleted (critical), an agent without the Agent permission set (warning).
    const sf = w.world.salesforce.control;
    sf.deleteStatus(w.world.org.id, 'On_Break');
    sf.unassignPermissionSet(w.world.org.id, w.world.org.users[w.world.agents[2]!.sfUsername]!, 'Agent');
    await api.call('POST', `/api/v1/tenants/${TENANT}/salesforce/refresh`);
    await until((h) => h.open.length === 2);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await w?.close();
    receiver?.close();
  });

  it('shows the red badge, the open problems first with what to do, then the history', async () => {
    await page.goto(`${w.hub.url}/`);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const health = await visible(nav(/^Health/));
    expect(await health.locator('#health-badge').textContent()).toBe('1');
    expect(await health.locator('#health-badge').getAttribute('aria-label')).toBe('1 critical problems');
    await health.click();
    await visible(page.getByRole('heading', { name: 'Health', level: 1 }));
    await visible(page.getByText('2 open problems, 1 of them critical.', { exact: false }));

    const cards = page.locator('section.problem');
    expect(await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-problem')))).toEqual(['PSYNC_HEALTH_RULE_STATUS_MISSING', 'PSYNC_HEALTH_AGENT_PREREQUISITES']);
    const missing = cards.first();
    expect(await missing.getByRole('heading').textContent()).toBe('Rules map presence statuses that no longer exist');
    expect(await missing.locator('.badge').first().textContent()).toBe('Critical');
    expect(await missing.textContent()).toContain('What to do: Under Presence Sync, edit each rule listed');
    expect(await missing.getByRole('link', { name: 'Voice agents' }).getAttribute('href')).toBe('#/presence');
    const agent = w.world.agents[2]!;
    expect(await cards.nth(1).getByRole('link', { name: `${agent.name} Agent` }).getAttribute('href')).toBe(`#/audit/explain/${agent.cxoneAgentId}`);

    const history = page.locator('table.history tbody tr');
    expect(await history.first().getAttribute('data-problem')).toBe('PSYNC_HEALTH_CXONE_ACCESS_KEY_REJECTED');
    expect(await history.first().textContent()).toContain('CXone refuses the access key');
  }, 60_000);

  it('adds a Slack channel and sends a test alert from the page', async () => {
    await page.getByRole('button', { name: 'Add alert channel' }).click();
    const form = page.getByRole('form', { name: 'Add alert channel' });
    await form.getByLabel('Kind').selectOption('slack');
    await form.getByLabel('Name').fill('Contact center ops');
    await form.getByLabel('Webhook URL').fill(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/services/T0/B0/x`);
    await form.getByRole('button', { name: 'Save' }).click();
    await visible(page.locator('main').getByText('Alert channel "Contact center ops" saved.'));
    const row = page.locator('tr[data-channel="contact-center-ops"]');
    expect(await row.textContent()).toContain(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/…`);
    await row.getByRole('button', { name: 'Send test alert' }).click();
    await visible(page.locator('main').getByText('Test alert sent through "Contact center ops".'));
    expect(JSON.parse(posts.at(-1)!)).toMatchObject({ text: expect.stringContaining('Test alert from presence-sync') });
    // The test is listed among the latest deliveries.
    await visible(page.locator('main td .badge', { hasText: /^sent$/ }));

    // The demo org logs in with client credentials: a refresh token policy does not apply, and the page says why.
    await page.getByLabel('Refresh token valid for (days)').fill('90');
    await page.getByRole('button', { name: 'Record the policy' }).click();
    expect(await (await visible(page.locator('section[aria-labelledby="expiry-title"]').getByRole('alert'))).textContent()).toContain('PSYNC_CREDENTIAL_NOT_IN_USE');
    await shot('health');
  }, 60_000);

  it('reads in Japanese', async () => {
    await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: '日本語' }).click();
    await visible(page.getByRole('heading', { name: 'ヘルス', level: 1 }));
    await visible(page.getByText('未解決の問題が 2 件あります（うち重大 1 件）。', { exact: false }));
    const missing = page.locator('section.problem').first();
    expect(await missing.getByRole('heading').textContent()).toBe('存在しないプレゼンスステータスをルールが使用しています');
    expect(await missing.locator('.badge').first().textContent()).toBe('重大');
    expect(await missing.textContent()).toContain('対処方法：');
    expect(await nav(/^ヘルス/).locator('#health-badge').getAttribute('aria-label')).toBe('重大な問題 1 件');
    await visible(page.getByRole('button', { name: 'テストアラートを送信' }));
    await shot('health-ja');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
