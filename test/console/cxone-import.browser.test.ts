/**
 * "Import from CXone" in real Chromium: a JSON file in NICE's format is previewed row by row (a row
 * that cannot be mapped shows why), nothing is saved before the confirm, and the confirm saves the
 * rule and opens it, with Export and Push to CXone on the rule.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, RUN_BROWSER_TESTS, type Browser } from './support/browser.ts';
import { ADMIN, startConsoleWorld, type ConsoleWorld } from './support/console-world.ts';

const suite = RUN_BROWSER_TESTS ? describe : describe.skip;
const NICE_RULE = {
  publisherStateMap: [
    { incontactAgentState: 'Available', partnerAgentState: 'Available_for_Chats' },
    { incontactAgentState: 'Snoozing', partnerAgentState: 'Busy' },
  ],
  subscriberStateMap: [{ incontactAgentState: 'Previous State', partnerAgentState: 'Busy' }],
};

suite('Import from CXone in Chromium', () => {
  let w: ConsoleWorld;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const visible = async (locator: Locator) => {
    await locator.waitFor({ state: 'visible' });
    return locator;
  };
  const main = () => page.locator('main');

  beforeAll(async () => {
    w = await startConsoleWorld({ agents: 1 });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it('previews a file row by row, saves nothing before the confirm, then saves and opens the rule', async () => {
    await page.goto(`${w.hub.url}/`);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await visible(page.getByRole('heading', { name: 'Adapters', level: 1 }));
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Presence Sync', exact: true }).click();
    await page.getByRole('button', { name: 'Get CXone users' }).click();
    await visible(main().getByText('CXone users refreshed:', { exact: false }));
    await page.getByRole('button', { name: 'Read Salesforce statuses' }).click();
    await visible(main().getByText('Salesforce org read again.'));
    const rulesBefore = (await w.hub.store.rules.list('demo')).length;

    await page.getByRole('link', { name: 'Import from CXone' }).click();
    await visible(page.getByRole('heading', { name: 'Import from CXone', level: 1 }));
    await page.getByLabel("A JSON file in NICE's format").check();
    await page.getByLabel('JSON file', { exact: true }).setInputFiles({ name: 'cxone-rule.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(NICE_RULE)) });
    await page.getByLabel('Rule name').fill('From CXone');
    await page.getByRole('button', { name: 'Preview' }).click();

    const refused = await visible(main().locator('[data-preview="publisher"] tr[data-row="2"]'));
    expect(await refused.textContent()).toMatch(/Not imported:.*"Snoozing" is neither a CXone state/);
    expect(await main().locator('[data-preview="publisher"] tr[data-row="1"]').textContent()).toContain('row 1 of the rule');
    await visible(main().getByText('1 row(s) cannot be carried over', { exact: false }));
    expect((await w.hub.store.rules.list('demo')).length).toBe(rulesBefore);

    await page.getByLabel('Save without the rows that cannot be carried over').check();
    await page.getByRole('button', { name: 'Confirm and save' }).click();
    await visible(main().getByText('Presence rule "From CXone" imported from CXone.', { exact: false }));
    const saved = (await w.hub.store.rules.list('demo')).find((r) => r.name === 'From CXone');
    expect(saved?.publisher.map((r) => r.acd)).toEqual([{ kind: 'Available' }]);
    expect(saved?.subscriber.map((r) => r.acd)).toEqual([{ kind: 'PREVIOUS' }]);
    await visible(main().getByRole('link', { name: 'Export (JSON file)' }));
    await visible(main().getByRole('button', { name: 'Push to CXone' }));
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
