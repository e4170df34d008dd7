import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { CONSOLE_CSP, CONSOLE_DIR, registerConsole } from './plugin.ts';

let app: FastifyInstance | undefined;
const dirs: string[] = [];

afterEach(async () => {
  await app?.close();
  app = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function serve(dir?: string): Promise<FastifyInstance> {
  app = Fastify({ logger: false });
  await registerConsole(app, dir ? { dir } : {});
  await app.ready();
  return app;
}

describe('registerConsole', () => {
  it('serves the console at / with its content type and a same-origin content security policy', async () => {
    const server = await serve();
    const index = await server.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.body).toContain('<script type="module" src="/js/app.js">');

    const script = await server.inject({ method: 'GET', url: '/js/app.js' });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const page = await server.inject({ method: 'GET', url: '/js/pages/agents.js' });
    expect(page.statusCode).toBe(200);
    const css = await server.inject({ method: 'GET', url: '/styles.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('serves only its own files: unknown paths and path tricks are 404', async () => {
    const server = await serve();
    for (const url of ['/nope.js', '/../plugin.ts', '/js/../../plugin.ts', '/%2e%2e/plugin.ts', '/plugin.ts']) {
      expect((await server.inject({ method: 'GET', url })).statusCode, url).toBe(404);
    }
  });

  it('refuses to start without an index.html, and says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'psync-console-empty-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'js'));
    writeFileSync(join(dir, 'js', 'x.js'), '');
    writeFileSync(join(dir, 'notes.txt'), 'not served');
    await expect(serve(dir)).rejects.toThrow(/PSYNC_CONSOLE_MISSING/);
  });

  it('has every English text in Japanese too', async () => {
    const i18n = (await import(pathToFileURL(join(CONSOLE_DIR, 'js', 'i18n.js')).href)) as { __keys: { en: Record<string, string>; ja: Record<string, string> } };
    const { en, ja } = i18n.__keys;
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(en)) {
      const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(placeholders(ja[key] ?? ''), key).toEqual(placeholders(text));
    }
    // The brief's own Japanese terms.
    expect(ja.publisherStates).toBe('パブリッシャー状態');
    expect(ja.subscriberStates).toBe('サブスクライバー状態');
    expect(ja.acdPrevious).toBe('以前の状態');
    expect(ja.navMapping).toBe('アカウントマッピング');
    expect(ja.tenant).toBe('テナント');
  });
});
