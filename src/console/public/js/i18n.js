/* global localStorage, document */
// English and Japanese. The Japanese uses the brief's own terms (テナント, アダプター, アカウントマッピング,
// プレゼンスルール, パブリッシャー状態, サブスクライバー状態, 以前の状態, 利用不可コード, ...).

const STORAGE_KEY = 'psync.lang';

const en = {
  appName: 'Presence Sync console', skip: 'Skip to content', loading: 'Loading…', on: 'On', off: 'Off', yes: 'Yes', no: 'No', none: 'None', cancel: 'Cancel', next: 'Next', back: 'Back', save: 'Save', remove: 'Remove', edit: 'Edit', close: 'Close', confirm: 'Confirm', search: 'Search', refresh: 'Refresh',
  language: 'Language', tenant: 'Tenant', signOut: 'Sign out', signedInAs: 'Signed in as {name}', pages: 'Pages',
  secondsAgo: '{n} s ago', minutesAgo: '{n} min ago', page: 'Page {page} of {pages}', previousPage: 'Previous page', nextPage: 'Next page', showing: '{from}–{to} of {total}',
  // login
  loginTitle: 'Sign in', username: 'Username', password: 'Password', signIn: 'Sign in', loginHelp: 'The first administrator is created with "presence-sync admin create".',
  // nav
  navAdapters: 'Adapters', navMapping: 'Account Mapping', navPresence: 'Presence Sync', navAgents: 'Agents', navAudit: 'Audit', navDryRun: 'Dry run',
  noTenant: 'There is no tenant yet.', chooseTenant: 'Choose a tenant first (top right).', forbidden: 'You do not have the permission {permission}; ask a User Admin.',
  // adapters
  adaptersTitle: 'Adapters', adaptersIntro: 'Enable Salesforce for the tenant first, then Salesforce Presence Sync. Presence Sync cannot be on while the adapter is off.',
  salesforceAdapter: 'Salesforce adapter', presenceSync: 'Salesforce Presence Sync', needsAdapter: 'Switch the Salesforce adapter on first.',
  switchesSaved: 'Switches of {tenant} saved.', tenantsTitle: 'Tenants', tenantId: 'Tenant ID', tenantName: 'Name', addTenant: 'Add tenant', tenantAdded: 'Tenant {id} added.', tenantIdHelp: 'The CXone tenant id, or any stable id of your choosing.',
  prereqTitle: 'Prerequisites', prereqIntro: 'Each agent must: use Salesforce Agent Lightning (console app with Omni-Channel); have the Agent permission set (Salesforce Setup → Permission Sets); and have the NiCE Agent for Salesforce licence (Setup → Installed Packages). An agent failing any of these is not synced.',
  checkPrereq: 'Check prerequisites', prereqAllOk: 'All {n} Salesforce users meet the prerequisites.', prereqFailing: '{failing} of {n} Salesforce users fail a prerequisite and are not synced.', sfUser: 'Salesforce user', agent: 'Agent', checks: 'Checks', prereqNeedsMapping: 'The prerequisites are read through the saved account mapping: create one under Account Mapping first.',
  // mapping
  mappingTitle: 'Account Mapping', mappingIntro: 'Connect the CXone tenant to a Salesforce org: choose the access key user, the platform version, create the Salesforce environment, Map and register, then select it and save.', mapAccount: 'Map account', environments: 'Salesforce environments',
  envName: 'Salesforce environment', orgId: 'Organization ID', platform: 'Platform version', status: 'Status', adminUser: 'Admin username', detail: 'Detail', noMappings: 'No Salesforce environment is mapped yet.',
  statusDraft: 'registered, not saved', statusVerified: 'in use', statusFailed: 'failed', statusDisabled: 'replaced',
  step1: '1. Access key user', step2: '2. Platform version', step3: '3. Salesforce environment', step4: '4. Select and save',
  accessKeyUser: 'Access key user', accessKeyUserHelp: 'The CXone user whose access key the hub uses for the CXone APIs.', accessKeyUserTyped: 'Access key user (CXone user id)',
  platformProduction: 'Salesforce production', platformSandbox: 'Salesforce sandbox', platformHyperforce: 'Hyperforce',
  platformHelp: 'Choose whether your Salesforce environment is production, a sandbox, or a Hyperforce environment.',
  envNameHelp: 'Give the Salesforce environment a name.',
  orgIdHelp: 'Salesforce: Setup → Company Information → Salesforce.com Organization ID. Usually 15 characters starting with "00D" (the 18-character form is accepted too).',
  loginUrl: 'Login URL (optional)', loginUrlHelp: 'Default: login.salesforce.com for production, test.salesforce.com for a sandbox. Hyperforce needs your My Domain URL (https://<domain>.my.salesforce.com).',
  sfUsernameHelp: 'The username of the Salesforce administrator account.', sfPasswordHelp: 'The password of the Salesforce administrator account.',
  tokenOption: 'Option 2: append the security token to the password', tokenOptionHelp: 'Only if your org uses option 2 of the setup (reset security token) instead of a login IP range. Example: password "xyz" and token "123" are sent as "xyz123".', securityToken: 'Security token',
  tokenPreview: 'Sent as the password followed by the token: {p} + {t} characters → {n} characters.',
  clientId: 'Client ID', clientIdHelp: 'The consumer key of the connected app you created in Salesforce.', clientSecret: 'Client secret', clientSecretHelp: 'The consumer secret of the connected app. Write-only: stored encrypted and never shown again.',
  adminEmail: 'E-mail address', adminEmailHelp: 'The e-mail address of the Salesforce administrator account.',
  checkForm: 'Check the form', formOk: 'The form is complete.', mapAndRegister: 'Map and register', registering: 'Logging in to Salesforce…',
  registered: 'Map and register succeeded: reached "{name}" ({orgId}) at {url}.', sandboxNote: 'This org is a sandbox.', hyperforceNote: 'This org runs on Hyperforce.',
  selectEnv: 'Salesforce environment', selectEnvHelp: 'Select the same Salesforce environment you created in step 3.', saveMapping: 'Save', mappingSaved: 'Salesforce environment "{name}" is selected and saved; the tenant uses it now.', selectAndSave: 'Select and save', removeMapping: 'Remove', mappingRemoved: 'Salesforce environment removed.', confirmRemove: 'Remove "{name}" and its stored secrets?',
  required: 'Required.', orgIdInvalid: 'An organization ID has 15 or 18 letters and digits and starts with 00D.', emailInvalid: 'Type an e-mail address.', hyperforceNeedsUrl: 'A Hyperforce org is reached through its My Domain URL; type it.',
  // presence sync
  presenceTitle: 'Presence Sync', getUsers: 'Get CXone users', gotUsers: 'CXone users refreshed: {users} users, {teams} teams, {codes} unavailable codes changed.', readOrg: 'Read Salesforce statuses', orgRead: 'Salesforce org read again.',
  directoryCounts: '{users} CXone users, {teams} teams, {codes} unavailable codes, {statuses} presence statuses.',
  rulesTitle: 'Presence rules', createRule: 'Create rule', noRules: 'No presence rule yet.', ruleName: 'Rule name', version: 'Version', publisherStates: 'Publisher states', subscriberStates: 'Subscriber states', teams: 'Teams', users: 'Users', rows: '{n} rows',
  ruleEditor: 'Presence rule', newRule: 'New presence rule', skipValidation: 'Skip validation of unavailable codes',
  skipValidationHelp: 'Off: the rule can only be assigned to teams that have every unavailable code it uses. On: it can be assigned to any team; when an agent picks a state the rule does not cover, their CXone state becomes the system default unavailable state.',
  publisherHelp: 'ACD state → Salesforce status: whenever CXone shows the ACD state, Salesforce shows the status.', subscriberHelp: 'Salesforce status → ACD state: whenever Salesforce shows the status, CXone shows the ACD state. "Previous state" returns the agent to the CXone state they had before.',
  acdState: 'ACD state', sfState: 'Salesforce state', addRow: 'Add row', removeRow: 'Remove row {n}', noRows: 'No rows yet: add one.',
  importFromCxone: 'Import from CXone', importTitle: 'Import from CXone', importIntro: "Bring a rule over from CXone's built-in Presence Sync: read the tenant's rule from CXone, or take a JSON file in NICE's format. Nothing is saved until you confirm.",
  importSource: 'Source', importFromTenant: "The tenant's CXone (the org of the saved account mapping)", importFromFile: "A JSON file in NICE's format", importFile: 'JSON file', importChooseFile: 'Choose a JSON file.', importNotJson: 'The file is not JSON.',
  importPreview: 'Preview', importPreviewTitle: 'Preview', importRow: "NICE's row", importCxoneState: 'CXone state', importSalesforceState: 'Salesforce state', importOutcome: 'Becomes',
  importRowOk: 'row {n} of the rule', importRowRefused: 'Not imported:', importAllMapped: 'Every row can be carried over.', importUnmapped: '{n} row(s) cannot be carried over; the reason is in each row.',
  importChecks: 'Checks of the rule:', importSkipUnmapped: 'Save without the rows that cannot be carried over', importConfirm: 'Confirm and save', importSaved: 'Presence rule "{name}" imported from CXone. Now assign it to teams and users.',
  exportTitle: 'CXone', exportIntro: "This rule in the format of CXone's built-in Presence Sync: download it, or push it to CXone's adapter to return to the built-in sync.", exportFile: 'Export (JSON file)', pushToCxone: 'Push to CXone',
  confirmPush: 'Write rule "{name}" to CXone\'s Presence Sync adapter, replacing the rule CXone holds?', pushed: "Pushed to CXone's Presence Sync adapter (account {account}).",
  create: 'Create', saveRule: 'Save', ruleCreated: 'Presence rule "{name}" created. Now assign it to teams and users.', ruleSaved: 'Presence rule "{name}" saved (version {version}); it applies now.',
  problemsBeforeSave: 'Fix these before saving:', warnings: 'Warnings (the rule can still be saved):', ruleValid: 'The rule is valid.',
  teamsTab: 'Teams', usersTab: 'Users', addTeam: 'Add team', addUser: 'Add user', noTeamsAssigned: 'No team follows this rule yet.', noUsersAssigned: 'No individual user follows this rule yet.', pickTeams: 'Choose teams', pickUsers: 'Choose users', searchUsers: 'Search users', lacksCodes: 'lacks codes: {codes}', followsRule: 'follows "{name}"',
  takeOver: 'Move teams and users that follow another rule to this one', assignmentsSaved: 'Assignments saved: {teams} teams, {users} users.', saveAssignments: 'Save', unsavedAssignments: 'Unsaved changes: press Save.', deleteRule: 'Delete rule', confirmDeleteRule: 'Delete the presence rule "{name}"? Its teams and users stop being synced by it.', ruleDeleted: 'Presence rule deleted.',
  acdAvailable: 'Available', acdLoggedOut: 'Logged out', acdDefaultUnavailable: 'System default unavailable state', acdUnavailable: 'Unavailable: {code}', acdWorking: 'Working: {activity}', acdPrevious: 'Previous state', sfOffline: 'Offline', unknownStatus: 'Unknown status {id}', online: 'Online', busy: 'Busy',
  workInboundContact: 'inbound contact', workOutboundContact: 'outbound contact', workInboundConsult: 'inbound consult', workOutboundConsult: 'outbound consult', workDialer: 'dialer',
  noStatuses: 'The hub knows no Salesforce presence statuses yet: save an account mapping, then "Read Salesforce statuses".', noDirectory: 'The hub has no CXone users yet: press "Get CXone users".',
  // agents
  agentsTitle: 'Agents', agentsIntro: 'Each CXone agent with their CXone state and Omni-Channel status side by side. Updates every second. Last sync is the hub’s last decision about the agent; latency is the time from the change at its source to that decision.', cxoneState: 'CXone state', omniStatus: 'Omni-Channel status', lastSync: 'Last sync', latency: 'Latency', consoleConn: 'Console', problems: 'Problems', link: 'Salesforce user',
  problemsOnly: 'Only agents with problems', searchAgents: 'Search agents', noAgents: 'No agents match.', noAgentsYet: 'No agents yet: run "Get CXone users" under Presence Sync.', connected: 'connected', disconnected: 'not connected', unknown: 'unknown', notLinked: 'not linked', whyState: 'Why?', live: 'Live', paused: 'Paused', pause: 'Pause updates', resume: 'Resume updates', updatedAt: 'Updated {time}', notSeen: 'not seen yet',
  noProblems: 'None', probKind_prerequisite: 'Prerequisite', probKind_link: 'Link', probKind_cxone: 'CXone user', probKind_switches: 'Switches', probKind_other: 'Problem',
  prob_PSYNC_PREREQ_NO_AGENT_PERMISSION_SET: 'Agent permission set missing', prob_PSYNC_PREREQ_NO_STATUS_ACCESS: 'No presence status access', prob_PSYNC_PREREQ_NO_PACKAGE_LICENCE: 'No package licence', prob_PSYNC_PREREQ_PACKAGE_NOT_INSTALLED: 'Package not installed', prob_PSYNC_PREREQ_PACKAGE_LICENCE_EXPIRED: 'Package licence expired', prob_PSYNC_PREREQ_NO_LIGHTNING: 'Not on Lightning', prob_PSYNC_PREREQ_NO_SERVICE_CLOUD_USER: 'No Service Cloud User licence', prob_PSYNC_PREREQ_USER_INACTIVE: 'Salesforce user inactive',
  prob_PSYNC_AGENT_NOT_LINKED: 'Not linked to a Salesforce user', prob_PSYNC_SF_USER_UNKNOWN: 'Linked Salesforce user unknown', prob_PSYNC_SF_USER_INACTIVE: 'Linked Salesforce user inactive', prob_PSYNC_AGENT_UNKNOWN: 'CXone user unknown', prob_PSYNC_AGENT_INACTIVE: 'CXone user inactive', prob_PSYNC_PRESENCE_SYNC_OFF: 'Presence Sync is off',
  // audit
  auditTitle: 'Audit', auditIntro: 'Every decision of the sync, every write and every administrator action, newest first.', agentId: 'Agent ID', from: 'From', to: 'To', kind: 'Kind', anyKind: 'Any', kindDecision: 'decision', kindDispatch: 'dispatch', kindAdmin: 'admin', apply: 'Apply', when: 'When', outcome: 'Outcome', explanation: 'Explanation', rule: 'Rule', noEntries: 'No audit entries match.', more: 'Show older entries',
  explainTitle: 'Why is {name} in this state?', explainButton: 'Why is this agent in this state?', recent: 'Recent decisions',
  // dry run
  dryRunTitle: 'Dry run', dryRunIntro: 'If agent X went to state S on side Y, what would happen and why? Answered from the current rules, without touching CXone, Salesforce or the hub’s data.', side: 'Side', sideCxone: 'CXone (ACD state)', sideSalesforce: 'Salesforce (Omni-Channel status)', newState: 'New state', run: 'Run', wouldWrite: 'The hub would set {side} to {label}.', wouldNotWrite: 'The hub would change nothing on the other side.', blockers: 'Blockers', reason: 'Reason',
  // users and tokens
  navUsers: 'Users and tokens', usersTitle: 'Users and tokens', usersIntro: 'Console users sign in with a password; API tokens are for automation. Each permission allows exactly what its name says.', consoleUsers: 'Console users', permissionsCol: 'Permissions',
  userDisabled: 'disabled', userLocked: 'locked until {until}', userActive: 'active', unlock: 'Unlock', userUnlocked: '{name} is unlocked.', enable: 'Enable', disable: 'Disable', userEnabledMsg: '{name} is enabled.', userDisabledMsg: '{name} is disabled.', confirmRemoveUser: 'Remove the console user {name}?', userRemoved: '{name} is removed.',
  displayName: 'Display name', usernameHelp: '3 to 64 letters, digits and . _ @ -.', passwordHelp: 'At least 12 characters.', addConsoleUser: 'Add console user', userAdded: 'Console user {name} added.',
  apiTokens: 'API tokens', noTokens: 'No API token yet.', tokenName: 'Token name', tokenNameHelp: 'Name it after what uses it.', lastUsed: 'Last used', tokenRevoked: 'revoked', tokenExpires: 'expires {at}', revoke: 'Revoke', tokenRevokedMsg: 'Token "{name}" is revoked.', createToken: 'Create API token', tokenValue: 'New API token', tokenShownOnce: 'Copy the token now: it is shown only once (the hub keeps only its hash). Send it as "Authorization: Bearer <token>".',
  perm_adapter_admin: 'Adapter Admin', perm_account_mapping_create: 'Account Mapping Create', perm_account_mapping_edit: 'Account Mapping Edit', perm_account_mapping_view: 'Account Mapping View', perm_rule_create: 'Rule Create', perm_rule_edit: 'Rule Edit', perm_rule_assign: 'Rule Assign', perm_rule_view: 'Rule View', perm_audit_view: 'Audit View', perm_user_admin: 'User Admin', perm_health_view: 'Health View', perm_alert_admin: 'Alert Admin',
  // agent link and provisioning
  linkTitle: 'Salesforce user link', linkedTo: 'Linked to {user} (matched by {by}).', notLinkedYet: 'This agent is not linked to a Salesforce user, so they are not synced.', sfUserId: 'Salesforce user ID', sfUserIdHelp: 'The 15- or 18-character ID of the Salesforce user (it starts with 005): Setup → Users → the user → the ID in the page address.', linkByHand: 'Link by hand', unlink: 'Remove link', linkSaved: 'Linked to {user}.', linkRemoved: 'Link removed.',
  provisionTitle: 'Create missing presence statuses', provisionIntro: 'The hub can create a presence status in Salesforce and grant profiles access to it, instead of clicking through Setup. Existing statuses are left as they are.', statusName: 'Status name', statusNameHelp: 'For example "Available for Chats"; the developer name is generated by replacing spaces with _ ("Available_for_Chats").', statusOption: 'Status option', channelsField: 'Service channels', channelsHelp: 'Developer names of the service channels, separated by commas (an Online status needs at least one).', profilesField: 'Profiles', profilesHelp: 'Profiles to grant access to the status, separated by commas (Enabled Service Presence Status Access).', provision: 'Create in Salesforce', developerName: 'Developer name: {name}',
  versionsTitle: 'Versions ({n})', byWhom: 'By', removeTenant: 'Remove tenant', confirmRemoveTenant: 'Remove the tenant "{name}" and everything it owns (account mappings, rules, links)? Its audit stays until pruned.', tenantRemoved: 'Tenant "{name}" removed.',
  editMapping: 'Edit', editMappingTitle: 'Edit Salesforce environment "{name}"', keepSecret: 'Leave empty to keep the stored value.', mappingUpdated: 'Salesforce environment "{name}" changed; Map and register succeeded.', nothingChanged: 'Nothing changed.',
  // account mapping: OAuth flows, Connect to Salesforce, CXone application
  flow: 'Salesforce login (OAuth flow)', flowHelp: 'How the hub logs in to Salesforce as its integration user. The connected app’s settings depend on it: see docs/salesforce-setup.md, section 4 “Choose an OAuth flow”.',
  flow_username_password: 'Username and password (the brief’s flow)', flowHelp_username_password: 'Choose it only if your org already uses it: Salesforce is retiring this flow (blocked by default in orgs created since Summer ’23; no new connected apps since Spring ’26).',
  flow_client_credentials: 'Client credentials (recommended)', flowHelp_client_credentials: 'A server with no person involved: the hub logs in as the connected app’s Run As user. Needs “Enable Client Credentials Flow” on the app and your My Domain URL as the login URL.',
  flow_jwt_bearer: 'JWT bearer (recommended)', flowHelp_jwt_bearer: 'No shared secret: the hub signs with its private key. Upload the matching certificate to the app (“Use digital signatures”) and pre-authorise the integration user.',
  flow_authorization_code: 'Web server: Connect to Salesforce', flowHelp_authorization_code: 'An administrator authorises the hub once in the browser, and the hub keeps a refresh token. The app needs the scope “refresh_token, offline_access” and the callback URL shown below.',
  flowColumn: 'Login', flowShort_username_password: 'username-password', flowShort_client_credentials: 'client credentials', flowShort_jwt_bearer: 'JWT bearer', flowShort_authorization_code: 'web server',
  privateKey: 'Private key', privateKeyHelp: 'The RSA private key in PKCS#8 PEM (“-----BEGIN PRIVATE KEY-----”) whose certificate is uploaded to the connected app. Write-only: stored encrypted and never shown again.',
  jwtUsernameHelp: 'The username of the integration user the hub logs in as (pre-authorised on the connected app).',
  clientSecretOptionalHelp: 'The consumer secret, if the app requires it for the web-server flow (“Require Secret for Web Server Flow”). Write-only: stored encrypted and never shown again.',
  myDomainHelp: 'The client credentials flow logs in at your My Domain URL (https://<domain>.my.salesforce.com, Setup → My Domain).', myDomainNeeded: 'Type your My Domain URL: the client credentials flow logs in there.',
  callbackUrl: 'Callback URL', callbackUrlHelp: 'Set the connected app’s Callback URL to exactly this address.', newFlowSecrets: 'Changing the flow: type this flow’s secrets (the previous flow’s are removed).',
  saveAndConnect: 'Save and connect to Salesforce', connectSf: 'Connect to Salesforce', connectSfAgain: 'Connect again', connecting: 'Opening Salesforce’s login page…', statusNotConnected: 'not connected',
  connectedOk: 'Connected to Salesforce: “{name}” is registered. Select and save it to use it.', connectedAgain: 'Connected to Salesforce again: “{name}”.',
  connectFailed: '“Connect to Salesforce” did not complete ({code}).', connectTryAgain: 'Start “Connect to Salesforce” again from the list.',
  connectReason_PSYNC_SF_CONNECT_STATE_UNKNOWN: 'The hub did not start this connection (the link was forged or damaged). Start it again from the list.',
  connectReason_PSYNC_SF_CONNECT_STATE_EXPIRED: 'More than ten minutes passed on Salesforce’s page. Start it again.',
  connectReason_PSYNC_SF_CONNECT_STATE_USED: 'This return from Salesforce was used already (a reload or the back button). The first one counts.',
  connectReason_PSYNC_SF_CONNECT_OTHER_BROWSER: 'The connection was started in another browser, or replaced by a newer one. Start it again and finish it in this browser.',
  connectReason_PSYNC_SF_CONNECT_SESSION_ENDED: 'You were signed out while on Salesforce’s page. Sign in and start again.',
  connectReason_PSYNC_SF_CONNECT_STALE: 'The environment was changed or removed meanwhile. Start again.',
  connectReason_PSYNC_SF_CONNECT_DENIED: 'Salesforce did not authorise the hub. Log in as the integration user and press “Allow”.',
  cxoneSection: 'CXone application', cxoneSectionHelp: 'The application NICE registered for you (client ID and secret) and the access key of the access key user: the hub needs all four to reach CXone. Where to find them: docs/cxone-setup.md. You may leave the section empty and add it later; the sync needs it.',
  cxoneClientId: 'CXone application client ID', cxoneClientIdHelp: 'Sent by NICE when the back-end application was registered (cxone-setup.md, section 1).',
  cxoneClientSecret: 'CXone application client secret', cxoneClientSecretHelp: 'Sent by NICE with the client ID. Write-only: stored encrypted and never shown again.',
  cxoneAccessKeyId: 'Access key ID', cxoneAccessKeyIdHelp: 'The access key of the access key user chosen in step 1 (My Profile → Access Keys; cxone-setup.md, section 2).',
  cxoneAccessKeySecret: 'Access key secret', cxoneAccessKeySecretHelp: 'CXone shows it once, when the key is generated. Write-only: stored encrypted and never shown again.',
  cxoneIssuer: 'CXone issuer (optional)', cxoneIssuerHelp: 'Empty: the commercial cloud (https://cxone.niceincontact.com). FedRAMP: https://cxone-gov.niceincontact.com (cxone-setup.md, section 5).',
  cxoneTenantId: 'CXone tenant ID (optional)', cxoneTenantIdHelp: 'When given, an access key of another CXone tenant is refused. Empty: read from the token.',
  checkCxone: 'Check CXone connection', checkingCxone: 'Signing in to CXone…', cxoneOk: 'CXone accepted the application and the access key: tenant {tenant}, APIs at {endpoint}.', cxoneNotGiven: 'No CXone application yet: add it (Edit) before switching on the sync.',
  cxoneAllFour: 'Required: the hub signs in to CXone with all four (client ID and secret, access key ID and secret).', mappingUpdatedConnect: 'Salesforce environment “{name}” changed; connect it to Salesforce (Connect to Salesforce in the list).',
  // health
  navHealth: 'Health', healthTitle: 'Health', healthIntro: 'What the hub has found wrong with this tenant, checked continuously: credentials on both sides, rules naming statuses or codes that are gone, agents failing prerequisites or working without their console, agents out of sync, writes given up, a CXone feed behind, rate limiting. Open problems first, then their history.',
  healthOk: 'No problem found.', healthProblems: '{n} open problems, {critical} of them critical.', lastChecked: 'Last checked {time}.', neverChecked: 'Not checked yet.', openProblems: 'Open problems', noOpenProblems: 'No open problem.', historyTitle: 'History', noHistory: 'No problem has cleared yet.',
  sevCritical: 'Critical', sevWarning: 'Warning', whatToDo: 'What to do:', since: 'Since', code: 'Code', affectedAgents: 'Agents ({n})', affectedRules: 'Rules ({n})', andMore: 'and {n} more', minutesShort: '{n} min', hoursShort: '{n} h',
  col_problem: 'Problem', col_severity: 'Severity', col_opened: 'Opened', col_cleared: 'Cleared', col_duration: 'Lasted', col_event: 'Event', healthBadge: '{n} critical problems',
  alertsTitle: 'Alerts', alertsIntro: 'Where the hub announces a problem when it opens and when it clears: Slack, Microsoft Teams, a signed webhook, or e-mail. URLs, signing secrets and SMTP passwords are stored encrypted and never shown again.', noChannels: 'No alert channel yet.',
  channelName: 'Name', channelKind: 'Kind', target: 'Sent to', channelScope: 'Problems', channelEnabled: 'Send alerts on this channel', sevAll: 'all problems', sevCriticalOnly: 'critical only',
  kind_slack: 'Slack', kind_teams: 'Microsoft Teams', kind_webhook: 'Signed webhook', kind_email: 'E-mail',
  sendTest: 'Send test alert', testSent: 'Test alert sent through "{name}".', addChannel: 'Add alert channel', editChannel: 'Edit alert channel "{name}"', channelSaved: 'Alert channel "{name}" saved.', channelRemoved: 'Alert channel "{name}" removed.', confirmRemoveChannel: 'Remove the alert channel "{name}"?',
  webhookUrl: 'Webhook URL', webhookUrlHelp: 'Slack: an incoming webhook (https://hooks.slack.com/services/…). Teams: the URL of a Workflows “When a Teams webhook request is received” flow. Signed webhook: your receiver.', signingSecret: 'Signing secret', signingSecretHelp: 'The key of the HMAC-SHA256 signature (docs/operations.md). Leave empty and the hub makes one.', signingSecretMade: 'The hub made this signing secret; copy it now, it is shown only once:',
  smtpHost: 'SMTP server', smtpPort: 'Port', smtpSecurity: 'Security', smtp_starttls: 'STARTTLS (usually 587)', smtp_tls: 'TLS (usually 465)', smtp_none: 'None (a relay on a trusted network)', smtpUser: 'User (optional)', smtpPassword: 'Password', smtpFrom: 'Sender address', smtpTo: 'Recipients', smtpToHelp: 'E-mail addresses, separated by commas.',
  expiryTitle: 'Salesforce credential expiry', expiryIntro: 'The hub warns before the Salesforce login expires, once it knows when: the end date of the certificate of the JWT bearer flow, or the refresh token policy of the connected app (web server flow).', noExpiry: 'No expiry date recorded.', expirySaved: 'Expiry date recorded.', cred_jwt_certificate: 'JWT certificate', cred_refresh_token: 'Refresh token', certificateHelp: 'Paste the certificate (PEM) uploaded to the connected app; it must match the private key of the account mapping.', recordCertificate: 'Record the certificate', refreshTokenDays: 'Refresh token valid for (days)', refreshTokenDaysHelp: 'The connected app’s “Expire refresh token after” policy; counted from the last “Connect to Salesforce”.', recordRefreshToken: 'Record the policy',
  deliveriesTitle: 'Latest deliveries', noDeliveries: 'Nothing sent yet.', event_opened: 'Opened', event_cleared: 'Cleared', event_test: 'Test', delivery_pending: 'waiting', delivery_sent: 'sent', delivery_failed: 'given up',
};

