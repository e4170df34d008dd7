import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { tokenFor } from './hub-harness.ts';

/** The page a console tab runs: the built client, a fake Omni-Channel toolkit, tokens from this server. */
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>console</title></head><body>
<script src="/bridge-client.js"></script>
<script>
const params = new URLSearchParams(location.search);
const user = params.get('user');
const NAMES = { '0N5000000000001CAA': 'Available', '0N5000000000002CAA': 'Busy', '0N5000000000003CAA': 'Lunch' };
window.toolkit = {
  current: { statusId: '0N5000000000002CAA', statusApiName: 'Busy' },
  calls: [],
  async setServicePresenceStatus(statusId) {
    this.calls.push(statusId);
    const status = { statusId, statusApiName: NAMES[statusId] };
    this.current = status;
    setTimeout(() => window.client.statusChanged({ ...status, reason: 'OmniToolkitStatusChange' }), 0);
    return status;
  },
  async logout() { this.calls.push('logout'); this.current = null; setTimeout(() => window.client.loggedOut({}), 0); return true; },
  async getServicePresenceStatusId() { return this.current; },
};
window.agentSets = (statusId) => {
  window.toolkit.current = { statusId, statusApiName: NAMES[statusId] };
  window.client.statusChanged({ ...window.toolkit.current, reason: 'OmniManualStatusChange' });
};
const tabId = 'tab-' + Math.random().toString(36).slice(2);
window.client = PresenceSyncBridge.createBridgeClient({
  url: params.get('hub'),
  getToken: () => fetch('/token?user=' + user).then((r) => r.text()),
  toolkit: window.toolkit,
  tabId,
  lease: PresenceSyncBridge.broadcastChannelLease({ name: 'presence-sync-bridge:' + user, tabId, heartbeatMs: 100 }),
  backoff: { baseMs: 50, maxMs: 500 },
  onPhase: (phase) => { window.phase = phase; },
});
window.client.start();
window.addEventListener('pagehide', () => window.client.stop());
</script></body></html>`;

export interface PageServer {
  readonly origin: string;
  close(): Promise<void>;
}

export async function servePage(bundlePath: string): Promise<PageServer> {
  const bundle = await readFile(bundlePath);
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/bridge-client.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    } else if (url.pathname === '/token') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end(tokenFor(url.searchParams.get('user') ?? ''));
    } else if (url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
