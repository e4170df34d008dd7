import type { IpRange } from '../org-state.ts';

function ipv4ToNumber(ip: string): number | undefined {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip === '::1' ? '127.0.0.1' : ip;
  const parts = v4.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    const x = Number(p);
    if (!Number.isInteger(x) || x < 0 || x > 255) return undefined;
    n = n * 256 + x;
  }
  return n;
}

export function ipInRanges(ip: string, ranges: IpRange[]): boolean {
  const n = ipv4ToNumber(ip);
  if (n === undefined) return false;
  return ranges.some((r) => {
    const start = ipv4ToNumber(r.start);
    const end = ipv4ToNumber(r.end);
    return start !== undefined && end !== undefined && n >= start && n <= end;
  });
}
