import type { SetStatusOutcome } from '../../bridge/set-status-outcome.ts';
import type { CxoneWriteRequest, CxoneWriteResult, CxoneStateWriter, SalesforceStatusWriter, SalesforceWriteRequest } from '../ports.ts';

type CxoneScript = (request: CxoneWriteRequest) => Promise<CxoneWriteResult> | CxoneWriteResult;
type SalesforceScript = (request: SalesforceWriteRequest) => Promise<SetStatusOutcome> | SetStatusOutcome;

/** Writers that record every call and answer as scripted (default: applied). */
export class FakeWriters {
  readonly cxoneCalls: CxoneWriteRequest[] = [];
  readonly salesforceCalls: SalesforceWriteRequest[] = [];
  cxoneScript: CxoneScript = () => ({ ok: true });
  salesforceScript: SalesforceScript = (r) => ({ kind: 'applied', commandId: `cmd-${r.intentId}`, presence: r.presence });

  readonly cxone: CxoneStateWriter = {
    setState: async (request) => {
      this.cxoneCalls.push(request);
      return this.cxoneScript(request);
    },
  };

  readonly salesforce: SalesforceStatusWriter = {
    sendSetStatus: async (request) => {
      this.salesforceCalls.push(request);
      return this.salesforceScript(request);
    },
  };
}

/** Resolves when the signal aborts. */
export const untilAborted = (signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
