/** The tables of tenant health and its alerts (migration 013), as Kysely sees them; part of `DB`. */

export interface HealthProblemTable {
  tenant_id: string;
  id: string;
  code: string;
  severity: string;
  /** JSON: the affected agents and rules (capped) and their counts. */
  affected: string;
  /** JSON: what the problem's text is filled with (names, counts, the upstream message). */
  params: string;
  opened_at: number;
  last_seen_at: number;
  cleared_at: number | null;
}

export interface HealthConditionTable {
  tenant_id: string;
  code: string;
  /** What the condition is about, e.g. an agent id. */
  subject: string;
  since: number;
}

export interface HealthEvaluationTable {
  tenant_id: string;
  evaluated_at: number;
  instance_id: string;
}

export interface HealthCredentialTable {
  tenant_id: string;
  /** `jwt_certificate` or `refresh_token`. */
  kind: string;
  expires_at: number;
  /** JSON: what the administrator gave (certificate subject and fingerprint, or the refresh token policy). */
  detail: string;
  updated_at: number;
}

export interface AlertChannelTable {
  tenant_id: string;
  id: string;
  kind: string;
  name: string;
  enabled: number;
  min_severity: string;
  language: string;
  /** JSON: the channel's settings that are not secret (SMTP host, sender, recipients...). */
  settings: string;
  /** Shown instead of the URL, which is a secret: scheme and host. */
  url_hint: string | null;
  /** Encrypted envelopes (SecretCipher); null when not set. */
  url: string | null;
  signing_secret: string | null;
  smtp_password: string | null;
  created_at: number;
  updated_at: number;
}

export interface AlertDeliveryTable {
  tenant_id: string;
  id: string;
  channel_id: string;
  /** `opened`, `cleared` or `test`. */
  event: string;
  /** JSON: the problem as it was at the transition. */
  payload: string;
  status: string;
  attempts: number;
  created_at: number;
  next_attempt_at: number;
  sent_at: number | null;
  last_error: string | null;
}

export interface HealthTables {
  health_problem: HealthProblemTable;
  health_condition: HealthConditionTable;
  health_evaluation: HealthEvaluationTable;
  health_credential: HealthCredentialTable;
  alert_channel: AlertChannelTable;
  alert_delivery: AlertDeliveryTable;
}
