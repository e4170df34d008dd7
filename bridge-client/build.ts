/**
 * Bundles the bridge client into one browser script, `bridge-client/dist/bridge-client.js`, exposing
 * `window.PresenceSyncBridge`. `--salesforce` also copies it to the Salesforce project's static resource.
 * Run: `npx tsx bridge-client/build.ts [--salesforce]`.
 */
import { copyFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_OUTFILE = join(here, 'dist', 'bridge-client.js');
const STATIC_RESOURCE = join(here, '..', 'salesforce', 'force-app', 'main', 'default', 'staticresources', 'PresenceSyncBridgeClient.js');

/** Builds the bundle; fails if anything in it needs Node (platform "browser", no Node built-ins). */
export async function buildBridgeClient(outfile: string = DEFAULT_OUTFILE): Promise<string> {
  await build({
    entryPoints: [join(here, 'index.ts')],
    outfile,
    bundle: true,
    format: 'iife',
    globalName: 'PresenceSyncBridge',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    // The bundle is generated code: lint its sources, not it.
    banner: { js: '/* eslint-disable */' },
    logLevel: 'silent',
  });
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = await buildBridgeClient();
  console.log(`built ${out}`);
  if (process.argv.includes('--salesforce')) {
    await copyFile(out, STATIC_RESOURCE);
    console.log(`copied to ${STATIC_RESOURCE}`);
  }
}
