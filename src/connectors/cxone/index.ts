export { generateCxoneAccessKey } from './access-keys.ts';
export { pushSalesforceAdapterRule, readSalesforceAdapterRule, SALESFORCE_PARTNER, type FoundAdapterRule, type PushedAdapterRule } from './adapter-rules.ts';
export { checkCxoneConnection, type CxoneConnectionReport } from './connection-check.ts';
export { CXONE_API_VERSIONS, CxoneClient, PAGE_SIZE, type CallOptions, type EndSessionOptions, type SettableState } from './client.ts';
export { systemClock, type Clock } from './clock.ts';
export { CXONE_ISSUERS, cxoneConnectionSettingsSchema, issuerOf, type CxoneConnectionPort, type CxoneConnectionSettings, type CxoneEnvironment } from './connection.ts';
export { createCxoneConnector, type CxoneConnector, type CxoneConnectorOptions, type StatePollerOptions } from './connector.ts';
export {
  fetchCxoneDirectory,
  getCxoneUsers,
  type CxoneDirectoryChangeSummary,
  type CxoneDirectorySink,
  type CxoneDirectorySnapshot,
  type CxoneTeamWithCodes,
  type EntityChanges,
} from './directory.ts';
export { classifyStatus, parseRetryAfter, type CxoneFailure, type CxoneFailureKind, type CxoneResult } from './failure.ts';
export type { CxoneAccessKey, CxoneAgent, CxoneAgentStateRow, CxoneAgentStates, CxoneTeam, CxoneUnavailableCode } from './payloads.ts';
export { DEFAULT_RATE_LIMIT, type RateLimit } from './rate-limiter.ts';
export { eventsOfRows, type CxoneStateEvent, type SkippedRow } from './state-events.ts';
export { acdStateOfRow, changeKey, targetOfState, writeFor, type ConcreteAcdTarget, type CxoneWrite } from './state-mapping.ts';
export { CXONE_STATES_SOURCE, CxoneStatePoller, type CheckpointPort, type CxoneStatePollerOptions, type CxoneStateSink, type PollCycle } from './state-source.ts';
export { CxoneStateWriter, type SetAgentStateOptions, type SetAgentStateOutcome } from './state-writer.ts';
export type { CxoneToken } from './token-endpoint.ts';
