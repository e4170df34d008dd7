import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildOpenApiDocument } from './openapi.ts';
import type { AnyRoute } from './route.ts';

describe('OpenAPI from zod', () => {
  it('turns path params into {params}, lists query parameters and keeps the permission', () => {
    const route: AnyRoute = {
      method: 'GET',
      path: '/tenants/:tenantId/things',
      tag: 'Things',
      summary: 'List things',
      access: 'rule_view',
      params: z.object({ tenantId: z.string() }),
      query: z.object({ limit: z.coerce.number().int().default(5).describe('How many.') }),
      response: z.object({ ok: z.boolean() }),
      handler: async () => ({ ok: true }),
    };
    const doc = buildOpenApiDocument([route], { version: '1', prefix: '/api/v1' }) as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const op = doc.paths['/api/v1/tenants/{tenantId}/things']!.get!;
    expect(op['x-permission']).toBe('rule_view');
    expect(op.parameters).toEqual([
      { name: 'tenantId', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'limit', in: 'query', required: false, description: 'How many.', schema: expect.objectContaining({ type: 'integer', default: 5 }) },
    ]);
    expect(op.description).toMatch(/Rule View/);
  });

  it('keeps two different schemas of one name apart', () => {
    const a = z.object({ x: z.string() }).meta({ id: 'Same' });
    const b = z.object({ y: z.number() }).meta({ id: 'Same' });
    const mk = (path: string, schema: z.ZodType): AnyRoute => ({ method: 'POST', path, tag: 't', summary: 's', access: 'public', body: schema, response: z.object({}), handler: async () => ({}) });
    const doc = buildOpenApiDocument([mk('/a', z.object({ v: a })), mk('/b', z.object({ v: b }))], { version: '1', prefix: '' }) as { components: { schemas: Record<string, unknown> } };
    expect(Object.keys(doc.components.schemas).sort()).toEqual(['Error', 'Same', 'Same_input']);
  });
});
