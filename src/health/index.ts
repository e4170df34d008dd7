export { HEALTH_CHECKS, HEALTH_CODES, renderText, type HealthCode, type Language, type Localized } from './catalogue.ts';
export type { HealthThresholds, TenantHealthFacts } from './facts.ts';
export { HealthMonitor, type HealthMonitorOptions, type ReconcileOutcome } from './monitor.ts';
export { renderHealthMetrics } from './metrics.ts';
export { observedCxoneWriter } from './observed-writer.ts';
export { UpstreamSignals, type TenantSignals } from './signals.ts';
export { AlertSender, RETRY_DELAYS_MS, type AlertSenderOptions } from './alerts/sender.ts';
export { signature, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from './alerts/webhook.ts';
