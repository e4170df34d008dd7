/**
 * The tables as Kysely sees them. One schema for SQLite and PostgreSQL: times are bigint epoch
 * milliseconds, JSON is text, booleans are integers 0/1.
 */
import type { HealthTables } from './health-schema.ts';

export interface TenantTable {
  id: string;
  name: string;
  created_at: number;
  updated_at: number;
}

export interface FeatureSwitchTable {
  tenant_id: string;
  name: string;
  enabled: number;
  updated_at: number;
}

export interface AccountMappingTable {
  id: string;
  tenant_id: string;
  access_key_user: string;
  platform: string;
  environment_name: string;
  org_id: string;
  auth_flow: string;
  login_url: string;
  instance_url: string | null;
  sf_client_id: string | null;
  sf_username: string | null;
  cxone_access_key_id: string | null;
  /** Encrypted envelopes (SecretCipher); null when not set. */
  cxone_access_key_secret: string | null;
  sf_client_secret: string | null;
  sf_private_key: string | null;
  sf_refresh_token: string | null;
  sf_password: string | null;
  cxone_client_id: string | null;
  cxone_client_secret: string | null;
  cxone_issuer: string | null;
  cxone_tenant_id: string | null;
  bridge_secret: string | null;
  status: string;
  status_detail: string | null;
  created_at: number;
  updated_at: number;
}

export interface AcdUserTable {
  tenant_id: string;
  id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  username: string | null;
  federation_id: string | null;
  team_id: string | null;
  active: number;
  updated_at: number;
}

export interface AcdTeamTable {
  tenant_id: string;
  id: string;
  name: string;
  active: number;
  updated_at: number;
}

export interface UnavailableCodeTable {
  tenant_id: string;
  id: string;
  name: string;
  active: number;
  updated_at: number;
}

export interface TeamCodeTable {
  tenant_id: string;
  team_id: string;
  code_id: string;
  updated_at: number;
}

export interface SfUserTable {
  tenant_id: string;
  id: string;
  username: string;
  email: string | null;
  federation_id: string | null;
  name: string;
  profile_id: string | null;
  /** Null for users stored before migration 005 until the org is read again. */
  profile_name: string | null;
  permission_set_ids: string;
  active: number;
  updated_at: number;
}

export interface SfStatusTable {
  tenant_id: string;
  id: string;
  label: string;
  developer_name: string;
  availability: string;
  channels: string;
  updated_at: number;
}

export interface SfStatusAccessTable {
  tenant_id: string;
  /** Lower-cased, as the domain compares them. */
  status_id: string;
  /** Profile or permission set id. */
  parent_id: string;
  parent_kind: string;
  updated_at: number;
}

export interface AgentLinkTable {
  tenant_id: string;
  acd_user_id: string;
  sf_user_id: string;
  matched_by: string;
  updated_at: number;
}

export interface PresenceRuleTable {
  tenant_id: string;
  id: string;
  name: string;
  skip_code_validation: number;
  version: number;
  created_at: number;
  updated_at: number;
}

export interface PresenceRuleRowTable {
  tenant_id: string;
  rule_id: string;
  direction: string;
  position: number;
  body: string;
}

export interface RuleAssignmentTable {
  tenant_id: string;
  kind: string;
  target_id: string;
  rule_id: string;
}

export interface AgentObservedTable {
  tenant_id: string;
  agent_id: string;
  side: string;
  state: string;
  state_key: string;
  at: number;
  origin: string;
  updated_at: number;
}

export interface AgentHistoryTable {
  tenant_id: string;
  agent_id: string;
  entries: string;
  updated_at: number;
}

export interface InboundEventTable {
  tenant_id: string;
  source: string;
  event_key: string;
  received_at: number;
}

export interface ExpectedEchoTable {
  tenant_id: string;
  agent_id: string;
  side: string;
  state_key: string;
  command_id: string | null;
  expires_at: number;
  recorded_at: number | null;
}

export interface SourceCheckpointTable {
  tenant_id: string;
  source: string;
  position: string;
  updated_at: number;
}

export interface SyncIntentTable {
  tenant_id: string;
  agent_id: string;
  target: string;
  desired: string;
  state_key: string;
  source_event: string | null;
  source_at: number;
  generation: number;
  applied_generation: number;
  status: string;
  status_reason: string | null;
  attempts: number;
  run_after: number;
  lease_owner: string | null;
  lease_token: string | null;
  lease_until: number | null;
  serve_key: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface AuditTable {
  id: string;
  tenant_id: string;
  agent_id: string | null;
  at: number;
  kind: string;
  outcome: string;
  reason: string | null;
  explanation: string;
  rule_id: string | null;
  rule_version: number | null;
  details: string;
}

export interface SfPrerequisiteTable {
  tenant_id: string;
  sf_user_id: string;
  problems: string;
  checked_at: number;
}

export interface ConsoleSessionTable {
  tenant_id: string;
  agent_id: string;
  instance_id: string;
  updated_at: number;
}

export interface BridgeTokenUseTable {
  token_key: string;
  expires_at: number;
}

export interface LeaseTable {
  name: string;
  owner: string;
  until: number;
}

export interface DB extends HealthTables {
  lease: LeaseTable;
  console_session: ConsoleSessionTable;
  bridge_token_use: BridgeTokenUseTable;
  sf_prerequisite: SfPrerequisiteTable;
  tenant: TenantTable;
  feature_switch: FeatureSwitchTable;
  account_mapping: AccountMappingTable;
  acd_user: AcdUserTable;
  acd_team: AcdTeamTable;
  unavailable_code: UnavailableCodeTable;
  team_code: TeamCodeTable;
  sf_user: SfUserTable;
  sf_status: SfStatusTable;
  sf_status_access: SfStatusAccessTable;
  agent_link: AgentLinkTable;
  presence_rule: PresenceRuleTable;
  presence_rule_row: PresenceRuleRowTable;
  rule_assignment: RuleAssignmentTable;
  agent_observed: AgentObservedTable;
  agent_history: AgentHistoryTable;
  inbound_event: InboundEventTable;
  expected_echo: ExpectedEchoTable;
  source_checkpoint: SourceCheckpointTable;
  sync_intent: SyncIntentTable;
  audit: AuditTable;
}
