import { formatDateTime } from '../soql/execute.ts';
import type { OrgState } from '../org-state.ts';
import type { World } from '../world.ts';
import type { Session } from './sessions.ts';

function urls(world: World, org: OrgState, userId: string): Record<string, string> {
  const inst = world.instanceUrl(org);
  return {
    enterprise: `${inst}/services/Soap/c/{version}/${org.id15}`,
    metadata: `${inst}/services/Soap/m/{version}/${org.id15}`,
    partner: `${inst}/services/Soap/u/{version}/${org.id15}`,
    rest: `${inst}/services/data/v{version}/`,
    sobjects: `${inst}/services/data/v{version}/sobjects/`,
    search: `${inst}/services/data/v{version}/search/`,
    query: `${inst}/services/data/v{version}/query/`,
    recent: `${inst}/services/data/v{version}/recent/`,
    tooling_soap: `${inst}/services/Soap/T/{version}/${org.id15}`,
    tooling_rest: `${inst}/services/data/v{version}/tooling/`,
    profile: `${inst}/${userId}`,
    users: `${inst}/services/data/v{version}/chatter/users`,
    custom_domain: inst,
  };
}

/** GET <login host>/id/<orgId>/<userId>: the identity service's JSON for the token's user. */
export function identityBody(world: World, org: OrgState, session: Session): Record<string, unknown> {
  const user = org.byId('User', session.userId) ?? {};
  const id = `${session.loginBase}/id/${org.id}/${session.userId}`;
  return {
    id,
    asserted_user: true,
    user_id: session.userId,
    organization_id: org.id,
    username: user.Username,
    nick_name: String(user.Username).split('@')[0],
    display_name: user.Name,
    email: user.Email,
    email_verified: true,
    first_name: user.FirstName,
    last_name: user.LastName,
    timezone: user.TimeZoneSidKey,
    photos: { picture: `${world.instanceUrl(org)}/profilephoto/005/F`, thumbnail: `${world.instanceUrl(org)}/profilephoto/005/T` },
    addr_street: null, addr_city: null, addr_state: null, addr_country: null, addr_zip: null,
    mobile_phone: null, mobile_phone_verified: false, is_lightning_login_user: false,
    status: { created_date: null, body: null },
    urls: urls(world, org, session.userId),
    active: user.IsActive === true,
    user_type: 'STANDARD',
    language: user.LanguageLocaleKey,
    locale: 'en_US',
    utcOffset: -28800000,
    last_modified_date: typeof user.LastModifiedDate === 'number' ? formatDateTime(user.LastModifiedDate) : null,
    is_app_installed: true,
  };
}

/** GET /services/oauth2/userinfo: the OpenID Connect view of the same user. */
export function userInfoBody(world: World, org: OrgState, session: Session): Record<string, unknown> {
  const user = org.byId('User', session.userId) ?? {};
  return {
    sub: `${session.loginBase}/id/${org.id}/${session.userId}`,
    user_id: session.userId,
    organization_id: org.id,
    preferred_username: user.Username,
    nickname: String(user.Username).split('@')[0],
    name: user.Name,
    email: user.Email,
    email_verified: true,
    given_name: user.FirstName,
    family_name: user.LastName,
    zoneinfo: user.TimeZoneSidKey,
    profile: `${world.instanceUrl(org)}/${session.userId}`,
    urls: urls(world, org, session.userId),
    active: user.IsActive === true,
    user_type: 'STANDARD',
    language: user.LanguageLocaleKey,
    locale: 'en_US',
    utcOffset: -28800000,
    updated_at: typeof user.LastModifiedDate === 'number' ? new Date(user.LastModifiedDate).toISOString().replace(/\.\d{3}Z$/, 'Z') : null,
    is_app_installed: true,
  };
}
