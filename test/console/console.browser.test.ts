/**
 * The console in real Chromium against the hub, both emulators and the demo's seeded tenant: sign in,
 * walk the brief from the switches to a saved, assigned rule, watch the Agents board follow a CXone
 * state change, ask why, dry-run, switch to Japanese, and check that a viewer sees no buttons they
 * cannot use. PSYNC_SCREENSHOTS=1 saves the main pages to docs/screenshots/ (install Debian's
 * fonts-noto-cjk first, or the Japanese page shows empty boxes).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, RUN_BROWSER_TESTS, type Browser } from './support/browser.ts';
import { ACME_ORG, ACME_WEB_APP, ADMIN, startConsoleWorld, type ConsoleWorld } from './support/console-world.ts';

const SHOTS = process.env.PSYNC_SCREENSHOTS ? join(import.meta.dirname, '..', '..', 'docs', 'screenshots') : undefined;
const suite = RUN_BROWSER_TESTS ? describe : describe.skip;
/** More agents than one page of the board (50), so that paging is exercised. */
const AGENTS = 55;

suite('admin console in Chromium', () => {
  let w: ConsoleWorld;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const visible = async (locator: Locator, timeout?: number) => {
    await locator.waitFor({ state: 'visible', ...(timeout ? { timeout } : {}) });
    return locator;
  };
  const shot = async (name: string, fullPage = false) => {
    if (!SHOTS) return;
    mkdirSync(SHOTS, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
  };
  const main = () => page.locator('main');
  const nav = (name: string) => page.getByRole('navigation', { name: /Pages|ページ/ }).getByRole('link', { name, exact: true });

  beforeAll(async () => {
    w = await startConsoleWorld({ agents: AGENTS });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await w?.close();
  });

  it('signs in, showing the API’s message for a wrong password', async () => {
    await page.goto(`${w.hub.url}/`);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = await visible(page.getByRole('alert'));
    expect(await alert.textContent()).toContain('PSYNC_AUTH_INVALID_CREDENTIALS');
    expect(await page.getByLabel('Password').evaluate((el) => el === document.activeElement)).toBe(true);

    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await visible(page.getByRole('heading', { name: 'Adapters', level: 1 }));
    expect(await nav('Adapters').getAttribute('aria-current')).toBe('page');
  }, 90_000);

  it('switches the adapter, then Presence Sync, for a new tenant', async () => {
    await page.getByLabel('Tenant ID').fill('acme');
    await page.getByLabel('Name', { exact: true }).fill('Acme Contact Center');
    await page.getByRole('button', { name: 'Add tenant' }).click();
    const row = await visible(page.locator('tr[data-tenant="acme"]'));
    const adapter = row.locator('[data-switch="acme:salesforceAdapter"]');
    const sync = row.locator('[data-switch="acme:presenceSync"]');
    expect(await sync.isDisabled()).toBe(true);
    expect(await row.textContent()).toContain('Switch the Salesforce adapter on first.');

    await adapter.click();
    await visible(row.locator('[data-switch="acme:salesforceAdapter"][aria-checked="true"]'));
    await visible(row.locator('[data-switch="acme:presenceSync"]:not([disabled])'));
    // Keyboard: the switch is a button with role=switch; Space flips it and focus stays on it.
    await row.locator('[data-switch="acme:presenceSync"]').focus();
    await page.keyboard.press('Space');
    await visible(row.locator('[data-switch="acme:presenceSync"][aria-checked="true"]'));
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-switch'))).toBe('acme:presenceSync');
    expect((await w.hub.store.tenants.get('acme'))?.switches).toEqual({ salesforceAdapter: true, presenceSync: true });

    // A tenant added by mistake can be removed (after a confirmation).
    await page.getByLabel('Tenant ID').fill('scratch');
    await page.getByLabel('Name', { exact: true }).fill('Added by mistake');
    await page.getByRole('button', { name: 'Add tenant' }).click();
    await visible(page.locator('tr[data-tenant="scratch"]'));
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Remove tenant Added by mistake' }).click();
    await page.locator('tr[data-tenant="scratch"]').waitFor({ state: 'detached' });
    expect(await w.hub.store.tenants.get('scratch')).toBeUndefined();
    await page.getByLabel('Tenant', { exact: true }).selectOption('acme');
    await visible(main().locator('#prereq-title', { hasText: 'Acme Contact Center' }));
    // Before any account mapping, the prerequisites check says what to do first.
    await page.getByRole('button', { name: 'Check prerequisites' }).click();
    await visible(main().getByText('create one under Account Mapping first', { exact: false }));
  }, 90_000);

  it('maps the account: access key user, platform, environment with the flow and the CXone application, field checks, Map and register (token option), select and save', async () => {
    await nav('Account Mapping').click();
    await visible(main().getByText('No Salesforce environment is mapped yet.'));
    await page.getByRole('button', { name: 'Map account' }).click();

    await page.getByLabel('Access key user (CXone user id)').fill('acme-access-key-user');
    await page.getByRole('button', { name: 'Next' }).click();
    expect(await page.getByLabel('Salesforce production').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Next' }).click();

    await visible(main().getByText('Setup → Company Information → Salesforce.com Organization ID', { exact: false }));
    // The flow: each shows only its own fields, with help on when to choose it.
    const flow = (name: string) => page.getByRole('radio', { name });
    expect(await flow('Username and password (the brief’s flow)').isChecked()).toBe(true);
    await flow('JWT bearer (recommended)').check();
    await visible(page.getByLabel('Private key'));
    expect(await page.getByLabel('Password', { exact: true }).isVisible()).toBe(false);
    await flow('Web server: Connect to Salesforce').check();
    await visible(main().locator('[data-callback]', { hasText: `${w.hub.url}/api/v1/salesforce/oauth/callback` }));
    await visible(page.getByRole('button', { name: 'Save and connect to Salesforce' }));
    await flow('Client credentials (recommended)').check();
    await visible(main().getByText('the hub logs in as the connected app’s Run As user', { exact: false }));
    await flow('Username and password (the brief’s flow)').check();
    await page.getByRole('button', { name: 'Map and register' }).click();
    expect(await main().getByText('Required.').count()).toBeGreaterThanOrEqual(6);
    expect(await page.getByLabel('Salesforce environment', { exact: true }).evaluate((el) => el === document.activeElement)).toBe(true);

    await page.getByLabel('Salesforce environment', { exact: true }).fill('Acme production');
    await page.getByLabel('Organization ID').fill('00D123');
    await page.getByLabel('Username', { exact: true }).fill(ACME_ORG.admin);
    await page.getByLabel('Password', { exact: true }).fill(ACME_ORG.password);
    await page.getByLabel('Client ID', { exact: true }).fill(ACME_ORG.consumerKey);
    await page.getByLabel('Client secret', { exact: true }).fill(ACME_ORG.consumerSecret);
    await page.getByLabel('E-mail address').fill(ACME_ORG.admin);

    // The CXone application: all four or none; a wrong secret is found before anything is saved.
    const cxone = main().locator('fieldset[data-section="cxone"]');
    await cxone.getByLabel('CXone application client ID').fill(w.acmeCxone.clientId);
    await page.getByRole('button', { name: 'Map and register' }).click();
    await visible(cxone.getByText('the hub signs in to CXone with all four', { exact: false }).first());
    await cxone.getByLabel('CXone application client secret').fill('not-the-secret');
    await cxone.getByLabel('Access key ID').fill(w.acmeCxone.accessKeyId);
    await cxone.getByLabel('Access key secret').fill(w.acmeCxone.accessKeySecret);
    await cxone.getByLabel('CXone issuer (optional)').fill(w.acmeCxone.issuer);
    await cxone.getByRole('button', { name: 'Check CXone connection' }).click();
    const cxoneRefusal = await visible(cxone.getByRole('alert'));
    expect(await cxoneRefusal.textContent()).toContain('PSYNC_CXONE_CHECK_FAILED');
    expect(await cxone.getByLabel('CXone application client secret').getAttribute('aria-invalid')).toBe('true');
    await cxone.getByLabel('CXone application client secret').fill(w.acmeCxone.clientSecret);
    await cxone.getByRole('button', { name: 'Check CXone connection' }).click();
    await visible(cxone.getByText(`CXone accepted the application and the access key: tenant ${w.acmeCxone.tenantId}`, { exact: false }));
    await page.getByRole('button', { name: 'Map and register' }).click();
    await visible(main().getByText('An organization ID has 15 or 18 letters and digits and starts with 00D.'));
    expect(await page.getByLabel('Organization ID').getAttribute('aria-invalid')).toBe('true');

    // Without the security token the org refuses the login: the exact reason is shown, nothing is saved.
    await page.getByLabel('Organization ID').fill(ACME_ORG.id);
    await page.getByRole('button', { name: 'Map and register' }).click();
    const refusal = await visible(page.getByRole('alert'));
    expect(await refusal.textContent()).toContain('PSYNC_MAP_AND_REGISTER_FAILED');
    expect(await w.hub.store.accountMappings.list('acme')).toEqual([]);

    // Option 2 of the brief: "xyz" + "123" → "xyz123".
    await page.getByLabel('Option 2: append the security token to the password').check();
    await page.getByLabel('Security token', { exact: true }).fill(ACME_ORG.token);
    await visible(main().getByText('3 + 3 characters → 6 characters', { exact: false }));
    await page.getByRole('button', { name: 'Map and register' }).click();
    const result = await visible(main().getByText('Map and register succeeded: reached "Acme Service Org"', { exact: false }));
    expect(await result.textContent()).toContain(ACME_ORG.id);

    const environment = page.getByLabel('Salesforce environment', { exact: true });
    expect(await environment.locator('option:checked').textContent()).toContain('Acme production');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await visible(main().getByText('Salesforce environment "Acme production" is selected and saved', { exact: false }));
    await visible(page.locator('tr[data-mapping] .badge', { hasText: 'in use' }));
    const [saved] = await w.hub.store.accountMappings.list('acme');
    expect(saved).toMatchObject({ status: 'verified', environmentName: 'Acme production', accessKeyUser: 'acme-access-key-user', sfUsername: ACME_ORG.admin, authFlow: 'username_password', cxoneClientId: w.acmeCxone.clientId, cxoneIssuer: w.acmeCxone.issuer });
    expect(saved?.secretsSet).toMatchObject({ sfPassword: true, cxoneClientSecret: true, cxoneAccessKeySecret: true });
    await shot('account-mapping');

    // Edit: only what changed is sent; the stored password (with its token) is kept and Map and register runs again.
    await page.getByRole('button', { name: 'Edit Acme production' }).click();
    await page.getByLabel('Salesforce environment', { exact: true }).fill('Acme (production)');
    await page.getByRole('button', { name: 'Map and register' }).click();
    await visible(main().getByText('Salesforce environment "Acme (production)" changed; Map and register succeeded.'));
    await visible(main().locator('tr[data-mapping] th', { hasText: 'Acme (production)' }));
    expect((await w.hub.store.accountMappings.list('acme'))[0]).toMatchObject({ environmentName: 'Acme (production)', status: 'verified' });

    // The web-server flow: saved, then "Connect to Salesforce" sends the browser to Salesforce's login page and back.
    await page.getByRole('button', { name: 'Map account' }).click();
    await page.getByLabel('Access key user (CXone user id)').fill('acme-access-key-user');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('radio', { name: 'Web server: Connect to Salesforce' }).check();
    await page.getByLabel('Salesforce environment', { exact: true }).fill('Acme (web server)');
    await page.getByLabel('Organization ID').fill(ACME_ORG.id);
    await page.getByLabel('Client ID', { exact: true }).fill(ACME_WEB_APP.consumerKey);
    await page.getByLabel('Client secret', { exact: true }).fill(ACME_WEB_APP.consumerSecret);
    await page.getByLabel('E-mail address').fill(ACME_ORG.admin);
    await page.getByRole('button', { name: 'Save and connect to Salesforce' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/services/oauth2/authorize'));
    await page.locator('#username').fill(ACME_ORG.admin);
    await page.locator('#password').fill(ACME_ORG.password);
    await page.locator('#Login').click();
    const connected = await visible(main().locator('.alert', { hasText: 'Connected to Salesforce: “Acme (web server)” is registered.' }));
    expect(await connected.textContent()).toContain('web-server flow');
    expect(page.url()).toBe(`${w.hub.url}/#/mapping`);
    const web = (await w.hub.store.accountMappings.list('acme')).find((m) => m.environmentName === 'Acme (web server)');
    expect(web).toMatchObject({ authFlow: 'authorization_code', status: 'draft', secretsSet: { sfRefreshToken: true } });
    await visible(page.getByRole('button', { name: 'Connect again Acme (web server)' }));
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Remove Acme (web server)' }).click();
    await page.locator('tr[data-mapping] th', { hasText: 'Acme (web server)' }).waitFor({ state: 'detached' });

    // With the mapping saved, the prerequisites are read from the org and explained per user.
    await nav('Adapters').click();
    await page.getByRole('button', { name: 'Check prerequisites' }).click();
    const report = await visible(main().locator('section[aria-labelledby="prereq-title"] table'));
    await visible(main().getByText('1 of 1 Salesforce users fail a prerequisite and are not synced.'));
    expect(await report.textContent()).toContain(`The permission set "Agent" is not assigned to ${ACME_ORG.admin}`);
    await shot('adapters', true);
  }, 90_000);

  let ruleId = '';

  it('gets CXone users, creates a rule with inline validation, and assigns it to a team and a user', async () => {
    const cx = w.world.cxone.control;
    const nina = cx.createUser(w.world.cxoneTenantId, { teamId: w.chatTeamId, firstName: 'Nina', lastName: 'Chat', emailAddress: 'nina@demo.example', userName: 'nina@demo.example' }).agent;
    await page.getByLabel('Tenant', { exact: true }).selectOption('demo');
    await nav('Presence Sync').click();
    const before = await (await visible(main().getByText(/CXone users, \d+ teams/))).textContent();
    await page.getByRole('button', { name: 'Get CXone users' }).click();
    await visible(main().getByText('CXone users refreshed:', { exact: false }));
    await visible(main().getByText(`${AGENTS + 2} CXone users, 2 teams`, { exact: false }));
    expect(before).toMatch(new RegExp(`^${AGENTS + 1} CXone users`));
    expect(await w.hub.store.cxone.user('demo', String(nina.agentId))).toBeDefined();

    // M2.4: the hub creates a missing status and grants a profile access to it.
    await main().getByText('Create missing presence statuses').click();
    await page.getByLabel('Status name').fill('Available for Calls');
    await visible(main().getByText('Developer name: Available_for_Calls'));
    await page.getByLabel('Service channels').fill('sfdc_phone');
    await page.getByLabel('Profiles').fill('Contact Center Agent');
    await page.getByRole('button', { name: 'Create in Salesforce' }).click();
    const provisioned = await visible(main().locator('.alert', { hasText: 'Available_for_Calls' }));
    expect(await provisioned.textContent()).toMatch(/created/);
    await visible(main().getByText(`${AGENTS + 2} CXone users, 2 teams, 3 unavailable codes, 5 presence statuses.`));

    await page.getByRole('link', { name: 'Create rule' }).click();
    await page.getByLabel('Rule name').fill('Chat agents');
    expect(await page.getByRole('switch', { name: 'Skip validation of unavailable codes' }).isChecked()).toBe(false);

    const publisher = page.locator('[data-table="publisher"]');
    await page.locator('[data-add="publisher"]').click();
    await page.locator('[data-add="publisher"]').click();
    // Two rows for the same ACD state: the problem shows inline before any save.
    await visible(main().getByText('Fix these before saving:'));
    await visible(publisher.locator('tr.invalid[data-row="2"]'));
    await publisher.getByLabel('ACD state 2').selectOption({ label: 'Unavailable: Lunch' });
    await publisher.getByLabel('Salesforce state 2').selectOption({ label: 'Busy (Busy)' });
    await main().getByText('Fix these before saving:').waitFor({ state: 'detached' });
    expect(await publisher.getByLabel('Salesforce state 1').locator('option:checked').textContent()).toBe('Available for Chats (Online)');

    await page.locator('[data-add="subscriber"]').click();
    const subscriber = page.locator('[data-table="subscriber"]');
    expect(await subscriber.getByLabel('ACD state 1').locator('option:checked').textContent()).toBe('Previous state');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await visible(main().getByText('Presence rule "Chat agents" created.', { exact: false }));
    ruleId = decodeURIComponent(page.url().split('#/presence/rule/')[1] ?? '');
    expect(ruleId).not.toBe('');

    const assignments = page.locator('section[aria-labelledby="assign-title"]');
    await visible(assignments.getByText('No team follows this rule yet.'));
    await assignments.getByRole('button', { name: 'Add team' }).click();
    expect(await assignments.getByRole('checkbox', { name: /Voice Team/ }).textContent()).toBe('');
    expect(await assignments.locator('label', { hasText: 'Voice Team' }).textContent()).toContain('follows "Voice agents"');
    await assignments.getByRole('checkbox', { name: /Chat Team/ }).check();
    await assignments.getByRole('button', { name: 'Confirm' }).click();
    await visible(assignments.locator('[data-assigned="teamIds"]', { hasText: 'Chat Team' }));

    await assignments.getByRole('tab', { name: 'Users' }).click();
    expect(await assignments.getByRole('tab', { name: 'Users' }).getAttribute('aria-selected')).toBe('true');
    await assignments.getByRole('button', { name: 'Add user' }).click();
    await assignments.getByLabel('Search users').fill('Aiko');
    await assignments.getByRole('checkbox', { name: /Aiko Agent/ }).check();
    await assignments.getByRole('button', { name: 'Confirm' }).click();
    await visible(assignments.locator('[data-assigned="userIds"]', { hasText: 'Aiko Agent' }));
    await visible(assignments.getByText('Unsaved changes: press Save.'));
    await assignments.getByRole('button', { name: 'Save', exact: true }).click();
    await visible(assignments.getByText('Assignments saved: 1 teams, 1 users.', { exact: false }));

    const rule = await w.hub.store.rules.get('demo', ruleId);
    const aiko = w.world.agents[0]!;
    expect(rule).toMatchObject({ name: 'Chat agents', skipUnavailableCodeValidation: false, assignments: { teamIds: [String(w.chatTeamId)], userIds: [String(aiko.cxoneAgentId)] } });
    expect(rule?.publisher.map((r) => r.acd)).toEqual([{ kind: 'Available' }, { kind: 'Unavailable', codeId: w.world.codes.Lunch }]);
    expect(rule?.subscriber.map((r) => r.acd)).toEqual([{ kind: 'PREVIOUS' }]);

    // Edit: a new version, effective at once; the assignments stay.
    await page.getByRole('switch', { name: 'Skip validation of unavailable codes' }).check();
    await main().getByRole('button', { name: 'Save', exact: true }).first().click();
    await visible(main().getByText(`Presence rule "Chat agents" saved (version ${rule!.version + 1}); it applies now.`));
    const edited = await w.hub.store.rules.get('demo', ruleId);
    expect(edited).toMatchObject({ version: rule!.version + 1, skipUnavailableCodeValidation: true, assignments: rule!.assignments });
    await shot('presence-rule', true);
  }, 90_000);

  it('follows an agent’s CXone state live on the Agents board, and explains it', async () => {
    const ben = w.world.agents[1]!;
    const id = String(ben.cxoneAgentId);
    await nav('Agents').click();
    const cxoneCell = page.locator(`tr[data-agent="${id}"] td[data-col="cxone"]`);
    await visible(cxoneCell);
    expect(await cxoneCell.textContent()).not.toContain('Lunch');

    // Ben opens his Omni-Channel console, then goes to Lunch in CXone: the hub sets Salesforce to Busy.
    w.openConsole(ben);
    await visible(page.locator(`tr[data-agent="${id}"] .badge`, { hasText: /^connected$/ }), 30_000);
    w.world.cxone.control.login(ben.cxoneAgentId);
    w.world.cxone.control.setState(ben.cxoneAgentId, 'Unavailable', Number(w.world.codes.Lunch));
    await visible(page.locator(`tr[data-agent="${id}"] td[data-col="cxone"]`, { hasText: 'Lunch' }), 30_000);
    await visible(page.locator(`tr[data-agent="${id}"] td[data-col="salesforce"]`, { hasText: 'Busy' }), 30_000);
    await shot('agents');

    // Paged: 50 agents a page.
    await visible(main().getByText(`1–50 of ${AGENTS + 2} · Page 1 of 2`));
    expect(await page.locator('tbody tr[data-agent]').count()).toBe(50);
    await page.getByRole('button', { name: 'Next page' }).click();
    await visible(main().getByText(`51–${AGENTS + 2} of ${AGENTS + 2} · Page 2 of 2`));
    expect(await page.locator('tbody tr[data-agent]').count()).toBe(AGENTS + 2 - 50);
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);

    await page.getByRole('searchbox', { name: 'Search agents' }).fill('ben@demo');
    await page.locator('tbody tr[data-agent]').nth(1).waitFor({ state: 'detached' });
    expect(await page.locator('tbody tr[data-agent]').count()).toBe(1);

    await page.locator(`tr[data-agent="${id}"]`).getByRole('link', { name: /Why is this agent in this state/ }).click();
    await visible(page.getByRole('heading', { name: `Why is ${ben.name} Agent in this state?` }));
    await visible(main().getByText(`In CXone ${ben.name} Agent shows`, { exact: false }));
    expect(await page.locator('main').textContent()).toContain('Lunch');
    await shot('why');

    await visible(main().getByText(`Linked to ${ben.sfUsername} (matched by email).`));

    const keyUser = (await w.hub.store.cxone.users('demo')).find((u) => u.firstName === 'Access')!;
    await page.goto(`${w.hub.url}/#/audit/explain/${keyUser.id}`);
    await visible(main().getByText('This agent is not linked to a Salesforce user', { exact: false }));
    await page.getByLabel('Salesforce user ID').fill('005');
    await page.getByRole('button', { name: 'Link by hand' }).click();
    await visible(main().getByText('Give the Salesforce user id', { exact: false }).first());
    await page.getByLabel('Salesforce user ID').fill(w.world.org.users['admin@demo.example']!);
    await page.getByRole('button', { name: 'Link by hand' }).click();
    await visible(main().getByText('Linked to admin@demo.example (matched by manual).'));
    await page.getByRole('button', { name: 'Remove link' }).click();
    await visible(main().getByText('This agent is not linked to a Salesforce user', { exact: false }));

    await page.goto(`${w.hub.url}/#/audit/explain/${id}`);
    await visible(page.getByRole('heading', { name: `Why is ${ben.name} Agent in this state?` }));
    await page.getByRole('link', { name: 'Audit', exact: true }).last().click();
    await visible(page.getByRole('heading', { name: 'Audit', level: 1 }));
    expect(await page.getByLabel('Agent ID').inputValue()).toBe(id);
    await visible(page.locator('tbody tr').first());
    await shot('audit');
    await page.getByLabel('From').fill('2099-01-01T00:00');
    await page.getByRole('button', { name: 'Apply' }).click();
    await visible(main().getByText('No audit entries match.'));
    await page.getByLabel('From').fill('');
    await page.getByLabel('Kind').selectOption('admin');
    await page.getByLabel('Agent ID').fill('');
    await page.getByRole('button', { name: 'Apply' }).click();
    await visible(page.locator('tbody tr', { hasText: 'Assigned presence rule "Chat agents" to 1 team(s) and 1 user(s).' }));
  }, 90_000);

  it('dry-runs a state change without touching either side', async () => {
    const ben = w.world.agents[1]!;
    const writesBefore = w.world.cxone.control.changes().length;
    await nav('Dry run').click();
    await page.getByRole('searchbox', { name: 'Search agents' }).fill('ben@demo');
    await page.getByLabel('Agent', { exact: true }).locator('option', { hasText: 'Ben Agent' }).waitFor({ state: 'attached' });
    await page.getByLabel('Agent', { exact: true }).locator('option').nth(1).waitFor({ state: 'detached' });
    await page.getByLabel('Salesforce (Omni-Channel status)').check();
    await page.getByLabel('New state').selectOption({ label: 'On Break (Busy)' });
    await page.getByRole('button', { name: 'Run' }).click();
    const answer = await visible(page.getByRole('region', { name: 'Dry run' }));
    // Ben's rule ("Voice agents", via his team) maps On Break to the Break code.
    expect(await answer.textContent()).toContain('The hub would set CXone to');
    expect(await answer.textContent()).toMatch(/Break/);
    expect(await answer.textContent()).toMatch(/Voice agents/);
    expect(w.world.cxone.control.changes().length).toBe(writesBefore);
    expect(ben.cxoneAgentId).toBeGreaterThan(0);
    await shot('dry-run');
  }, 90_000);

  it('speaks Japanese with the brief’s terms, and remembers the choice', async () => {
    await page.getByRole('button', { name: '日本語' }).click();
    await visible(nav('アダプター'));
    await visible(nav('アカウントマッピング'));
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    await page.goto(`${w.hub.url}/#/presence/rule/${encodeURIComponent(ruleId)}`);
    await page.reload();
    await visible(page.getByRole('heading', { name: 'パブリッシャー状態' }));
    await visible(page.getByRole('heading', { name: 'サブスクライバー状態' }));
    expect(await page.locator('[data-table="subscriber"]').getByLabel('ACD状態 1').locator('option:checked').textContent()).toBe('以前の状態');
    await visible(main().getByText('使用できないコードのスキップ検証'));
    await visible(page.getByRole('tab', { name: 'チーム' }));
    await shot('presence-rule-ja', true);
    await nav('Presence Sync').click();
    await visible(page.getByRole('heading', { name: 'プレゼンスルール' }));
    await visible(page.getByRole('button', { name: 'CXone Mpowerユーザーを取得' }));
    await nav('アカウントマッピング').click();
    await page.getByRole('button', { name: 'アカウントをマップ' }).click();
    const keyUser = await visible(page.getByLabel('アクセスキーのユーザー', { exact: true }));
    await page.getByRole('button', { name: '次へ' }).click();
    await visible(main().getByText('必須です。'));
    await keyUser.selectOption({ index: 1 });
    await page.getByRole('button', { name: '次へ' }).click();
    await visible(page.getByLabel('Salesforce本稼働環境'));
    await visible(page.getByLabel('Hyperforce環境'));
    await page.getByRole('button', { name: '次へ' }).click();
    await visible(main().getByText('「00D」で始まる15文字のID', { exact: false }));
    await visible(page.getByRole('button', { name: 'マップして登録' }));
    await page.getByRole('button', { name: 'キャンセル' }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await visible(nav('Adapters'));
  }, 90_000);

  it('adds a console user and an API token (shown once, then revoked)', async () => {
    await nav('Users and tokens').click();
    await visible(page.locator('tr[data-user="console.admin"]'));
    const userForm = page.locator('form', { hasText: 'Add console user' });
    await userForm.getByLabel('Username').fill('rule.viewer');
    await userForm.getByLabel('Password').fill('short');
    await userForm.getByRole('checkbox', { name: 'Rule View' }).check();
    await userForm.getByRole('checkbox', { name: 'Audit View' }).check();
    await userForm.getByRole('button', { name: 'Add console user' }).click();
    await visible(userForm.getByText('Choose a password of at least 12 characters.').first());
    await userForm.getByLabel('Password').fill('a long viewer password');
    await userForm.getByRole('button', { name: 'Add console user' }).click();
    await visible(page.locator('tr[data-user="rule.viewer"]', { hasText: 'Rule View, Audit View' }));

    const tokenForm = page.locator('form', { hasText: 'Create API token' });
    await tokenForm.getByLabel('Token name').fill('wallboard');
    await tokenForm.getByRole('checkbox', { name: 'Audit View' }).check();
    await tokenForm.getByRole('button', { name: 'Create API token' }).click();
    const token = await (await visible(page.getByLabel('New API token'))).inputValue();
    const answer = await fetch(`${w.hub.url}/api/v1/tenants/demo/agents?limit=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(200);
    await page.getByRole('button', { name: 'Revoke wallboard' }).click();
    await visible(main().getByText('Token "wallboard" is revoked.'));
    expect((await fetch(`${w.hub.url}/api/v1/tenants/demo/agents?limit=1`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    await shot('users');
  }, 90_000);

  it('shows a viewer no button they cannot use', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    // The Users page has its own "Username" field: type only once the sign-in form has replaced it.
    const signIn = await visible(page.getByRole('form', { name: 'Sign in' }));
    await visible(page.getByRole('heading', { name: 'Sign in', level: 1 }));
    await signIn.getByLabel('Username').fill('rule.viewer');
    await signIn.getByLabel('Password').fill('a long viewer password');
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await visible(page.getByText('Signed in as rule.viewer'));
    await nav('Adapters').click();
    await visible(page.getByRole('heading', { name: 'Adapters', level: 1 }));
    expect(await page.getByRole('button', { name: 'Add tenant' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Check prerequisites' }).count()).toBe(0);
    expect(await page.locator('[role="switch"]:not([disabled])').count()).toBe(0);

    expect(await nav('Account Mapping').count()).toBe(0);
    expect(await nav('Users and tokens').count()).toBe(0);
    await page.goto(`${w.hub.url}/#/mapping`);
    await visible(main().getByText('You do not have the permission Account Mapping View', { exact: false }));
    await nav('Presence Sync').click();
    await visible(page.getByRole('heading', { name: 'Presence rules' }));
    expect(await page.getByRole('button', { name: 'Get CXone users' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Create rule' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Chat agents' }).click();
    await visible(page.getByRole('heading', { name: 'Publisher states' }));
    expect(await page.getByRole('button', { name: /Save|Add row|Add team|Delete rule/ }).count()).toBe(0);
    expect(await page.getByLabel('Rule name').isDisabled()).toBe(true);
    await main().getByText(/^Versions \(\d+\)$/).click();
    await visible(main().locator('[data-versions] td', { hasText: 'Assigned presence rule "Chat agents" to 1 team(s) and 1 user(s).' }));
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
