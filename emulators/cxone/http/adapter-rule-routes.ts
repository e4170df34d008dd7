import type { FastifyInstance } from 'fastify';
import { parseAdapterRule } from '../adapter-rules.ts';
import { notFound } from '../errors.ts';
import type { World } from '../world.ts';
import { callerOf } from './caller.ts';

/** NICE's SDK: `ApiUriConstants.GET_PRESENCE_SYNC_RULE`, on the API facade host (`presenceSyncApiUrl`). */
const RULE_PATH = '/adapter-apis/v1/:partnerName/rule/:partnerId';
type RuleParams = { partnerName: string; partnerId: string };

/**
 * The Presence Sync adapter's rule of a partner account: `GET` as NICE's SDK reads it, and `PUT`
 * of the same body (inferred: the SDK only reads), plus the control surface to look and seed.
 */
export function registerAdapterRuleRoutes(app: FastifyInstance, world: World): void {
  const rules = world.adapterRules;
  const missing = (p: RuleParams) => notFound(`The Presence Sync rule of ${p.partnerName} account ${p.partnerId}`);

  app.get(RULE_PATH, async (request) => {
    const { tenant } = await callerOf(world, request);
    const p = request.params as RuleParams;
    const rule = rules.get(tenant.tenantId, p.partnerName, p.partnerId);
    if (!rule) throw missing(p);
    return rule;
  });

  app.put(RULE_PATH, async (request) => {
    const { tenant } = await callerOf(world, request);
    const p = request.params as RuleParams;
    return rules.set(tenant.tenantId, p.partnerName, p.partnerId, parseAdapterRule(request.body));
  });

  const CONTROL_PATH = '/emulator/tenants/:tenantId/adapter-rules/:partnerName/:partnerId';
  type ControlParams = RuleParams & { tenantId: string };

  app.get(CONTROL_PATH, async (request) => {
    const p = request.params as ControlParams;
    const rule = rules.get(world.directory.tenant(p.tenantId).tenantId, p.partnerName, p.partnerId);
    if (!rule) throw missing(p);
    return rule;
  });

  app.put(CONTROL_PATH, async (request) => {
    const p = request.params as ControlParams;
    return rules.set(world.directory.tenant(p.tenantId).tenantId, p.partnerName, p.partnerId, parseAdapterRule(request.body));
  });

  app.delete(CONTROL_PATH, async (request, reply) => {
    const p = request.params as ControlParams;
    if (!rules.delete(world.directory.tenant(p.tenantId).tenantId, p.partnerName, p.partnerId)) throw missing(p);
    return reply.code(204).send();
  });
}
