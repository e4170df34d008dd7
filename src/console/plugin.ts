/**
 * Serves the admin console (plain HTML, CSS and browser-ready ES modules under `public/`) at `/`.
 * Files are read once at registration; only those files are served, so no request path can reach
 * anything else on disk. The API the console talks to lives under `/api/v1`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

export const CONSOLE_DIR = fileURLToPath(new URL('./public/', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

/** Same-origin only: no inline script or style, no framing, API calls to this hub only. */
export const CONSOLE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

interface ConsoleFile {
  readonly body: Buffer;
  readonly type: string;
}

/** Every servable file by URL path (`/index.html`, `/js/app.js`, ...). */
export function readConsoleFiles(dir: string = CONSOLE_DIR): ReadonlyMap<string, ConsoleFile> {
  const files = new Map<string, ConsoleFile>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const type = CONTENT_TYPES[extname(entry.name).toLowerCase()];
        if (type) files.set(`/${relative(dir, path).split(sep).join('/')}`, { body: readFileSync(path), type });
      }
    }
  };
  walk(dir);
  return files;
}

export interface ConsoleOptions {
  /** Where the console's files are (default: `src/console/public`). */
  readonly dir?: string;
}

/** Registers `GET /` (the console) and its assets on the hub's fastify instance. */
export async function registerConsole(app: FastifyInstance, options: ConsoleOptions = {}): Promise<void> {
  const files = readConsoleFiles(options.dir);
  const index = files.get('/index.html');
  if (!index) throw new Error(`PSYNC_CONSOLE_MISSING: no index.html in ${options.dir ?? CONSOLE_DIR}; the console files are missing from this installation.`);

  const send = (file: ConsoleFile, reply: FastifyReply) =>
    reply
      .header('Content-Type', file.type)
      .header('Content-Security-Policy', CONSOLE_CSP)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Referrer-Policy', 'no-referrer')
      .header('Cache-Control', 'no-cache')
      .send(file.body);

  app.get('/', async (_request, reply) => send(index, reply));
  for (const [path, file] of files) {
    if (path === '/index.html') continue;
    app.get(path, async (_request, reply) => send(file, reply));
  }
}
