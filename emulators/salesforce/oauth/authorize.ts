import type { FastifyReply } from 'fastify';
import type { LoginHost } from '../login-host.ts';
import type { World } from '../world.ts';

const CODE_LIFETIME_MS = 15 * 60 * 1000;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function errorPage(reply: FastifyReply, error: string, description: string): FastifyReply {
  return reply.code(400).type('text/html; charset=utf-8')
    .send(`<html><body><p>error=${escapeHtml(error)}&amp;error_description=${escapeHtml(description)}</p></body></html>`);
}

function redirectWith(reply: FastifyReply, redirectUri: string, params: Record<string, string | undefined>): FastifyReply {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return reply.redirect(url.toString(), 302);
}

const PASSED_ON = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method'];

function loginPage(reply: FastifyReply, action: string, p: Record<string, string>, message?: string): FastifyReply {
  const hidden = PASSED_ON.filter((k) => p[k] !== undefined)
    .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(p[k] as string)}">`).join('');
  return reply.code(200).type('text/html; charset=utf-8').send(
    `<!DOCTYPE html><html><head><title>Login | Salesforce</title></head><body>` +
      (message ? `<div id="error" class="loginError">${escapeHtml(message)}</div>` : '') +
      `<form id="login_form" method="post" action="${escapeHtml(action)}">${hidden}` +
      `<input id="username" name="username" value="${escapeHtml(p.login_hint ?? p.username ?? '')}">` +
      `<input id="password" name="pw" type="password"><input id="Login" type="submit" value="Log In"></form></body></html>`,
  );
}

/**
 * GET/POST /services/oauth2/authorize: the web-server flow. GET validates the client and the
 * callback and shows a login form; POSTing the form (username, pw) redirects to the callback
 * with ?code=…&state=… (PKCE S256 challenge remembered with the code).
 */
export function handleAuthorize(world: World, host: LoginHost, reply: FastifyReply, p: Record<string, string>, submitted: boolean): FastifyReply {
  const app = p.client_id ? world.app(p.client_id) : undefined;
  if (!app) return errorPage(reply, 'invalid_client_id', 'client identifier invalid');
  const redirectUri = p.redirect_uri ?? '';
  if (!app.callbackUrls.includes(redirectUri)) return errorPage(reply, 'redirect_uri_mismatch', 'redirect_uri must match configuration');
  const state = p.state;
  if (p.response_type !== 'code') return redirectWith(reply, redirectUri, { error: 'unsupported_response_type', error_description: 'response type not supported', state });
  if (p.code_challenge === undefined && app.requirePkce) {
    return redirectWith(reply, redirectUri, { error: 'invalid_request', error_description: 'missing required code challenge', state });
  }
  if (p.code_challenge !== undefined && (p.code_challenge_method ?? 'S256') !== 'S256') {
    return redirectWith(reply, redirectUri, { error: 'invalid_request', error_description: 'invalid code challenge method', state });
  }
  const action = `${world.loginBase(host)}/services/oauth2/authorize`;
  if (!submitted) return loginPage(reply, action, p);
  const found = p.username ? world.userForLogin(host, p.username) : undefined;
  const secret = found ? found.org.secrets.get(String(found.user.Id)) : undefined;
  if (!found || !secret || secret.password !== p.pw || found.user.IsActive !== true) {
    return loginPage(reply, action, p, 'Please check your username and password. If you still can\'t log in, contact your Salesforce administrator.');
  }
  // Logging in and allowing access is the user's approval of the app (remembered for JWT bearer).
  const username = String(found.user.Username);
  if (!app.approvedBy.some((u) => u.toLowerCase() === username.toLowerCase())) app.approvedBy.push(username);
  const requested = p.scope ? p.scope.split(/\s+/) : app.scopes;
  const scopes = requested.filter((s) => app.scopes.includes(s) || s === 'openid');
  const code = world.sessions.issueCode({
    orgId: found.org.id, userId: String(found.user.Id), appKey: app.consumerKey, redirectUri, scopes,
    ...(p.code_challenge !== undefined ? { codeChallenge: p.code_challenge } : {}),
    expiresAt: world.now() + CODE_LIFETIME_MS, loginBase: world.loginBase(host),
  });
  return redirectWith(reply, redirectUri, { code: code.code, state });
}
