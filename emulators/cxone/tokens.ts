import { SignJWT, exportJWK, generateKeyPair, jwtVerify, type JWK, type CryptoKey } from 'jose';
import { acdError, authError } from './errors.ts';
import { uuid } from './ids.ts';
import type { Agent, Tenant } from './model.ts';

interface Issued {
  readonly kind: 'access' | 'refresh';
  readonly tenantId: string;
  readonly agentId: number;
  readonly clientId: string;
  /** Issue order, so that revocation covers exactly the tokens issued before it. */
  readonly serial: number;
  used: boolean;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  refresh_token_expires_in: number;
  id_token: string;
  issued_token_type: string;
}

/** Who an accepted access token speaks for. */
export interface TokenHolder {
  readonly tenantId: string;
  readonly agentId: number;
  readonly clientId: string;
}

const KID = 'cxone-emulator-1';

// RSA key generation is slow; one key pair per process serves every emulator instance (tokens stay
// instance-bound through the issuer and the per-instance record of issued ids).
const keyPairs = new Map<SigningAlgorithm, ReturnType<typeof generateKeyPair>>();

export type SigningAlgorithm = 'RS256' | 'ES256';

/**
 * Issues and checks JWTs (RS256 by default) shaped like CXone's (reference §2): `tenantId`, `sub: user:<uuid>`,
 * `icBUId`, `icClusterId`, `role`; the id token adds `userId` and `icDomain`. Every token is also
 * remembered by `jti`, so that it can be revoked and a refresh token used only once.
 */
export class TokenService {
  private readonly issued = new Map<string, Issued>();
  private readonly revokedUpTo = new Map<string, number>();
  private serial = 0;
  accessLifetimeSeconds: number;
  refreshLifetimeSeconds: number;

  private constructor(
    private readonly alg: SigningAlgorithm,
    private readonly privateKey: CryptoKey,
    readonly publicJwk: JWK,
    private readonly publicKey: CryptoKey,
    private readonly issuer: () => string,
    private readonly now: () => number,
    lifetimes: { access: number; refresh: number },
  ) {
    this.accessLifetimeSeconds = lifetimes.access;
    this.refreshLifetimeSeconds = lifetimes.refresh;
  }

  static async create(
    issuer: () => string,
    now: () => number,
    lifetimes: { access: number; refresh: number },
    alg: SigningAlgorithm = 'RS256',
  ): Promise<TokenService> {
    let keyPair = keyPairs.get(alg);
    if (!keyPair) keyPairs.set(alg, (keyPair = generateKeyPair(alg)));
    const { privateKey, publicKey } = await keyPair;
    const jwk = { ...(await exportJWK(publicKey)), kid: KID, alg, use: 'sig' };
    return new TokenService(alg, privateKey, jwk, publicKey, issuer, now, lifetimes);
  }

  async issue(tenant: Tenant, agent: Agent, clientId: string): Promise<TokenResponse> {
    const nowMs = this.now();
    const iat = Math.floor(nowMs / 1000);
    const common = { tenantId: tenant.tenantId, icBUId: tenant.businessUnitId, icClusterId: tenant.clusterId };
    const role = { legacyId: 'Administrator', id: '11e5b3b0-0000-0000-0000-000000000001', lastUpdateTime: 0, secondaryRoles: [] };
    const sign = async (kind: 'access' | 'refresh' | 'id', lifetime: number, extra: Record<string, unknown>) => {
      const jti = uuid();
      if (kind !== 'id') this.issued.set(jti, { kind, tenantId: tenant.tenantId, agentId: agent.agentId, clientId, serial: ++this.serial, used: false });
      return new SignJWT({ ...common, ...extra })
        .setProtectedHeader({ alg: this.alg, kid: KID, typ: 'JWT' })
        .setIssuer(this.issuer())
        .setAudience(clientId)
        .setSubject(`user:${agent.userId}`)
        .setIssuedAt(iat)
        .setExpirationTime(iat + lifetime)
        .setJti(jti)
        .sign(this.privateKey);
    };
    return {
      access_token: await sign('access', this.accessLifetimeSeconds, { role, name: agent.userName }),
      token_type: 'Bearer',
      expires_in: this.accessLifetimeSeconds,
      refresh_token: await sign('refresh', this.refreshLifetimeSeconds, { token_use: 'refresh' }),
      refresh_token_expires_in: this.refreshLifetimeSeconds,
      id_token: await sign('id', this.accessLifetimeSeconds, { userId: agent.userId, icDomain: 'emulated.cxone', name: agent.userName }),
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
    };
  }

  /** The holder of a Bearer access token; 401 when it is malformed, foreign, expired or revoked. */
  async verifyAccess(token: string): Promise<TokenHolder> {
    const found = await this.verify(token, 'access');
    if (!found) throw acdError(401, 'invalid_token', 'The access token is invalid, expired or revoked.');
    return found;
  }

  /** Redeems a refresh token once (refresh tokens rotate); 400 invalid_grant when it cannot be used. */
  async redeemRefresh(token: string, clientId: string): Promise<TokenHolder> {
    const found = await this.verify(token, 'refresh');
    if (!found || found.clientId !== clientId) throw authError(400, 'invalid_grant', 'The refresh token is invalid, expired, revoked or already used.');
    return found;
  }

  /** Rejects every token issued so far (for one tenant, or all). */
  revoke(tenantId?: string): void {
    this.revokedUpTo.set(tenantId ?? '*', this.serial);
  }

  private async verify(token: string, kind: Issued['kind']): Promise<(TokenHolder & { jti: string }) | null> {
    let jti: string | undefined;
    try {
      const { payload } = await jwtVerify(token, this.publicKey, { issuer: this.issuer(), currentDate: new Date(this.now()) });
      jti = payload.jti;
    } catch {
      return null;
    }
    const record = jti === undefined ? undefined : this.issued.get(jti);
    if (!record || !jti || record.kind !== kind) return null;
    const revokedAt = Math.max(this.revokedUpTo.get('*') ?? -1, this.revokedUpTo.get(record.tenantId) ?? -1);
    if (record.serial <= revokedAt) return null;
    if (kind === 'refresh') {
      if (record.used) return null;
      record.used = true;
    }
    return { tenantId: record.tenantId, agentId: record.agentId, clientId: record.clientId, jti };
  }
}
