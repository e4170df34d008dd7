import type { FastifyInstance, FastifyReply } from 'fastify';
import { requestHost } from '../http.ts';
import { child, escapeXml, parseXml, textOf, toXml } from '../metadata/xml.ts';
import type { World } from '../world.ts';
import { checkPassword } from './token.ts';

const OPEN = '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="urn:partner.soap.sforce.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>';
const CLOSE = '</soapenv:Body></soapenv:Envelope>';
/** SOAP login() is available up to API 64.0 (Salesforce's SOAP API guide, `login()`). */
const SOAP_LOGIN_LAST_VERSION = 64;
const INVALID_LOGIN = 'INVALID_LOGIN: Invalid username, password, security token; or user locked out.';

function fault(reply: FastifyReply, code: string, message: string): FastifyReply {
  return reply.code(500).type('text/xml; charset=utf-8').send(
    `${OPEN}<soapenv:Fault><faultcode xmlns:sf="urn:fault.partner.soap.sforce.com">sf:${code}</faultcode><faultstring>${escapeXml(message)}</faultstring></soapenv:Fault>${CLOSE}`,
  );
}

/**
 * POST <login host>/services/Soap/u/<version>: the partner API login() jsforce falls back to
 * without an OAuth client. Off unless the org's soapLoginEnabled setting is on, and not offered
 * from API 65.0 on (the wording of both refusals is the emulator's own; Salesforce's exact text was
 * not available).
 */
export function registerSoapLogin(app: FastifyInstance, world: World): void {
  app.post<{ Params: { version: string } }>('/services/Soap/u/:version', (request, reply) => {
    const host = requestHost(request);
    if (host.kind === 'none') return reply.code(404).send('Not Found');
    let login;
    try {
      login = child(child(child(parseXml(typeof request.body === 'string' ? request.body : ''), 'Envelope'), 'Body'), 'login');
    } catch {
      return fault(reply, 'INVALID_REQUEST', 'INVALID_REQUEST: malformed SOAP envelope');
    }
    if (Number.parseFloat(request.params.version) >= SOAP_LOGIN_LAST_VERSION + 1) {
      return fault(reply, 'UNSUPPORTED_API_VERSION', `UNSUPPORTED_API_VERSION: login() is not available in API version ${request.params.version}; it ends with ${SOAP_LOGIN_LAST_VERSION}.0. Use an OAuth flow.`);
    }
    const found = world.userForLogin(host, textOf(login, 'username') ?? '');
    if (!found) return fault(reply, 'INVALID_LOGIN', INVALID_LOGIN);
    const { org, user } = found;
    if (!org.settings.soapLoginEnabled) return fault(reply, 'INVALID_OPERATION', 'INVALID_OPERATION: SOAP API login() is disabled in this organization.');
    const check = checkPassword(org, user, textOf(login, 'password') ?? '', request.ip, false);
    if (check === 'token_required') {
      return fault(reply, 'LOGIN_MUST_USE_SECURITY_TOKEN', 'LOGIN_MUST_USE_SECURITY_TOKEN: Invalid username, password, security token; or user locked out. Are you at a new location? When accessing Salesforce--either via a desktop client or the API--from outside of your company’s trusted networks, you must add a security token to your password to log in.');
    }
    if (check !== 'ok' || user.IsActive !== true || !org.settings.active) return fault(reply, 'INVALID_LOGIN', INVALID_LOGIN);
    const userId = String(user.Id);
    const session = world.sessions.issue({ orgId: org.id, userId, appKey: null, scopes: ['api'], loginBase: world.loginBase(host) }, org.id15);
    const instance = world.instanceUrl(org);
    const v = request.params.version;
    const result = {
      metadataServerUrl: `${instance}/services/Soap/m/${v}/${org.id15}`,
      passwordExpired: false,
      sandbox: org.platform === 'sandbox',
      serverUrl: `${instance}/services/Soap/u/${v}/${org.id15}`,
      sessionId: session.accessToken,
      userId,
      userInfo: {
        organizationId: org.id, organizationName: org.name, userEmail: String(user.Email), userFullName: String(user.Name),
        userId, userName: String(user.Username),
      },
    };
    return reply.code(200).type('text/xml; charset=utf-8').send(`${OPEN}${toXml('loginResponse', { result })}${CLOSE}`);
  });
}
