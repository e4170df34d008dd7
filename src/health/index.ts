export { HEALTH_CHECKS, HEALTH_CODES, renderText, type HealthCode, type Language, type Localized } from './catalogue.ts';
export type { HealthThresholds, TenantHealthFacts } from './facts.ts';
export { HealthMonitor, type HealthMonitorOptions, type ReconcileOutcome } from './monitor.ts';
export { renderHealthMetrics } from './metrics.ts';
export { observedCxoneWriter } from './observed-writer.ts';
export { UpstreamSignals, type TenantSignals } from './signals.ts';
