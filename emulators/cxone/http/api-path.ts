/**
 * NICE's SDK spells the API gateway's prefix several ways (`/InContactAPI/…`, `/incontactapi/…`,
 * `/inContactapi/…`) and the version letter both ways (`v23.0`, `V23.0`); the docs write
 * `/inContactAPI/`. Every spelling is answered: the prefix is matched without regard to case and
 * rewritten to one canonical spelling, `/inContactAPI/services/v<NN>.0`, before routing. Fault
 * paths and the request log see that canonical spelling.
 */
const PREFIX = /^\/incontactapi\/services\/v(\d+\.0)(?=\/|\?|$)/i;

export const CANONICAL_API_PREFIX = '/inContactAPI/services';

export function canonicalApiUrl(url: string): string {
  return url.replace(PREFIX, (_all, version: string) => `${CANONICAL_API_PREFIX}/v${version}`);
}
