/** The OpenAPI 3.1 document, generated from the very zod schemas the routes validate with. */
import { z } from 'zod';
import { PERMISSION_LABEL } from './auth/permissions.ts';
import { errorSchema } from './schemas/common.ts';
import type { AnyRoute } from './route.ts';

type Json = Record<string, unknown>;

class SchemaCollector {
  readonly components: Record<string, Json> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): Json {
    const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
    const defs = (json.$defs ?? {}) as Record<string, Json>;
    delete json.$defs;
    delete json.$schema;
    // A definition keeps its name when the component of that name is the same schema once its own
    // references are relinked (which may in turn depend on the names its references get).
    const rename = new Map<string, string>(Object.keys(defs).map((name) => [name, name]));
    const relink = (value: Json): Json => JSON.parse(JSON.stringify(value).replace(/"#\/\$defs\/([^"]+)"/g, (_m, name: string) => JSON.stringify(`#/components/schemas/${rename.get(name) ?? name}`))) as Json;
    for (let changed = true; changed; ) {
      changed = false;
      // Names only ever move to the suffixed form, so this ends.
      for (const [name, def] of Object.entries(defs)) {
        const existing = this.components[name];
        if (rename.get(name) === name && existing !== undefined && JSON.stringify(existing) !== JSON.stringify(relink(def))) {
          rename.set(name, `${name}_${io}`);
          changed = true;
        }
      }
    }
    for (const [name, def] of Object.entries(defs)) this.components[rename.get(name) ?? name] = relink(def);
    return relink(json);
  }
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query', collector: SchemaCollector): Json[] {
  if (!schema) return [];
  const json = collector.convert(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

function requestContent(route: AnyRoute, collector: SchemaCollector): Json {
  const schema = collector.convert(route.body, 'input');
  return Object.fromEntries((route.bodyContentTypes ?? ['application/json']).map((type) => [type, { schema }]));
}

export function buildOpenApiDocument(routes: readonly AnyRoute[], info: { readonly version: string; readonly prefix: string }): Json {
  const collector = new SchemaCollector();
  const errorRef = collector.convert(errorSchema, 'output');
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const path = `${info.prefix}${route.path}`.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const status = String(route.status ?? 200);
    const permission = route.access === 'public' || route.access === 'authenticated' ? undefined : route.access;
    const operation: Json = {
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[/:-]([a-zA-Z])/g, (_m, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '')}`,
      summary: route.summary,
      description: [route.description, permission ? `Requires the permission **${PERMISSION_LABEL[permission]}** (\`${permission}\`).` : route.access === 'public' ? 'No sign-in needed.' : 'Any signed-in principal.', route.idempotent ? 'Honours `Idempotency-Key`.' : undefined, route.auditAction ? `Writes the audit entry \`${route.auditAction}\`.` : undefined]
        .filter(Boolean)
        .join('\n\n'),
      tags: [route.tag],
      ...(permission ? { 'x-permission': permission } : {}),
      ...(route.auditAction ? { 'x-audit-action': route.auditAction } : {}),
      security: route.access === 'public' ? [] : [{ session: [] }, { bearer: [] }],
      parameters: [
        ...parametersOf(route.params, 'path', collector),
        ...parametersOf(route.query, 'query', collector),
        ...(route.idempotent ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }] : []),
      ],
      ...(route.body ? { requestBody: { required: true, content: requestContent(route, collector) } } : {}),
      responses: {
        [status]: status === '204' ? { description: 'Done.' } : { description: 'Success.', content: { 'application/json': { schema: collector.convert(route.response, 'output') } } },
        default: { description: 'An error: `{code, message, details}` with a stable PSYNC_ code.', content: { 'application/json': { schema: errorRef } } },
      },
    };
    (paths[path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'presence-sync admin API',
      version: info.version,
      description: 'Configure the bidirectional presence sync between NICE CXone and Salesforce Omni-Channel: switches, account mapping, presence rules, agents, audit.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: collector.components,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'psync_session', description: 'Console session (POST /api/v1/auth/login). Changes also need the x-csrf-token header.' },
        bearer: { type: 'http', scheme: 'bearer', description: 'API token for automation, created by a User Admin.' },
      },
    },
  };
}
