/**
 * The API's CXone port over the CXone connector: "Get CXone users" through the tenant's saved
 * connection, and checking a typed connection before the account mapping stores it.
 */
import { fail, ok } from '../../domain/index.ts';
import { checkCxoneConnection, type CxoneConnector } from '../../connectors/cxone/index.ts';
import { refreshCxoneDirectory } from '../../directory/index.ts';
import type { Store } from '../../store/index.ts';
import type { CxoneGateway } from '../deps.ts';

export interface CxoneGatewayOptions {
  readonly store: Store;
  readonly connector: CxoneConnector;
  readonly fetch?: typeof fetch;
}

export function createCxoneGateway(options: CxoneGatewayOptions): CxoneGateway {
  return {
    refreshDirectory: (tenantId) => refreshCxoneDirectory(options.store, options.connector, tenantId),
    async checkConnection(connection) {
      const checked = await checkCxoneConnection(connection, options.fetch ? { fetch: options.fetch } : {});
      if (!checked.ok) {
        const { code, message } = checked.failure;
        return fail({ code, message });
      }
      return ok(checked.value);
    },
  };
}
