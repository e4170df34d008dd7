#!/usr/bin/env node
// `npx presence-sync-salesforce-emulator`: runs the built emulator when `npm run build` has produced it, the TypeScript source otherwise.
import { existsSync } from 'node:fs';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';

const built = fileURLToPath(new URL('../../dist/emulators/salesforce/main.js', import.meta.url));
if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../salesforce/main.ts');
}
