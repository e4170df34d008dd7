import type { FastifyInstance } from 'fastify';
import type { World } from '../world.ts';
import { apiContext, MAX_VERSION, MIN_VERSION } from './context.ts';

function limit(max: number, used = 0): { Max: number; Remaining: number } {
  return { Max: max, Remaining: Math.max(0, max - used) };
}

export function registerLimitsRoutes(app: FastifyInstance, _world: World): void {
  app.get('/services/data/:version/limits', (request, reply) => {
    const { org } = apiContext(request);
    return reply.send({
      ConcurrentAsyncGetReportInstances: limit(200),
      ConcurrentSyncReportRuns: limit(20),
      DailyApiRequests: limit(org.dailyApiLimit, org.apiUsage),
      DailyAsyncApexExecutions: limit(250_000),
      DailyBulkApiBatches: limit(15_000),
      DailyBulkV2QueryJobs: limit(10_000),
      DailyDeliveredPlatformEvents: limit(org.edition === 'Developer Edition' ? 10_000 : 25_000),
      DailyStreamingApiEvents: limit(org.edition === 'Developer Edition' ? 10_000 : 1_000_000),
      DataStorageMB: limit(5),
      FileStorageMB: limit(20),
      HourlyPublishedPlatformEvents: limit(org.edition === 'Developer Edition' ? 50_000 : 250_000),
      SingleEmail: limit(15),
    });
  });
}

/** GET /services/data: the versions this emulator serves (no session needed, as in Salesforce). */
export function registerVersionRoutes(app: FastifyInstance): void {
  app.get('/services/data', (_request, reply) => {
    const versions = [];
    for (let v = MIN_VERSION; v <= MAX_VERSION; v++) versions.push({ label: `v${v}.0`, url: `/services/data/v${v}.0`, version: `${v}.0` });
    return reply.send(versions);
  });
}
