import type { FastifyInstance, FastifyReply } from 'fastify';
import { limitInfo, parseVersion } from '../rest/context.ts';
import type { World } from '../world.ts';
import { runOperation, SoapFault } from './operations.ts';
import { child, escapeXml, parseXml, textOf, toXml, type XmlValue } from './xml.ts';

const ENVELOPE_OPEN = '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>';
const ENVELOPE_CLOSE = '</soapenv:Body></soapenv:Envelope>';

function fault(reply: FastifyReply, faultcode: string, faultstring: string): FastifyReply {
  return reply.code(500).type('text/xml; charset=utf-8').send(
    `${ENVELOPE_OPEN}<soapenv:Fault><faultcode${faultcode.startsWith('sf:') ? ' xmlns:sf="http://soap.sforce.com/2006/04/metadata"' : ''}>${faultcode}</faultcode><faultstring>${escapeXml(faultstring)}</faultstring></soapenv:Fault>${ENVELOPE_CLOSE}`,
  );
}

/** The SOAP Metadata API endpoint jsforce's `conn.metadata` calls: POST /services/Soap/m/<version>. */
export function registerMetadataRoutes(app: FastifyInstance, world: World): void {
  const handler = (request: { params: { version: string }; body: unknown }, reply: FastifyReply): FastifyReply => {
    const version = parseVersion(`v${request.params.version}`);
    if (!version) return fault(reply, 'sf:UNSUPPORTED_API_VERSION', `UNSUPPORTED_API_VERSION: Invalid Api version specified on URL`);
    let doc;
    try {
      doc = parseXml(typeof request.body === 'string' ? request.body : '');
    } catch (err) {
      return fault(reply, 'soapenv:Client', err instanceof Error ? err.message : 'malformed XML');
    }
    const envelope = child(doc, 'Envelope');
    const sessionId = textOf(child(child(envelope, 'Header'), 'SessionHeader'), 'sessionId');
    const found = sessionId ? world.sessions.use(sessionId) : { ok: false as const };
    const org = found.ok ? world.orgs.get(found.session.orgId) : undefined;
    if (!found.ok || !org) return fault(reply, 'sf:INVALID_SESSION_ID', 'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session');
    if (org.apiUsage >= org.dailyApiLimit) return fault(reply, 'sf:REQUEST_LIMIT_EXCEEDED', 'REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.');
    org.apiUsage += 1;
    reply.header('sforce-limit-info', limitInfo(org));
    const operation = child(envelope, 'Body')?.children[0];
    if (!operation) return fault(reply, 'soapenv:Client', 'Missing operation in SOAP body');
    try {
      const result: XmlValue = runOperation(org, operation, Number(version), found.session.userId);
      return reply.code(200).type('text/xml; charset=utf-8').send(`${ENVELOPE_OPEN}${toXml(`${operation.name}Response`, { result })}${ENVELOPE_CLOSE}`);
    } catch (err) {
      if (err instanceof SoapFault) return fault(reply, err.faultcode, err.message);
      throw err;
    }
  };
  app.post<{ Params: { version: string } }>('/services/Soap/m/:version', handler);
  app.post<{ Params: { version: string; orgId: string } }>('/services/Soap/m/:version/:orgId', handler);
}
