import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBridgeClient } from '../../bridge-client/build.ts';
import { status, toId18 } from '../../src/domain/index.ts';
import { servePage, type PageServer } from './support/browser-page.ts';
import { agentOf, startHub, until, user, type RunningHub } from './support/hub-harness.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must run the browser tests (apt-get install chromium).`);
  console.warn(`\n!!! WARNING: ${CHROMIUM} is missing; the bridge-client browser tests are SKIPPED. Install Debian's chromium to run them. !!!\n`);
}

const AVAILABLE = '0N5000000000001CAA';
const LUNCH = '0N5000000000003CAA';
const agent = (n: number): string => {
  const id = toId18(user(n));
  if (!id.ok) throw new Error('bad id');
  return agentOf(id.value);
};

describe.skipIf(!hasChromium)('the bridge client in Chromium', () => {
  let workDir = '';
  let hub: RunningHub;
  let pages: PageServer;
  let context: BrowserContext;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'bridge-browser-'));
    const bundle = await buildBridgeClient(join(workDir, 'bridge-client.js'));
    hub = await startHub({ heartbeatMs: 1_000, graceMs: 5_000 });
    pages = await servePage(bundle);
    context = await chromium.launchPersistentContext(join(workDir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await pages?.close();
    await hub?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  const open = async (n: number): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${pages.origin}/?user=${user(n)}&hub=${encodeURIComponent(hub.url)}`);
    return page;
  };

  it('connects, applies a command through the toolkit and reports changes with their reasons', async () => {
    const page = await open(1);
    await until(() => hub.hub.hasConsole(agent(1)), 'the console to connect', 15_000);
    const outcome = await hub.hub.sendSetStatus(agent(1), status(AVAILABLE), { intentId: 'browser-1', timeoutMs: 5_000 });
    expect(outcome).toMatchObject({ kind: 'applied', presence: status(AVAILABLE) });
    expect(await page.evaluate(() => (window as unknown as { toolkit: { calls: string[] } }).toolkit.calls)).toEqual([AVAILABLE]);
    await page.evaluate((id) => (window as unknown as { agentSets: (id: string) => void }).agentSets(id), LUNCH);
    await until(() => hub.events.filter((e) => e.agentId === agent(1)).length === 3, 'three events', 10_000);
    const mine = hub.events.filter((e) => e.agentId === agent(1));
    expect(mine.map((e) => e.origin)).toEqual(['console_connected', 'console_toolkit', 'console_manual']);
    expect(mine[1]?.hubCommandId).toBe(outcome.kind === 'applied' ? outcome.commandId : 'none');
    await page.close();
  });

  it('keeps one connection for two tabs of an agent and hands over when the active tab closes', async () => {
    const first = await open(2);
    await until(() => hub.hub.hasConsole(agent(2)), 'the first tab to connect', 15_000);
    const second = await open(2);
    expect(await phaseBecomes(second, 'follower')).toBe('follower');
    expect(hub.hub.stats().connections).toBe(1);
    await first.close({ runBeforeUnload: true });
    await until(() => hub.events.filter((e) => e.agentId === agent(2) && e.origin === 'console_connected').length === 2, 'the second tab to take over', 15_000);
    expect(await phaseBecomes(second, 'active')).toBe('active');
    const outcome = await hub.hub.sendSetStatus(agent(2), status(LUNCH), { intentId: 'browser-2', timeoutMs: 5_000 });
    expect(outcome.kind).toBe('applied');
    expect(await second.evaluate(() => (window as unknown as { toolkit: { current: { statusId: string } } }).toolkit.current.statusId)).toBe(LUNCH);
    await second.close();
  });
});

/** The tab's phase once it reaches `wanted`, or whatever it is after 15 s (a loaded machine elects slowly). */
function phase(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as { phase: string }).phase);
}

async function phaseBecomes(tab: Page, wanted: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  let now = await phase(tab);
  while (now !== wanted && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    now = await phase(tab);
  }
  return now;
}