const ja = {
  appName: 'Presence Sync コンソール', skip: 'コンテンツへスキップ', loading: '読み込み中…', on: 'オン', off: 'オフ', yes: 'はい', no: 'いいえ', none: 'なし', cancel: 'キャンセル', next: '次へ', back: '戻る', save: '保存', remove: '削除', edit: '編集', close: '閉じる', confirm: '確認', search: '検索', refresh: '更新',
  language: '言語', tenant: 'テナント', signOut: 'サインアウト', signedInAs: '{name} でサインイン中', pages: 'ページ',
  secondsAgo: '{n} 秒前', minutesAgo: '{n} 分前', page: '{page} / {pages} ページ', previousPage: '前のページ', nextPage: '次のページ', showing: '{total} 件中 {from}–{to}',
  loginTitle: 'サインイン', username: 'ユーザー名', password: 'パスワード', signIn: 'サインイン', loginHelp: '最初の管理者は「presence-sync admin create」で作成します。',
  navAdapters: 'アダプター', navMapping: 'アカウントマッピング', navPresence: 'Presence Sync', navAgents: 'エージェント', navAudit: '監査', navDryRun: 'ドライラン',
  noTenant: 'テナントがまだありません。', chooseTenant: '先にテナントを選択してください（右上）。', forbidden: '権限「{permission}」がありません。ユーザー管理者に依頼してください。',
  adaptersTitle: 'アダプター', adaptersIntro: 'まずテナントでSalesforceを有効にし、次にSalesforce Presence Syncを有効にします。アダプターがオフの間はPresence Syncをオンにできません。',
  salesforceAdapter: 'Salesforce アダプター', presenceSync: 'Salesforce Presence Sync', needsAdapter: '先にSalesforceアダプターをオンにしてください。',
  switchesSaved: '{tenant} のスイッチを保存しました。', tenantsTitle: 'テナント', tenantId: 'テナントID', tenantName: '名前', addTenant: 'テナントを追加', tenantAdded: 'テナント {id} を追加しました。', tenantIdHelp: 'CXoneのテナントID、または任意の安定したID。',
  prereqTitle: '前提条件', prereqIntro: '各エージェントは、Salesforce Agent Lightning（Omni-Channelのあるコンソールアプリ）を使用し、Agent権限セット（[設定] > [権限セット]）と NiCE Agent for Salesforce ライセンス（[設定] > [インストール済パッケージ]）が割り当てられている必要があります。満たさないエージェントは同期されません。',
  checkPrereq: '前提条件を確認', prereqAllOk: 'Salesforceユーザー {n} 人全員が前提条件を満たしています。', prereqFailing: 'Salesforceユーザー {n} 人中 {failing} 人が前提条件を満たさず、同期されません。', sfUser: 'Salesforceユーザー', agent: 'エージェント', checks: 'チェック', prereqNeedsMapping: '前提条件は保存済みのアカウントマッピング経由で読み取ります。先にアカウントマッピングを作成してください。',
  mappingTitle: 'アカウントマッピング', mappingIntro: 'CXoneテナントをSalesforce組織に接続します：アクセスキーのユーザー、プラットフォームバージョンを選択し、Salesforce環境を作成して「マップして登録」し、環境を選択して保存します。', mapAccount: 'アカウントをマップ', environments: 'Salesforce環境',
  envName: 'Salesforce環境', orgId: '組織ID', platform: 'Salesforceプラットフォームバージョン', status: '状態', adminUser: '管理者ユーザー名', detail: '詳細', noMappings: 'Salesforce環境はまだマップされていません。',
  statusDraft: '登録済み・未保存', statusVerified: '使用中', statusFailed: '失敗', statusDisabled: '置き換え済み',
  step1: '1. アクセスキーのユーザー', step2: '2. プラットフォームバージョン', step3: '3. Salesforce環境', step4: '4. 選択して保存',
  accessKeyUser: 'アクセスキーのユーザー', accessKeyUserHelp: 'アクセスキーを生成するユーザー（ハブがCXone APIに使用するCXoneユーザー）。', accessKeyUserTyped: 'アクセスキーのユーザー（CXoneユーザーID）',
  platformProduction: 'Salesforce本稼働環境', platformSandbox: 'Salesforceサンドボックス', platformHyperforce: 'Hyperforce環境',
  platformHelp: 'お使いのSalesforce環境が、Salesforce本稼働環境、Salesforceサンドボックス、Hyperforce環境のどれであるかを選択します。',
  envNameHelp: 'Salesforce環境に名前を付けます。',
  orgIdHelp: 'Salesforce.comの組織ID。Salesforceの [設定] > [設定] > [会社情報] > [Salesforce.com Organization ID] にあります。一般的に「00D」で始まる15文字のIDです（18文字の形式も使用できます）。',
  loginUrl: 'ログインURL（任意）', loginUrlHelp: '既定：本稼働環境は login.salesforce.com、サンドボックスは test.salesforce.com。Hyperforce環境では私のドメインのURL（https://<ドメイン>.my.salesforce.com）が必要です。',
  sfUsernameHelp: 'Salesforce管理者アカウントのユーザー名。', sfPasswordHelp: 'Salesforce管理者アカウントのパスワード。',
  tokenOption: 'オプション2：パスワードにセキュリティトークンを追加する', tokenOptionHelp: 'IPレンジを追加する代わりにセキュリティトークンをリセットした場合のみ。例：パスワードが「xyz」、セキュリティトークンが「123」の場合、「xyz123」として送信します。', securityToken: 'セキュリティトークン',
  tokenPreview: 'パスワードの後にトークンを付けて送信します：{p} 文字 + {t} 文字 → {n} 文字。',
  clientId: 'クライアントID', clientIdHelp: '前のセクションでSalesforceに作成した接続済アプリのコンシューマーキー。', clientSecret: 'クライアントシークレット', clientSecretHelp: '接続済アプリのコンシューマーシークレット。書き込み専用：暗号化して保存し、二度と表示しません。',
  adminEmail: 'Eメールアドレス', adminEmailHelp: 'Salesforce管理者アカウントに関連付けられているEメールアドレス。',
  checkForm: '入力を確認', formOk: '入力に問題はありません。', mapAndRegister: 'マップして登録', registering: 'Salesforceにログインしています…',
  registered: 'マップして登録に成功しました：「{name}」（{orgId}、{url}）に接続しました。', sandboxNote: 'この組織はサンドボックスです。', hyperforceNote: 'この組織はHyperforce上にあります。',
  selectEnv: 'Salesforce環境', selectEnvHelp: 'ステップ3で作成したのと同じSalesforce環境を選択します。', saveMapping: '保存', mappingSaved: 'Salesforce環境「{name}」を選択して保存しました。テナントは今からこの環境を使用します。', selectAndSave: '選択して保存', removeMapping: '削除', mappingRemoved: 'Salesforce環境を削除しました。', confirmRemove: '「{name}」と保存済みのシークレットを削除しますか？',
  required: '必須です。', orgIdInvalid: '組織IDは「00D」で始まる15文字または18文字の英数字です。', emailInvalid: 'Eメールアドレスを入力してください。', hyperforceNeedsUrl: 'Hyperforce環境には私のドメインのURLでアクセスします。入力してください。',
  presenceTitle: 'Presence Sync', getUsers: 'CXone Mpowerユーザーを取得', gotUsers: 'CXoneユーザーを更新しました：ユーザー {users}、チーム {teams}、利用不可コード {codes} 件の変更。', readOrg: 'Salesforceのステータスを読み込む', orgRead: 'Salesforce組織を再読み込みしました。',
  directoryCounts: 'CXoneユーザー {users} 人、チーム {teams}、利用不可コード {codes}、プレゼンスステータス {statuses}。',
  rulesTitle: 'プレゼンスルール', createRule: 'ルール作成', noRules: 'プレゼンスルールはまだありません。', ruleName: 'ルール名', version: 'バージョン', publisherStates: 'パブリッシャー状態', subscriberStates: 'サブスクライバー状態', teams: 'チーム', users: 'ユーザー', rows: '{n} 行',
  ruleEditor: 'プレゼンスルール', newRule: '新しいプレゼンスルール', skipValidation: '使用できないコードのスキップ検証',
  skipValidationHelp: 'オフ：ルールが使用するすべての利用不可コードを持つチームにのみ割り当てられます。オン：任意のチームに割り当てられます。エージェントがルールにない状態を選択すると、CXone Mpowerの状態がシステムデフォルトの利用不可状態に変わります。',
  publisherHelp: 'ACD状態 → Salesforce状態：CXoneがそのACD状態を表示するたびに、Salesforceはそのステータスを表示します。', subscriberHelp: 'Salesforce状態 → ACD状態：Salesforceがそのステータスを表示するたびに、CXoneはそのACD状態を表示します。「以前の状態」を選ぶと、エージェントは以前に置かれていた状態に戻ります。',
  acdState: 'ACD状態', sfState: 'Salesforce状態', addRow: '行を追加', removeRow: '{n} 行目を削除', noRows: '行がありません。追加してください。',
  importFromCxone: 'CXone からインポート', importTitle: 'CXone からインポート', importIntro: 'CXone の組み込みプレゼンス同期のルールを取り込みます。テナントの CXone から読み込むか、NICE の形式の JSON ファイルを使います。確認するまで何も保存されません。',
  importSource: '取り込み元', importFromTenant: 'テナントの CXone（保存済みアカウントマッピングの組織）', importFromFile: 'NICE の形式の JSON ファイル', importFile: 'JSON ファイル', importChooseFile: 'JSON ファイルを選択してください。', importNotJson: 'ファイルが JSON ではありません。',
  importPreview: 'プレビュー', importPreviewTitle: 'プレビュー', importRow: 'NICE の行', importCxoneState: 'CXone の状態', importSalesforceState: 'Salesforce の状態', importOutcome: '変換後',
  importRowOk: 'ルールの {n} 行目', importRowRefused: '取り込めません:', importAllMapped: 'すべての行を取り込めます。', importUnmapped: '{n} 行を取り込めません。理由は各行にあります。',
  importChecks: 'ルールの検証:', importSkipUnmapped: '取り込めない行を除いて保存する', importConfirm: '確認して保存', importSaved: 'プレゼンスルール「{name}」を CXone からインポートしました。チームとユーザーに割り当ててください。',
  exportTitle: 'CXone', exportIntro: 'CXone の組み込みプレゼンス同期の形式のこのルール: ダウンロードするか、CXone のアダプターにプッシュして組み込みの同期に戻ります。', exportFile: 'エクスポート（JSON ファイル）', pushToCxone: 'CXone にプッシュ',
  confirmPush: 'ルール「{name}」を CXone のプレゼンス同期アダプターに書き込み、CXone のルールを置き換えますか？', pushed: 'CXone のプレゼンス同期アダプターにプッシュしました（アカウント {account}）。',
  create: '作成', saveRule: '保存', ruleCreated: 'プレゼンスルール「{name}」を作成しました。チームとユーザーに割り当ててください。', ruleSaved: 'プレゼンスルール「{name}」を保存しました（バージョン {version}）。今から適用されます。',
  problemsBeforeSave: '保存する前に次を修正してください：', warnings: '警告（保存はできます）：', ruleValid: 'ルールは有効です。',
  teamsTab: 'チーム', usersTab: 'ユーザー', addTeam: 'チームを追加', addUser: 'ユーザーを追加', noTeamsAssigned: 'このルールに従うチームはまだありません。', noUsersAssigned: 'このルールに従う個別ユーザーはまだいません。', pickTeams: 'チームを選択', pickUsers: 'ユーザーを選択', searchUsers: 'ユーザーを検索', lacksCodes: '不足している利用不可コード：{codes}', followsRule: '「{name}」に従っています',
  takeOver: '他のルールに従っているチームとユーザーをこのルールに移す', assignmentsSaved: '割り当てを保存しました：チーム {teams}、ユーザー {users}。', saveAssignments: '保存', unsavedAssignments: '未保存の変更があります。[保存]をクリックしてください。', deleteRule: 'ルールを削除', confirmDeleteRule: 'プレゼンスルール「{name}」を削除しますか？そのチームとユーザーはこのルールで同期されなくなります。', ruleDeleted: 'プレゼンスルールを削除しました。',
  acdAvailable: '対応可能', acdLoggedOut: 'ログアウト', acdDefaultUnavailable: 'システムデフォルトの利用不可状態', acdUnavailable: '利用不可：{code}', acdWorking: '処理中：{activity}', acdPrevious: '以前の状態', sfOffline: 'オフライン', unknownStatus: '不明なステータス {id}', online: 'オンライン', busy: '取り込み中',
  workInboundContact: '着信コンタクト', workOutboundContact: '発信コンタクト', workInboundConsult: '着信コンサルト', workOutboundConsult: '発信コンサルト', workDialer: 'ダイヤラー',
  noStatuses: 'ハブはSalesforceのプレゼンスステータスをまだ知りません。アカウントマッピングを保存し、「Salesforceのステータスを読み込む」をクリックしてください。', noDirectory: 'CXoneユーザーがまだありません。「CXone Mpowerユーザーを取得」をクリックしてください。',
  agentsTitle: 'エージェント', agentsIntro: '各CXoneエージェントのACD状態とOmni-Channelステータスを並べて表示します。毎秒更新されます。最終同期はハブがそのエージェントについて最後に行った判断、遅延は発生元での変更からその判断までの時間です。', cxoneState: 'CXone状態', omniStatus: 'Omni-Channelステータス', lastSync: '最終同期', latency: '遅延', consoleConn: 'コンソール', problems: '問題', link: 'Salesforceユーザー',
  problemsOnly: '問題のあるエージェントのみ', searchAgents: 'エージェントを検索', noAgents: '該当するエージェントはいません。', noAgentsYet: 'エージェントはまだいません。Presence Syncで「CXone Mpowerユーザーを取得」を実行してください。', connected: '接続中', disconnected: '未接続', unknown: '不明', notLinked: '未リンク', whyState: '理由', live: 'ライブ', paused: '一時停止中', pause: '更新を一時停止', resume: '更新を再開', updatedAt: '{time} に更新', notSeen: '未確認',
  noProblems: 'なし', probKind_prerequisite: '前提条件', probKind_link: 'リンク', probKind_cxone: 'CXoneユーザー', probKind_switches: 'スイッチ', probKind_other: '問題',
  prob_PSYNC_PREREQ_NO_AGENT_PERMISSION_SET: 'Agent権限セットが未割り当て', prob_PSYNC_PREREQ_NO_STATUS_ACCESS: 'プレゼンスステータスへのアクセス権なし', prob_PSYNC_PREREQ_NO_PACKAGE_LICENCE: 'パッケージライセンスなし', prob_PSYNC_PREREQ_PACKAGE_NOT_INSTALLED: 'パッケージ未インストール', prob_PSYNC_PREREQ_PACKAGE_LICENCE_EXPIRED: 'パッケージライセンスの期限切れ', prob_PSYNC_PREREQ_NO_LIGHTNING: 'Lightning Experience未使用', prob_PSYNC_PREREQ_NO_SERVICE_CLOUD_USER: 'Service Cloudユーザーライセンスなし', prob_PSYNC_PREREQ_USER_INACTIVE: 'Salesforceユーザーが無効',
  prob_PSYNC_AGENT_NOT_LINKED: 'Salesforceユーザーに未リンク', prob_PSYNC_SF_USER_UNKNOWN: 'リンク先のSalesforceユーザーが不明', prob_PSYNC_SF_USER_INACTIVE: 'リンク先のSalesforceユーザーが無効', prob_PSYNC_AGENT_UNKNOWN: 'CXoneユーザーが不明', prob_PSYNC_AGENT_INACTIVE: 'CXoneユーザーが無効', prob_PSYNC_PRESENCE_SYNC_OFF: 'Presence Syncがオフ',
  auditTitle: '監査', auditIntro: '同期のすべての判断、書き込み、管理者の操作（新しい順）。', agentId: 'エージェントID', from: '開始', to: '終了', kind: '種類', anyKind: 'すべて', kindDecision: '判断', kindDispatch: '書き込み', kindAdmin: '管理', apply: '適用', when: '日時', outcome: '結果', explanation: '説明', rule: 'ルール', noEntries: '該当する監査エントリはありません。', more: 'さらに古いエントリを表示',
  explainTitle: '{name} がこの状態にある理由', explainButton: 'このエージェントがこの状態にある理由', recent: '最近の判断',
  dryRunTitle: 'ドライラン', dryRunIntro: 'エージェントXが側Yで状態Sになったら、何が起き、なぜか？現在のルールから回答します。CXone、Salesforce、ハブのデータには触れません。', side: '側', sideCxone: 'CXone（ACD状態）', sideSalesforce: 'Salesforce（Omni-Channelステータス）', newState: '新しい状態', run: '実行', wouldWrite: 'ハブは{side}を「{label}」に設定します。', wouldNotWrite: 'ハブは反対側を何も変更しません。', blockers: '妨げ', reason: '理由',
  navUsers: 'ユーザーとトークン', usersTitle: 'ユーザーとトークン', usersIntro: 'コンソールユーザーはパスワードでサインインします。APIトークンは自動化用です。各権限は名前どおりの操作だけを許可します。', consoleUsers: 'コンソールユーザー', permissionsCol: '権限',
  userDisabled: '無効', userLocked: '{until} までロック中', userActive: '有効', unlock: 'ロック解除', userUnlocked: '{name} のロックを解除しました。', enable: '有効にする', disable: '無効にする', userEnabledMsg: '{name} を有効にしました。', userDisabledMsg: '{name} を無効にしました。', confirmRemoveUser: 'コンソールユーザー {name} を削除しますか？', userRemoved: '{name} を削除しました。',
  displayName: '表示名', usernameHelp: '3～64文字の英数字と . _ @ -。', passwordHelp: '12文字以上。', addConsoleUser: 'コンソールユーザーを追加', userAdded: 'コンソールユーザー {name} を追加しました。',
  apiTokens: 'APIトークン', noTokens: 'APIトークンはまだありません。', tokenName: 'トークン名', tokenNameHelp: '使用するものにちなんだ名前を付けます。', lastUsed: '最終使用', tokenRevoked: '失効', tokenExpires: '{at} に期限切れ', revoke: '失効させる', tokenRevokedMsg: 'トークン「{name}」を失効させました。', createToken: 'APIトークンを作成', tokenValue: '新しいAPIトークン', tokenShownOnce: '今すぐトークンをコピーしてください。表示されるのは一度だけです（ハブはハッシュのみを保持します）。「Authorization: Bearer <token>」として送信します。',
  perm_adapter_admin: 'アダプター管理', perm_account_mapping_create: 'アカウントマッピングの作成', perm_account_mapping_edit: 'アカウントマッピングの編集', perm_account_mapping_view: 'アカウントマッピングの表示', perm_rule_create: 'ルール作成', perm_rule_edit: 'ルール編集', perm_rule_assign: 'ルール割り当て', perm_rule_view: 'ルール表示', perm_audit_view: '監査の表示', perm_user_admin: 'ユーザー管理', perm_health_view: 'ヘルスの表示', perm_alert_admin: 'アラート管理',
  linkTitle: 'Salesforceユーザーとのリンク', linkedTo: '{user} にリンク済み（{by} で照合）。', notLinkedYet: 'このエージェントはSalesforceユーザーにリンクされていないため、同期されません。', sfUserId: 'SalesforceユーザーID', sfUserIdHelp: 'Salesforceユーザーの15文字または18文字のID（005で始まります）：[設定] > [ユーザー] > ユーザー > ページアドレス内のID。', linkByHand: '手動でリンク', unlink: 'リンクを削除', linkSaved: '{user} にリンクしました。', linkRemoved: 'リンクを削除しました。',
  provisionTitle: '不足しているプレゼンスステータスを作成', provisionIntro: 'Setupで操作する代わりに、ハブがSalesforceにプレゼンスステータスを作成し、プロファイルにアクセス権を付与できます。既存のステータスはそのままです。', statusName: 'ステータス名', statusNameHelp: 'たとえば「Available for Chats」。開発者名はスペースを _ に置き換えて自動的に生成されます（「Available_for_Chats」）。', statusOption: 'ステータスオプション', channelsField: 'サービスチャネル', channelsHelp: 'サービスチャネルの開発者名をカンマ区切りで（オンラインのステータスには1つ以上必要です）。', profilesField: 'プロファイル', profilesHelp: 'ステータスへのアクセスを付与するプロファイルをカンマ区切りで（有効化済サービスプレゼンスステータスアクセス）。', provision: 'Salesforceに作成', developerName: '開発者名：{name}',
  versionsTitle: 'バージョン（{n}）', byWhom: '実行者', removeTenant: 'テナントを削除', confirmRemoveTenant: 'テナント「{name}」と、そのすべて（アカウントマッピング、ルール、リンク）を削除しますか？監査は保持期間まで残ります。', tenantRemoved: 'テナント「{name}」を削除しました。',
  editMapping: '編集', editMappingTitle: 'Salesforce環境「{name}」を編集', keepSecret: '空のままにすると保存済みの値を使います。', mappingUpdated: 'Salesforce環境「{name}」を変更しました。マップして登録に成功しました。', nothingChanged: '変更はありません。',
  flow: 'Salesforceへのログイン（OAuthフロー）', flowHelp: 'ハブが連携ユーザーとしてSalesforceにログインする方法です。接続アプリケーションの設定はこれによって異なります。docs/salesforce-setup.md のセクション4「OAuthフローの選択」を参照してください。',
  flow_username_password: 'ユーザー名とパスワード（ブリーフのフロー）', flowHelp_username_password: '組織ですでに使用している場合のみ選択してください。Salesforceはこのフローを廃止しつつあります（Summer ’23以降に作成された組織ではデフォルトでブロック、Spring ’26以降は新しい接続アプリケーションを作成できません）。',
  flow_client_credentials: 'クライアントログイン情報（推奨）', flowHelp_client_credentials: '人が関与しないサーバー向け：ハブは接続アプリケーションの「実行ユーザー」としてログインします。アプリで「クライアントログイン情報フローを有効化」し、ログインURLに私のドメインのURLを入力する必要があります。',
  flow_jwt_bearer: 'JWTベアラー（推奨）', flowHelp_jwt_bearer: '共有シークレット不要：ハブは秘密鍵で署名します。対応する証明書をアプリにアップロードし（「デジタル署名を使用」）、連携ユーザーを事前承認してください。',
  flow_authorization_code: 'Webサーバー：Salesforceに接続', flowHelp_authorization_code: '管理者がブラウザーで一度ハブを承認し、ハブは更新トークンを保持します。アプリにはスコープ「refresh_token, offline_access」と、下に表示されるコールバックURLが必要です。',
  flowColumn: 'ログイン', flowShort_username_password: 'ユーザー名・パスワード', flowShort_client_credentials: 'クライアントログイン情報', flowShort_jwt_bearer: 'JWTベアラー', flowShort_authorization_code: 'Webサーバー',
  privateKey: '秘密鍵', privateKeyHelp: '接続アプリケーションに証明書をアップロードした、PKCS#8 PEM形式（「-----BEGIN PRIVATE KEY-----」）のRSA秘密鍵。書き込み専用：暗号化して保存され、二度と表示されません。',
  jwtUsernameHelp: 'ハブがログインする連携ユーザーのユーザー名（接続アプリケーションで事前承認済み）。',
  clientSecretOptionalHelp: 'アプリがWebサーバーフローでシークレットを必要とする場合（「Web サーバーフローの秘密が必要」）のコンシューマーの秘密。書き込み専用：暗号化して保存され、二度と表示されません。',
  myDomainHelp: 'クライアントログイン情報フローは私のドメインのURL（https://<ドメイン>.my.salesforce.com、[設定] > [私のドメイン]）でログインします。', myDomainNeeded: '私のドメインのURLを入力してください。クライアントログイン情報フローはそこでログインします。',
  callbackUrl: 'コールバックURL', callbackUrlHelp: '接続アプリケーションのコールバックURLを、このアドレスと完全に同じにしてください。', newFlowSecrets: 'フローを変更する場合：このフローのシークレットを入力してください（以前のフローのものは削除されます）。',
  saveAndConnect: '保存してSalesforceに接続', connectSf: 'Salesforceに接続', connectSfAgain: '再接続', connecting: 'Salesforceのログインページを開いています…', statusNotConnected: '未接続',
  connectedOk: 'Salesforceに接続しました：「{name}」を登録しました。使用するには選択して保存してください。', connectedAgain: 'Salesforceに再接続しました：「{name}」。',
  connectFailed: '「Salesforceに接続」が完了しませんでした（{code}）。', connectTryAgain: '一覧から「Salesforceに接続」をやり直してください。',
  connectReason_PSYNC_SF_CONNECT_STATE_UNKNOWN: 'ハブはこの接続を開始していません（リンクが偽造または破損しています）。一覧からやり直してください。',
  connectReason_PSYNC_SF_CONNECT_STATE_EXPIRED: 'Salesforceのページで10分以上経過しました。やり直してください。',
  connectReason_PSYNC_SF_CONNECT_STATE_USED: 'このSalesforceからの戻りはすでに使用されています（再読み込みまたは戻るボタン）。最初の1回が有効です。',
  connectReason_PSYNC_SF_CONNECT_OTHER_BROWSER: '接続は別のブラウザーで開始されたか、より新しい接続に置き換えられました。やり直して、このブラウザーで完了してください。',
  connectReason_PSYNC_SF_CONNECT_SESSION_ENDED: 'Salesforceのページにいる間にサインアウトしました。サインインしてやり直してください。',
  connectReason_PSYNC_SF_CONNECT_STALE: 'その間に環境が変更または削除されました。やり直してください。',
  connectReason_PSYNC_SF_CONNECT_DENIED: 'Salesforceはハブを承認しませんでした。連携ユーザーとしてログインし、「許可」をクリックしてください。',
  cxoneSection: 'CXoneアプリケーション', cxoneSectionHelp: 'NICEが登録したアプリケーション（クライアントIDとシークレット）と、アクセスキーのユーザーのアクセスキー。ハブがCXoneに接続するには4つすべてが必要です。入手場所：docs/cxone-setup.md。このセクションは空のままにして後で追加することもできますが、同期には必要です。',
  cxoneClientId: 'CXoneアプリケーションのクライアントID', cxoneClientIdHelp: 'バックエンドアプリケーションの登録時にNICEから送られます（cxone-setup.md セクション1）。',
  cxoneClientSecret: 'CXoneアプリケーションのクライアントシークレット', cxoneClientSecretHelp: 'クライアントIDと一緒にNICEから送られます。書き込み専用：暗号化して保存され、二度と表示されません。',
  cxoneAccessKeyId: 'アクセスキーID', cxoneAccessKeyIdHelp: 'ステップ1で選択したアクセスキーのユーザーのアクセスキー（マイプロフィール > アクセスキー、cxone-setup.md セクション2）。',
  cxoneAccessKeySecret: 'アクセスキーのシークレット', cxoneAccessKeySecretHelp: 'キーの生成時にCXoneが一度だけ表示します。書き込み専用：暗号化して保存され、二度と表示されません。',
  cxoneIssuer: 'CXoneの発行者（任意）', cxoneIssuerHelp: '空欄：商用クラウド（https://cxone.niceincontact.com）。FedRAMP：https://cxone-gov.niceincontact.com（cxone-setup.md セクション5）。',
  cxoneTenantId: 'CXoneテナントID（任意）', cxoneTenantIdHelp: '入力すると、別のCXoneテナントのアクセスキーは拒否されます。空欄：トークンから読み取ります。',
  checkCxone: 'CXoneへの接続を確認', checkingCxone: 'CXoneにサインインしています…', cxoneOk: 'CXoneはアプリケーションとアクセスキーを受け入れました：テナント {tenant}、API {endpoint}。', cxoneNotGiven: 'CXoneアプリケーションがまだありません。同期をオンにする前に（編集で）追加してください。',
  cxoneAllFour: '必須です：ハブは4つすべて（クライアントIDとシークレット、アクセスキーIDとシークレット）でCXoneにサインインします。', mappingUpdatedConnect: 'Salesforce環境「{name}」を変更しました。Salesforceに接続してください（一覧の「Salesforceに接続」）。',
  // health
  navHealth: 'ヘルス', healthTitle: 'ヘルス', healthIntro: 'ハブがこのテナントで見つけた問題です（常時チェック）：両側の認証情報、存在しないステータスやコードを使うルール、前提条件を満たさないエージェントやコンソールなしで作業するエージェント、同期のずれ、断念した書き込み、CXoneフィードの遅れ、レート制限。未解決の問題を先に、その後に履歴を表示します。',
  healthOk: '問題は見つかっていません。', healthProblems: '未解決の問題が {n} 件あります（うち重大 {critical} 件）。', lastChecked: '最終チェック：{time}。', neverChecked: 'まだチェックしていません。', openProblems: '未解決の問題', noOpenProblems: '未解決の問題はありません。', historyTitle: '履歴', noHistory: '解決した問題はまだありません。',
  sevCritical: '重大', sevWarning: '警告', whatToDo: '対処方法：', since: '発生', code: 'コード', affectedAgents: 'エージェント（{n}）', affectedRules: 'ルール（{n}）', andMore: 'ほか {n} 件', minutesShort: '{n} 分', hoursShort: '{n} 時間',
  col_problem: '問題', col_severity: '重大度', col_opened: '発生', col_cleared: '解決', col_duration: '継続時間', col_event: 'イベント', healthBadge: '重大な問題 {n} 件',
  alertsTitle: 'アラート', alertsIntro: '問題の発生時と解決時にハブが通知する先：Slack、Microsoft Teams、署名付きWebhook、Eメール。URL、署名シークレット、SMTPパスワードは暗号化して保存し、二度と表示しません。', noChannels: 'アラートチャネルはまだありません。',
  channelName: '名前', channelKind: '種類', target: '送信先', channelScope: '対象の問題', channelEnabled: 'このチャネルでアラートを送信する', sevAll: 'すべての問題', sevCriticalOnly: '重大な問題のみ',
  kind_slack: 'Slack', kind_teams: 'Microsoft Teams', kind_webhook: '署名付きWebhook', kind_email: 'Eメール',
  sendTest: 'テストアラートを送信', testSent: '「{name}」でテストアラートを送信しました。', addChannel: 'アラートチャネルを追加', editChannel: 'アラートチャネル「{name}」を編集', channelSaved: 'アラートチャネル「{name}」を保存しました。', channelRemoved: 'アラートチャネル「{name}」を削除しました。', confirmRemoveChannel: 'アラートチャネル「{name}」を削除しますか？',
  webhookUrl: 'Webhook URL', webhookUrlHelp: 'Slack：Incoming Webhook（https://hooks.slack.com/services/…）。Teams：ワークフロー「Teams Webhook要求を受信したとき」のURL。署名付きWebhook：受信側のURL。', signingSecret: '署名シークレット', signingSecretHelp: 'HMAC-SHA256署名の鍵（docs/operations.md）。空のままにするとハブが作成します。', signingSecretMade: 'ハブがこの署名シークレットを作成しました。表示は一度だけなので、今すぐコピーしてください：',
  smtpHost: 'SMTPサーバー', smtpPort: 'ポート', smtpSecurity: 'セキュリティ', smtp_starttls: 'STARTTLS（通常 587）', smtp_tls: 'TLS（通常 465）', smtp_none: 'なし（信頼できるネットワーク上のリレー）', smtpUser: 'ユーザー（任意）', smtpPassword: 'パスワード', smtpFrom: '送信元アドレス', smtpTo: '宛先', smtpToHelp: 'Eメールアドレスをカンマで区切って入力します。',
  expiryTitle: 'Salesforce認証情報の有効期限', expiryIntro: '期限がわかっていれば、Salesforceへのログインが期限切れになる前にハブが警告します：JWTベアラーフローの証明書の有効期限、または接続アプリケーションのリフレッシュトークンポリシー（Webサーバーフロー）。', noExpiry: '有効期限は登録されていません。', expirySaved: '有効期限を登録しました。', cred_jwt_certificate: 'JWT証明書', cred_refresh_token: 'リフレッシュトークン', certificateHelp: '接続アプリケーションにアップロードした証明書（PEM）を貼り付けてください。アカウントマッピングの秘密鍵と対応している必要があります。', recordCertificate: '証明書を登録', refreshTokenDays: 'リフレッシュトークンの有効日数', refreshTokenDaysHelp: '接続アプリケーションの「リフレッシュトークンの有効期限」ポリシー。最後の「Salesforceに接続」から数えます。', recordRefreshToken: 'ポリシーを登録',
  deliveriesTitle: '最近の送信', noDeliveries: 'まだ何も送信していません。', event_opened: '発生', event_cleared: '解決', event_test: 'テスト', delivery_pending: '待機中', delivery_sent: '送信済み', delivery_failed: '断念',
};

const dictionaries = { en, ja };
let current = 'en';
try {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved && dictionaries[saved]) current = saved;
} catch {
  // Storage may be disabled; English it is.
}

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'ja', label: '日本語' },
];

export const lang = () => current;

export function setLang(code) {
  if (!dictionaries[code]) return;
  current = code;
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // Not remembered, still switched.
  }
  document.documentElement.lang = code;
}

export function t(key, vars) {
  const text = dictionaries[current][key] ?? en[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (_, name) => (vars[name] === undefined ? `{${name}}` : String(vars[name]))) : text;
}

if (typeof document !== 'undefined') document.documentElement.lang = current;
export const __keys = { en, ja };
