import { z } from 'zod';

export const errorSchema = z
  .object({
    code: z.string().describe('Stable PSYNC_ code.'),
    message: z.string().describe('What is wrong and what to do.'),
    details: z.record(z.string(), z.unknown()).describe('For validation errors, `fields`: every field that is wrong, each with its message.'),
  })
  .meta({ id: 'Error' });

export const problemSchema = z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }).meta({ id: 'Problem' });

export const idSchema = z.string().trim().min(1, 'Required.').max(128, 'At most 128 characters.').regex(/^[A-Za-z0-9._:@-]+$/, 'Use letters, digits and . _ : @ - only.');

export const tenantParams = z.object({ tenantId: idSchema });
export const okSchema = z.object({ ok: z.literal(true) });
export const emptySchema = z.undefined();

export const timestamp = z.number().int().describe('Epoch milliseconds.');
