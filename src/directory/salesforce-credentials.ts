import type { SalesforceCredentials } from '../connectors/salesforce/index.ts';
import type { AccountMapping, AccountSecrets } from '../store/index.ts';

/**
 * The Salesforce connector's credentials for an account mapping, from its fields and its
 * decrypted secrets; undefined (with what is missing) when the mapping is not complete.
 */
export function salesforceCredentialsOf(mapping: AccountMapping, secrets: AccountSecrets): { credentials?: SalesforceCredentials; missing: string[] } {
  const missing: string[] = [];
  const need = <T>(value: T | null | undefined, name: string): T => {
    if (value === null || value === undefined || value === '') missing.push(name);
    return value as T;
  };
  const base = { loginUrl: mapping.loginUrl, clientId: need(mapping.sfClientId, 'client ID') };
  let credentials: SalesforceCredentials;
  switch (mapping.authFlow) {
    case 'username_password':
      credentials = { ...base, flow: 'password', clientSecret: need(secrets.sfClientSecret, 'client secret'), username: need(mapping.sfUsername, 'admin username'), password: need(secrets.sfPassword, 'password') };
      break;
    case 'authorization_code':
      credentials = { ...base, flow: 'web_server', refreshToken: need(secrets.sfRefreshToken, 'refresh token (authorise the hub with "Connect to Salesforce")'), ...(secrets.sfClientSecret ? { clientSecret: secrets.sfClientSecret } : {}) };
      break;
    case 'client_credentials':
      credentials = { ...base, flow: 'client_credentials', clientSecret: need(secrets.sfClientSecret, 'client secret') };
      break;
    case 'jwt_bearer':
      credentials = { ...base, flow: 'jwt_bearer', username: need(mapping.sfUsername, 'admin username'), privateKeyPem: need(secrets.sfPrivateKey, 'private key') };
      break;
  }
  return missing.length === 0 ? { credentials, missing } : { missing };
}
