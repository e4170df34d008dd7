import { z } from 'zod';

/**
 * zod pieces for CXone's JSON, which is loose about casing (`outstateId` / `outStateId` / `OutStateID`),
 * about ids (number or string) and about nulls. Schemas built with {@link caseless} name their keys
 * in lower case and see the object with its keys lowered.
 */

function lowerKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key in value) out[key.toLowerCase()] = (value as Record<string, unknown>)[key];
  return out;
}

export const caseless = <T extends z.ZodType>(schema: T) => z.preprocess(lowerKeys, schema);

/** An id CXone sends as a number or a string; the hub keeps ids as strings. */
export const id = z.union([z.number(), z.string().min(1)]).transform((v) => String(v));

export const optionalText = z
  .string()
  .nullish()
  .transform((v) => (v === null || v === undefined || v === '' ? null : v));

export const flag = z
  .union([z.boolean(), z.enum(['true', 'false', 'True', 'False'])])
  .nullish()
  .transform((v) => (v === null || v === undefined ? null : v === true || v === 'true' || v === 'True'));

/** A CXone timestamp as epoch ms; a time without a zone is UTC (CXone's servers run on UTC). */
export const timestamp = z.string().transform((text, ctx) => {
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`;
  const ms = Date.parse(zoned);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `not a time: ${text}` });
    return z.NEVER;
  }
  return ms;
});

export const optionalTimestamp = z.union([timestamp, z.null(), z.literal('')]).optional().transform((v) => (typeof v === 'number' ? v : null));

/** A list that CXone may send as `null` or leave out when empty. */
export const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);
