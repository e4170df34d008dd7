import { createControl, type CxoneControl } from './control.ts';
import { buildServer } from './http/server.ts';
import type { CxoneEmulatorOptions } from './options.ts';
import { TokenService } from './tokens.ts';
import { World } from './world.ts';

export interface CxoneEmulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`: issuer, token endpoint host and `api_endpoint` at once. */
  readonly url: string;
  readonly control: CxoneControl;
  close(): Promise<void>;
}

/** Starts an emulated CXone on loopback. Every tenant's discovery points `api_endpoint` back here. */
export async function createCxoneEmulator(options: CxoneEmulatorOptions = {}): Promise<CxoneEmulator> {
  const now = options.now ?? Date.now;
  let url = '';
  const tokens = await TokenService.create(() => url, now, {
    access: options.tokenLifetimeSeconds ?? 3600,
    refresh: options.refreshTokenLifetimeSeconds ?? 7200,
  }, options.signingAlgorithm);
  const world = new World(now, tokens, options.behaviour);
  const app = buildServer(world, () => url, options.logger ?? false);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  url = `http://${host}:${port}`;
  return {
    url,
    control: createControl(world),
    async close() {
      world.sessions.releaseAll();
      await app.close();
    },
  };
}
