/* global window */
// "Connect to Salesforce" (web-server flow): leave for Salesforce's login page, and what the page says
// when Salesforce sends the browser back (#/mapping/connected/<tenant>/<mapping>/<ok or code>).
import { post, tenantPath } from '../api.js';
import { alertBox, h } from '../dom.js';
import { t } from '../i18n.js';

/** Codes of the callback the console explains in its own words (others come with the mapping's detail). */
const EXPLAINED = ['PSYNC_SF_CONNECT_STATE_UNKNOWN', 'PSYNC_SF_CONNECT_STATE_EXPIRED', 'PSYNC_SF_CONNECT_STATE_USED', 'PSYNC_SF_CONNECT_OTHER_BROWSER', 'PSYNC_SF_CONNECT_SESSION_ENDED', 'PSYNC_SF_CONNECT_STALE', 'PSYNC_SF_CONNECT_DENIED'];

export const notConnected = (m) => m.authFlow === 'authorization_code' && !m.secretsSet.sfRefreshToken;

/** Asks the hub for the authorize URL (bound to this session and this browser) and goes there. */
export async function connectToSalesforce(ctx, mappingId) {
  const answer = await post(tenantPath(ctx.tenantId, `/account-mappings/${encodeURIComponent(mappingId)}/salesforce-authorization`));
  window.location.assign(answer.authorizeUrl);
}

/**
 * The outcome of a return from Salesforce, from the page's parameters: ['connected', tenant, mapping, result]
 * or ['connect-failed', code]; null when the page was opened otherwise.
 */
export function connectOutcome(params, mappings, actions) {
  const [kind, ...rest] = params;
  if (kind === 'connect-failed') {
    const [code] = rest;
    return alertBox('error', t('connectFailed', { code }), [EXPLAINED.includes(code) ? t(`connectReason_${code}`) : t('connectTryAgain')]);
  }
  if (kind !== 'connected') return null;
  const [, mappingId, result] = rest;
  const mapping = mappings.find((m) => m.id === mappingId);
  const name = mapping?.environmentName ?? mappingId;
  if (result === 'ok') {
    const box = alertBox('ok', t(mapping?.status === 'draft' ? 'connectedOk' : 'connectedAgain', { name }), mapping?.statusDetail ? [mapping.statusDetail] : []);
    if (mapping?.status === 'draft' && actions.canSave) box.append(h('div', { class: 'row' }, h('button', { type: 'button', class: 'primary', onclick: () => actions.save(mapping) }, t('selectAndSave'))));
    return box;
  }
  const reasons = [EXPLAINED.includes(result) ? t(`connectReason_${result}`) : null, mapping?.statusDetail ?? null].filter(Boolean);
  return alertBox('error', t('connectFailed', { code: result }), reasons);
}
