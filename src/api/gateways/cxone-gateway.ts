/**
 * The API's CXone port over the CXone connector: "Get CXone users" through the tenant's saved
 * connection, and checking a typed connection before the account mapping stores it.
 */
import { fail, ok, type Result } from '../../domain/index.ts';
import { checkCxoneConnection, type CxoneConnector, type CxoneResult } from '../../connectors/cxone/index.ts';
import { refreshCxoneDirectory } from '../../directory/index.ts';
import type { Store } from '../../store/index.ts';
import type { CxoneGateway } from '../deps.ts';
import { cxoneCheckProblem } from '../foreign-text.ts';

export interface CxoneGatewayOptions {
  readonly store: Store;
  readonly connector: CxoneConnector;
  readonly fetch?: typeof fetch;
}

const asResult = <T>(answer: CxoneResult<T>): Result<T> => (answer.ok ? ok(answer.value) : fail({ code: answer.failure.code, message: answer.failure.message, details: { kind: answer.failure.kind, status: answer.failure.status } }));

export function createCxoneGateway(options: CxoneGatewayOptions): CxoneGateway {
  return {
    refreshDirectory: (tenantId) => refreshCxoneDirectory(options.store, options.connector, tenantId),
    readAdapterRule: async (tenantId, orgId) => asResult(await options.connector.readAdapterRule(tenantId, orgId)),
    pushAdapterRule: async (tenantId, orgId, rule) => asResult(await options.connector.pushAdapterRule(tenantId, orgId, rule)),
    async checkConnection(connection) {
      const checked = await checkCxoneConnection(connection, options.fetch ? { fetch: options.fetch } : {});
      if (!checked.ok) {
        const { code, message, status } = checked.failure;
        return fail(cxoneCheckProblem(code, message, status));
      }
      return ok(checked.value);
    },
  };
}
