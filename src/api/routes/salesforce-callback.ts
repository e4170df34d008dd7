/**
 * The callback of "Connect to Salesforce": every way it can end, as the console page the browser
 * goes to next. It never throws: a browser that Salesforce sent back must land somewhere that says
 * what happened. Whatever happened is also written to the mapping's status detail and the audit.
 */
import type { AccountMapping } from '../../store/index.ts';
import { ApiError } from '../errors.ts';
import { mergeChange, secretsOf } from '../mapping-drafts.ts';
import { mappingRegistrar } from '../mapping-registration.ts';
import type { ConnectAttempt, ConnectStates } from '../salesforce-connect-states.ts';
import type { ApiServices } from '../services.ts';

interface CallbackQuery {
  readonly state?: string | undefined;
  readonly code?: string | undefined;
  readonly error?: string | undefined;
  readonly error_description?: string | undefined;
}

const failedPage = (code: string) => `/#/mapping/connect-failed/${code}`;
const mappingPage = (a: { tenantId: string; mappingId: string }, outcome: string) => `/#/mapping/connected/${encodeURIComponent(a.tenantId)}/${encodeURIComponent(a.mappingId)}/${outcome}`;

class ConnectFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function completeConnect(s: ApiServices, states: ConnectStates, query: CallbackQuery, bindingMatches: (hash: string) => boolean): Promise<string> {
  const now = s.clock.now();
  if (!query.state) return failedPage('PSYNC_SF_CONNECT_STATE_UNKNOWN');
  const found = await states.find(query.state, now);
  if (!found.ok) return failedPage(found.reason === 'expired' ? 'PSYNC_SF_CONNECT_STATE_EXPIRED' : 'PSYNC_SF_CONNECT_STATE_UNKNOWN');
  const attempt = found.attempt;
  // Checked before the attempt is used, so that a stranger holding the state cannot spend it.
  if (!bindingMatches(attempt.bindingHash)) return failedPage('PSYNC_SF_CONNECT_OTHER_BROWSER');
  const user = await signedInUser(s, attempt, now);
  if (!user) return failedPage('PSYNC_SF_CONNECT_SESSION_ENDED');
  const used = await states.use(query.state, now);
  if (!used.ok) return failedPage(used.reason === 'used' ? 'PSYNC_SF_CONNECT_STATE_USED' : 'PSYNC_SF_CONNECT_STATE_EXPIRED');

  let mapping: AccountMapping | undefined;
  let connected: AccountMapping;
  try {
    mapping = await s.store.accountMappings.get(attempt.tenantId, attempt.mappingId);
    if (!mapping || mapping.authFlow !== 'authorization_code' || mapping.sfClientId !== attempt.clientId || mapping.loginUrl !== attempt.loginUrl) {
      throw new ConnectFailure('PSYNC_SF_CONNECT_STALE', 'The environment was changed or removed while Salesforce was open; start "Connect to Salesforce" again.');
    }
    if (query.error !== undefined || !query.code) {
      throw new ConnectFailure('PSYNC_SF_CONNECT_DENIED', `Salesforce did not authorise the hub (${query.error ?? 'no code'}${query.error_description ? `: ${query.error_description}` : ''}). Log in as the integration user and press "Allow", or check the connected app's settings.`);
    }
    connected = await connect(s, mapping, attempt, query.code);
  } catch (error) {
    const { code, message } = describe(error);
    if (mapping) await recordFailure(s, mapping, code, message);
    await audit(s, attempt, user.name, 'account_mapping.salesforce_connect_failed', `"Connect to Salesforce" failed (${code}): ${message}`, { code });
    return mappingPage(attempt, code);
  }
  await audit(s, attempt, user.name, 'account_mapping.salesforce_connected', `Connected Salesforce environment "${connected.environmentName}": ${connected.statusDetail ?? ''}`, {});
  return mappingPage(attempt, 'ok');
}

async function signedInUser(s: ApiServices, attempt: ConnectAttempt, now: number): Promise<{ readonly name: string } | undefined> {
  const session = await s.principals.session(attempt.sessionHash);
  if (!session || session.expiresAt <= now || session.userId !== attempt.userId) return undefined;
  const user = await s.principals.user(attempt.userId);
  if (!user || user.disabled || !user.permissions.includes('account_mapping_create')) return undefined;
  return { name: user.username };
}

/** Code → refresh token → Map and register with it → stored. */
async function connect(s: ApiServices, mapping: AccountMapping, attempt: ConnectAttempt, code: string): Promise<AccountMapping> {
  const secrets = await s.store.accountMappings.revealSecrets(mapping.tenantId, mapping.id);
  const exchanged = await s.deps.salesforce.exchangeCode({
    loginUrl: attempt.loginUrl,
    clientId: attempt.clientId,
    redirectUri: attempt.redirectUri,
    code,
    codeVerifier: attempt.codeVerifier,
    ...(secrets.sfClientSecret ? { clientSecret: secrets.sfClientSecret } : {}),
  });
  if (!exchanged.ok) {
    const [first] = exchanged.problems;
    throw new ConnectFailure(first?.code ?? 'PSYNC_SF_LOGIN_FAILED', exchanged.problems.map((p) => p.message).join(' '));
  }
  const registrar = mappingRegistrar(s.deps);
  const { draft } = mergeChange(mapping, secrets, {}, registrar.loginUrlFor);
  const connected = { ...draft, refreshToken: exchanged.value.refreshToken };
  const registered = await registrar.register(connected, { checkCxone: false });
  const status = mapping.status === 'verified' || mapping.status === 'disabled' ? mapping.status : 'draft';
  return s.store.accountMappings.save(registrar.inputOf(mapping.tenantId, mapping.id, connected, registered, status, mapping.instanceUrl), secretsOf(connected));
}

function describe(error: unknown): { code: string; message: string } {
  if (error instanceof ConnectFailure) return { code: error.code, message: error.message };
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  return { code: 'PSYNC_SF_CONNECT_FAILED', message: `The hub could not complete the connection (${error instanceof Error ? error.message : String(error)}); try again.` };
}

/** A mapping connected before keeps its previous authorisation and its status; one never connected stays failed. */
async function recordFailure(s: ApiServices, mapping: AccountMapping, code: string, message: string): Promise<void> {
  if (code === 'PSYNC_SF_CONNECT_STALE') return;
  const keeps = mapping.secretsSet.sfRefreshToken && mapping.status !== 'failed';
  const detail = `"Connect to Salesforce" failed (${code}): ${message}${keeps ? ' The hub still uses the previous authorisation.' : ''}`;
  await s.store.accountMappings.setStatus(mapping.tenantId, mapping.id, keeps ? mapping.status : 'failed', detail).catch(() => undefined);
}

async function audit(s: ApiServices, attempt: ConnectAttempt, userName: string, outcome: string, explanation: string, details: Record<string, unknown>): Promise<void> {
  await s.store.audit.append({
    tenantId: attempt.tenantId,
    agentId: null,
    kind: 'admin',
    outcome,
    explanation: `User ${userName}: ${explanation}`,
    details: { actor: { kind: 'user', id: attempt.userId, name: userName }, route: 'GET /salesforce/oauth/callback', mappingId: attempt.mappingId, ...details },
  });
}
