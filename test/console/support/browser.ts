/**
 * Debian's Chromium through playwright-core, with a fresh profile per run. Without /usr/bin/chromium
 * the browser tests fail under CI (process.env.CI) and are skipped, loudly, elsewhere.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.PSYNC_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);

if (!HAVE_CHROMIUM && !process.env.CI) {
  console.warn(`\n*** The console's browser tests are SKIPPED: no Chromium at ${CHROMIUM} (install Debian's "chromium" package, or set PSYNC_CHROMIUM). ***\n`);
}

/** Run the browser tests when Chromium is there, and always under CI (where its absence must fail). */
export const RUN_BROWSER_TESTS = HAVE_CHROMIUM || Boolean(process.env.CI);

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  if (!HAVE_CHROMIUM) throw new Error(`No Chromium at ${CHROMIUM}: the console's browser tests need Debian's "chromium" package (or PSYNC_CHROMIUM).`);
  const profile = mkdtempSync(join(tmpdir(), 'psync-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 860 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  // Generous: the whole suite shares two cores in CI. Every wait is a condition, never a sleep.
  context.setDefaultTimeout(20_000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
