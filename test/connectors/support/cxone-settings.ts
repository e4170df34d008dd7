import type { CxoneEmulator, SeedResult } from '../../../emulators/cxone/index.ts';
import type { CxoneConnectionSettings } from '../../../src/connectors/cxone/index.ts';

/** The connection a hub would be given for a seeded emulator tenant: its application and access key user. */
export function cxoneSettingsOf(emulator: CxoneEmulator, seed: SeedResult): CxoneConnectionSettings {
  return {
    clientId: seed.application.clientId,
    clientSecret: seed.application.clientSecret,
    accessKeyId: seed.accessKeyUser.accessKeyId,
    accessKeySecret: seed.accessKeyUser.accessKeySecret,
    issuer: emulator.url,
  };
}
