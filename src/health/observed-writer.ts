import type { CxoneStateWriter, CxoneWriteRequest, CxoneWriteResult } from '../engine/index.ts';
import type { UpstreamSignals } from './signals.ts';

/** The CXone writer, telling the health signals how each write went (a refused key shows here first when the feed is quiet). */
export function observedCxoneWriter(writer: CxoneStateWriter, signals: Pick<UpstreamSignals, 'succeeded' | 'failed'>): CxoneStateWriter {
  return {
    async setState(request: CxoneWriteRequest): Promise<CxoneWriteResult> {
      const result = await writer.setState(request);
      if (result.ok) signals.succeeded(request.tenantId, 'cxone');
      else signals.failed(request.tenantId, 'cxone', result.failure);
      return result;
    },
  };
}
