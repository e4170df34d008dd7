import { toId18 } from '../../../domain/index.ts';

/** 18-character form of a 15-character fixture ID (tests only). */
export function to18(id15: string): string {
  const parsed = toId18(id15);
  if (!parsed.ok) throw new Error(`not an ID: ${id15}`);
  return parsed.value;
}
