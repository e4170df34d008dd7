/**
 * The Agents board in real Chromium shows why an agent is not synced: a Salesforce prerequisite of
 * M1.2 the agent fails (here the agent permission set is not assigned) and a missing link, each as
 * a badge with its kind, a title in the console's language and the hub's message as text; "Only
 * agents with problems" keeps just those agents.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, RUN_BROWSER_TESTS, type Browser } from './support/browser.ts';
import { ADMIN, startConsoleWorld, type ConsoleWorld } from './support/console-world.ts';

const suite = RUN_BROWSER_TESTS ? describe : describe.skip;
const ZOE = 'zoe@demo.example';

suite('problems on the Agents board in Chromium', () => {
  let w: ConsoleWorld;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const visible = async (locator: Locator) => {
    await locator.waitFor({ state: 'visible' });
    return locator;
  };
  const main = () => page.locator('main');
  const nav = (name: string) => page.getByRole('navigation', { name: /Pages|ページ/ }).getByRole('link', { name, exact: true });

  beforeAll(async () => {
    w = await startConsoleWorld({ agents: 2 });
    // A new agent on both sides: in CXone, and in Salesforce with everything but the agent permission set.
    w.world.salesforce.control.addUser(w.world.org.id, { username: ZOE, password: 'zoe-password', firstName: 'Zoe', lastName: 'Agent', email: ZOE, profile: 'Contact Center Agent', packageLicenses: ['NICE'], serviceCloudUser: true, lightning: true });
    w.world.cxone.control.createUser(w.world.cxoneTenantId, { teamId: w.chatTeamId, firstName: 'Zoe', lastName: 'Agent', emailAddress: ZOE, userName: ZOE });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it('shows the failing prerequisite of an agent after the org is read, and a missing link', async () => {
    await page.goto(`${w.hub.url}/`);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await visible(page.getByRole('heading', { name: 'Adapters', level: 1 }));

    await nav('Presence Sync').click();
    await page.getByRole('button', { name: 'Get CXone users' }).click();
    await visible(main().getByText('CXone users refreshed:', { exact: false }));
    await page.getByRole('button', { name: 'Read Salesforce statuses' }).click();
    await visible(main().getByText('Salesforce org read again.'));

    await nav('Agents').click();
    await page.getByRole('searchbox', { name: 'Search agents' }).fill('zoe@');
    const zoe = page.locator('tbody tr', { hasText: 'Zoe Agent' });
    const missingSet = zoe.locator('td[data-col="problems"]').getByRole('listitem').filter({ hasText: 'Agent permission set missing' });
    await visible(missingSet);
    expect(await missingSet.textContent()).toBe(`Prerequisite Agent permission set missing: The permission set "Agent" is not assigned to ${ZOE}. Assign it in Setup → Users → Zoe Agent → Permission Set Assignments.`);
    expect(await missingSet.locator('.badge').textContent()).toBe('Prerequisite');
    // Linked by e-mail: the only thing in the way is the prerequisite.
    expect(await zoe.locator('td[data-col="problems"] li').count()).toBe(1);
    expect(await zoe.textContent()).toContain(ZOE);

    // Only agents with problems: Zoe and the access key user (a CXone user without a Salesforce user), none of the synced agents.
    await page.getByRole('searchbox', { name: 'Search agents' }).fill('');
    await page.getByLabel('Only agents with problems').check();
    const keyUser = page.locator('tbody tr', { hasText: 'Access Key User' });
    const notLinked = keyUser.getByRole('listitem').filter({ hasText: 'Not linked to a Salesforce user' });
    await visible(notLinked);
    expect(await notLinked.locator('.badge').textContent()).toBe('Link');
    await page.locator('tbody tr[data-agent]').nth(2).waitFor({ state: 'detached' });
    const names = await page.locator('tbody tr[data-agent] th').allTextContents();
    expect(names.map((n) => n.replace(/\d+$/, ''))).toEqual(expect.arrayContaining(['Access Key User', 'Zoe Agent']));
    expect(names).toHaveLength(2);
    await page.getByLabel('Only agents with problems').uncheck();
    await visible(page.locator('tbody tr', { hasText: w.world.agents[0]!.name }).getByText('None', { exact: true }));
  }, 120_000);

  it('names the problem in Japanese, keeping the hub’s message', async () => {
    await page.getByRole('button', { name: '日本語' }).click();
    await visible(page.getByRole('heading', { name: 'エージェント', level: 1 }));
    await page.getByRole('searchbox', { name: 'エージェントを検索' }).fill('zoe@');
    const item = page.locator('tbody tr', { hasText: 'Zoe Agent' }).getByRole('listitem').filter({ hasText: 'Agent権限セットが未割り当て' });
    await visible(item);
    expect(await item.locator('.badge').textContent()).toBe('前提条件');
    expect(await item.textContent()).toContain(`The permission set "Agent" is not assigned to ${ZOE}.`);
    await page.getByRole('button', { name: 'English' }).click();
    await visible(nav('Adapters'));
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
