/**
 * Salesforce API calls (what counts against the org's rolling 24-hour API limit), counted by the
 * emulator, for an org with 1,000 agents (200 with --quick):
 * - "Map and register";
 * - a full refresh (statuses, channels, status access, users, prerequisites), beside the naive
 *   approach of one query per object plus two per user (assignments, licences), measured too;
 * - the server presence feed's daily cost at the default 30 s interval (the returned figure),
 *   beside the naive per-user approach (one UserServicePresence query per agent per poll).
 * Run: `npx tsx bench/salesforce-calls.bench.ts [--quick]`.
 */
import { fileURLToPath } from 'node:url';
import { createSalesforceEmulator, type UserSeed } from '../emulators/salesforce/index.ts';
import {
  DEFAULT_FEED_INTERVAL_MS,
  mapAndRegister,
  queryAll,
  readOrgSnapshot,
  SalesforcePresenceFeed,
  SalesforceSession,
  type SalesforceCredentials,
} from '../src/connectors/salesforce/index.ts';
import type { BenchResult } from './support/result.ts';

export interface CallsResult extends BenchResult {
  readonly details: readonly { readonly name: string; readonly value: number; readonly baseline: number; readonly unit: string }[];
}

const ORG_ID = '00D5g000004XyZa';
const DAY_MS = 24 * 60 * 60 * 1000;
const NAIVE_ORG_QUERIES = [
  'SELECT Id, DeveloperName, MasterLabel FROM ServicePresenceStatus',
  'SELECT ServicePresenceStatusId, ServiceChannel.DeveloperName FROM ServiceChannelStatus',
  "SELECT ParentId, SetupEntityId FROM SetupEntityAccess WHERE SetupEntityType = 'ServicePresenceStatus'",
  "SELECT Id, Username, ProfileId FROM User WHERE UserType = 'Standard'",
];

export async function run({ quick }: { quick: boolean }): Promise<CallsResult> {
  const agents = quick ? 200 : 1000;
  const users: UserSeed[] = [{ username: 'admin@acme.example', password: 'Admin-Pass1', securityToken: 'TOKEN', lastName: 'Admin', profile: 'System Administrator' }];
  for (let i = 0; i < agents; i++) {
    users.push({
      username: `agent${i}@acme.example`,
      password: 'x',
      lastName: `Agent ${i}`,
      profile: 'Agent',
      permissionSets: ['NICE_Agent'],
      packageLicenses: ['nicecx'],
      serviceCloudUser: true,
      lightning: true,
      ...(i % 3 === 0 ? {} : { presence: i % 3 === 1 ? 'Available' : 'Busy' }),
    });
  }
  const emulator = await createSalesforceEmulator({
    orgs: [
      {
        id: ORG_ID,
        name: 'Acme Corp',
        myDomain: 'acme',
        settings: { allowUsernamePasswordFlows: true }, // as its administrator set it (off in new orgs)
        channels: [{ developerName: 'Case' }, { developerName: 'Phone' }],
        statuses: [{ label: 'Available', channels: ['Case', 'Phone'] }, { label: 'Busy' }, { label: 'On Break' }],
        profiles: [{ name: 'Agent', statusAccess: ['Available', 'Busy', 'On_Break'] }],
        permissionSets: [{ name: 'NICE_Agent' }],
        packageLicenses: [{ namespacePrefix: 'nicecx', allowedLicenses: agents }],
        users,
        connectedApps: [{ name: 'PresenceSync', consumerKey: 'KEY', consumerSecret: 'SECRET' }],
      },
    ],
  });
  try {
    const used = () => emulator.control.apiUsage(ORG_ID).used;
    const credentials: SalesforceCredentials = {
      flow: 'password',
      loginUrl: `${emulator.url}/login`,
      clientId: 'KEY',
      clientSecret: 'SECRET',
      username: 'admin@acme.example',
      password: 'Admin-Pass1',
      securityToken: 'TOKEN',
    };
    const org = emulator.control.describeOrg(ORG_ID);

    // Map and register. Baseline: the identity URL, then the Organization record by ID.
    let before = used();
    const registered = await mapAndRegister({ platform: 'production', organizationId: ORG_ID, credentials, loginHosts: { production: `${emulator.url}/login`, sandbox: `${emulator.url}/test` } });
    if (!registered.ok) throw new Error(registered.problems.map((p) => p.message).join('; '));
    const mapCalls = used() - before;
    const mapBaseline = 2;

    // Full refresh, and the naive equivalent measured on the same org.
    const session = new SalesforceSession({ credentials });
    await session.login();
    before = used();
    const snapshot = await readOrgSnapshot(session, { agentPermissionSetName: 'NICE_Agent', packageNamespace: 'nicecx' });
    const refreshCalls = used() - before;
    if (snapshot.prerequisites.filter((p) => p.ok).length !== agents) throw new Error('the refresh did not see every agent as ready');
    before = used();
    await session.run(async (connection) => {
      for (const soql of NAIVE_ORG_QUERIES) await queryAll(connection, soql);
      for (const user of snapshot.users) {
        await queryAll(connection, `SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = '${user.id}'`);
        await queryAll(connection, `SELECT PackageLicense.NamespacePrefix FROM UserPackageLicense WHERE UserId = '${user.id}'`);
      }
    });
    const refreshBaseline = used() - before;

    // Feed: first poll, then a steady-state poll after 5% of the agents changed status.
    const feed = new SalesforcePresenceFeed({
      tenant: 'bench',
      session,
      checkpoints: { get: () => Promise.resolve(undefined) },
      sink: () => Promise.resolve(),
      agentIdFor: (id) => id,
    });
    await feed.pollOnce();
    emulator.control.advanceClock(DEFAULT_FEED_INTERVAL_MS);
    for (let i = 0; i < agents / 20; i++) emulator.control.setPresence(ORG_ID, org.users[`agent${i}@acme.example`] as string, 'On_Break');
    before = used();
    const poll = await feed.pollOnce();
    const perPoll = used() - before;
    if (poll.events !== agents / 20) throw new Error(`the steady poll saw ${poll.events} changes`);
    const pollsPerDay = DAY_MS / DEFAULT_FEED_INTERVAL_MS;
    const feedDaily = perPoll * pollsPerDay;
    const naiveDaily = agents * pollsPerDay;

    return {
      name: `Server presence feed, API calls per day at the default ${DEFAULT_FEED_INTERVAL_MS / 1000} s interval, ${agents} agents`,
      value: feedDaily,
      unit: 'calls/day',
      baseline: naiveDaily,
      baselineUnit: 'calls/day (one UserServicePresence query per agent per poll)',
      details: [
        { name: 'Map and register', value: mapCalls, baseline: mapBaseline, unit: 'calls (baseline: identity URL + Organization by ID)' },
        { name: `Full refresh, ${agents} agents`, value: refreshCalls, baseline: refreshBaseline, unit: 'calls (baseline measured: a query per object, two per user)' },
        { name: 'Feed, one steady poll', value: perPoll, baseline: agents, unit: 'calls' },
      ],
    };
  } finally {
    await emulator.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = await run({ quick: process.argv.includes('--quick') });
  console.log(`bench salesforce-calls: ${result.value} ${result.unit} (baseline ${result.baseline} ${result.baselineUnit})`);
  for (const d of result.details) console.log(`  ${d.name}: ${d.value} (baseline ${d.baseline}) ${d.unit}`);
}
