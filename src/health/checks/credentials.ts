import { finding, shownTime, type Check } from '../facts.ts';

const DAY_MS = 86_400_000;

/** Presence Sync on, but the mapping in use cannot reach one of the sides. */
export const connectionIncomplete: Check = (facts) => {
  if (facts.connection.cxone && facts.connection.salesforce) return undefined;
  return finding('PSYNC_HEALTH_CONNECTION_INCOMPLETE', { side: facts.connection.cxone ? 'salesforce' : 'cxone' });
};

/** CXone refuses the access key (disabled, deleted, its user deactivated). */
export const cxoneAccessKeyRejected: Check = (facts) => {
  const failing = facts.signals.sides.cxone.failing;
  if (failing?.code !== 'PSYNC_CXONE_ACCESS_KEY_REJECTED') return undefined;
  return finding('PSYNC_HEALTH_CXONE_ACCESS_KEY_REJECTED', { since: shownTime(failing.since), message: failing.message });
};

/** Any other refusal of the hub by CXone: the application, a token, a permission. */
export const cxoneCredentialsFailing: Check = (facts) => {
  const failing = facts.signals.sides.cxone.failing;
  if (!failing || failing.code === 'PSYNC_CXONE_ACCESS_KEY_REJECTED') return undefined;
  return finding('PSYNC_HEALTH_CXONE_CREDENTIALS_FAILING', { since: shownTime(failing.since), code: failing.code, message: failing.message });
};

/** Salesforce refuses the hub's login: a revoked refresh token, a changed secret or certificate. */
export const salesforceCredentialsFailing: Check = (facts) => {
  const failing = facts.signals.sides.salesforce.failing;
  if (!failing) return undefined;
  return finding('PSYNC_HEALTH_SF_CREDENTIALS_FAILING', { since: shownTime(failing.since), code: failing.code, message: failing.message });
};

/** The credential with the nearest expiry date the administrator recorded, if it is near or past. */
function nearestExpiry(facts: Parameters<Check>[0]) {
  return [...facts.credentials].sort((a, b) => a.expiresAt - b.expiresAt)[0];
}

export const credentialExpiring: Check = (facts, thresholds) => {
  const nearest = nearestExpiry(facts);
  if (!nearest || nearest.expiresAt <= facts.now || nearest.expiresAt - facts.now > thresholds.expiryWarningDays * DAY_MS) return undefined;
  return finding('PSYNC_HEALTH_CREDENTIAL_EXPIRING', { credential: nearest.kind, date: shownTime(nearest.expiresAt), days: Math.ceil((nearest.expiresAt - facts.now) / DAY_MS) });
};

export const credentialExpired: Check = (facts) => {
  const nearest = nearestExpiry(facts);
  if (!nearest || nearest.expiresAt > facts.now) return undefined;
  return finding('PSYNC_HEALTH_CREDENTIAL_EXPIRED', { credential: nearest.kind, date: shownTime(nearest.expiresAt) });
};
