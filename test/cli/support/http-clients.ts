/** HTTP as the operator's tools speak it: the admin API as the web console calls it, and the emulators' control surfaces. */

export interface Answer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

async function send<T>(url: string, method: string, body: unknown, headers: Record<string, string> = {}): Promise<{ answer: Answer<T>; response: Response }> {
  const response = await fetch(url, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { answer: { status: response.status, body: (text ? JSON.parse(text) : undefined) as T }, response };
}

/** A control surface (`/emulator/...`): every call must succeed. */
export function controlClient(baseUrl: string) {
  return async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const { answer } = await send<T>(`${baseUrl}${path}`, method, body);
    if (answer.status >= 400) throw new Error(`${method} ${baseUrl}${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
}

/**
 * The admin API as the web console uses it: signed in with the session cookie, and every change
 * carrying the CSRF token of the readable psync_csrf cookie in the x-csrf-token header.
 */
export class ConsoleSession {
  private readonly cookies = new Map<string, string>();
  private csrf: string | undefined;

  constructor(readonly hubUrl: string) {}

  async signIn(username: string, password: string): Promise<void> {
    await this.call('POST', '/api/v1/auth/login', { username, password });
    this.csrf = this.cookies.get('psync_csrf');
    if (!this.csrf) throw new Error('signing in set no psync_csrf cookie');
  }

  /** Any answer, for checking refusals. */
  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<Answer<T>> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (method !== 'GET' && this.csrf) headers['x-csrf-token'] = this.csrf;
    const { answer, response } = await send<T>(`${this.hubUrl}${path}`, method, body, headers);
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return answer;
  }

  /** A call that must succeed; a refusal fails with what the hub said. */
  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.request<T>(method, path, body);
    if (answer.status >= 400) throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }
}
