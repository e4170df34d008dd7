import { z } from 'zod';

/**
 * zod pieces for CXone's JSON, which is loose about casing (`outstateId` / `outStateId` / `OutStateID`),
 * about ids (number or string) and about nulls. Schemas built with {@link caseless} name their keys
 * in lower case and see the object with its keys lowered.
 */

/** The object with its keys lowered; only the keys the schema names are kept (rows carry ~30, the hub reads ~10). */
function lowerKeys(value: unknown, wanted: ReadonlySet<string> | null): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const lower = key.toLowerCase();
    if (wanted === null || wanted.has(lower)) out[lower] = (value as Record<string, unknown>)[key];
  }
  return out;
}

export const caseless = <T extends z.ZodType>(schema: T) => {
  const shape = schema instanceof z.ZodObject && schema.def.catchall === undefined ? (schema.shape as Record<string, unknown>) : null;
  const wanted = shape ? new Set(Object.keys(shape)) : null;
  return z.preprocess((value) => lowerKeys(value, wanted), schema);
};

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

function toEpochMs(text: string, ctx: z.RefinementCtx): number {
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`;
  const ms = Date.parse(zoned);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `not a time: ${text}` });
    return z.NEVER;
  }
  return ms;
}

/** A CXone timestamp as epoch ms, or null; a time without a zone is UTC (CXone's servers run on UTC). */
export const optionalTimestamp = z
  .string()
  .nullish()
  .transform((v, ctx) => (v === null || v === undefined || v === '' ? null : toEpochMs(v, ctx)));

/** A list that CXone may send as `null` or leave out when empty. */
export const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);
