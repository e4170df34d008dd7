import { describe, expect, it } from 'vitest';
import { OrgState, DEFAULT_SETTINGS } from '../org-state.ts';
import { addChannel, addProfile, addStatus, addUser } from '../seed.ts';
import { SoqlError } from './errors.ts';
import { executeSoql } from './execute.ts';
import { parseSoql } from './parser.ts';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

function org(): OrgState {
  let t = Date.UTC(2026, 10, 20);
  const o = new OrgState('00D5g000004XyZaEAK', 'Test', 'test', 'production', false, 'Enterprise Edition', DEFAULT_SETTINGS, 1000, () => (t += 60_000));
  addProfile(o, { name: 'Agent' });
  addProfile(o, { name: 'System Administrator' });
  addChannel(o, { developerName: 'Case' });
  addStatus(o, { label: 'Available', channels: ['Case'] });
  addStatus(o, { label: 'Busy' });
  const users: [string, string, boolean, string | undefined][] = [
    ['ann@x.example', 'Agent', true, 'ann-fed'], ['bob@x.example', 'Agent', false, undefined],
    ['cid@x.example', 'System Administrator', true, undefined], ["o'neil@x.example", 'Agent', true, 'o-fed'],
  ];
  for (const [username, profile, isActive, federationId] of users) {
    addUser(o, { username, password: 'p', lastName: username.split('@')[0] as string, profile, isActive, ...(federationId ? { federationId } : {}) });
  }
  return o;
}

function run(soql: string, o = org()): { totalSize: number; records: Record<string, unknown>[] } {
  return executeSoql(parseSoql(soql), o, { now: NOW, includeDeleted: false, apiVersion: '62.0' });
}

function usernames(soql: string): unknown[] {
  return run(soql).records.map((r) => r.Username);
}

function error(soql: string): { code: string; message: string } {
  try {
    run(soql);
  } catch (e) {
    if (e instanceof SoqlError) return { code: e.errorCode, message: e.render(soql) };
    throw e;
  }
  throw new Error('expected a SOQL error');
}

describe('SOQL parser and executor', () => {
  it('selects fields and relationship fields with REST attributes', () => {
    const out = run("SELECT Id, Username, Profile.Name FROM User WHERE Username = 'ann@x.example'");
    expect(out.totalSize).toBe(1);
    const rec = out.records[0] as Record<string, unknown>;
    expect(Object.keys(rec)).toEqual(['attributes', 'Id', 'Username', 'Profile']);
    expect(rec.attributes).toEqual({ type: 'User', url: `/services/data/v62.0/sobjects/User/${String(rec.Id)}` });
    expect(rec.Profile).toMatchObject({ attributes: { type: 'Profile' }, Name: 'Agent' });
  });

  it('is case-insensitive for keywords, objects, fields and string equality', () => {
    expect(usernames("select username from user where USERNAME = 'ANN@X.EXAMPLE'")).toEqual(['ann@x.example']);
  });

  it('filters with comparison operators, IN, NOT IN, LIKE, booleans and null', () => {
    expect(usernames('SELECT Username FROM User WHERE IsActive = false')).toEqual(['bob@x.example']);
    expect(usernames("SELECT Username FROM User WHERE Username IN ('ann@x.example', 'cid@x.example') ORDER BY Username DESC")).toEqual(['cid@x.example', 'ann@x.example']);
    expect(usernames("SELECT Username FROM User WHERE Username NOT IN ('ann@x.example') AND Profile.Name = 'Agent' ORDER BY Username")).toEqual(['bob@x.example', "o'neil@x.example"]);
    expect(usernames("SELECT Username FROM User WHERE Username LIKE 'b%'")).toEqual(['bob@x.example']);
    expect(usernames("SELECT Username FROM User WHERE Username LIKE '_nn@%'")).toEqual(['ann@x.example']);
    expect(usernames("SELECT Username FROM User WHERE Username = 'o\\'neil@x.example'")).toEqual(["o'neil@x.example"]);
    expect(usernames('SELECT Username FROM User WHERE FederationIdentifier = null ORDER BY Username')).toEqual(['bob@x.example', 'cid@x.example']);
    expect(usernames('SELECT Username FROM User WHERE FederationIdentifier != null ORDER BY Username')).toEqual(['ann@x.example', "o'neil@x.example"]);
    expect(usernames("SELECT Username FROM User WHERE Username > 'bob@x.example' AND Username <= 'cid@x.example'")).toEqual(['cid@x.example']);
    expect(usernames("SELECT Username FROM User WHERE Username < 'bob@x.example' OR Username >= 'o'")).toEqual(['ann@x.example', "o'neil@x.example"]);
  });

  it('evaluates NOT and parentheses, and refuses AND/OR mixed without them', () => {
    expect(usernames("SELECT Username FROM User WHERE (IsActive = false OR Profile.Name = 'System Administrator') AND NOT Username LIKE 'c%'")).toEqual(['bob@x.example']);
    expect(usernames("SELECT Username FROM User WHERE NOT (IsActive = true AND Profile.Name = 'Agent') ORDER BY Username")).toEqual(['bob@x.example', 'cid@x.example']);
    expect(error("SELECT Id FROM User WHERE IsActive = true AND Username = 'a' OR Username = 'b'").code).toBe('MALFORMED_QUERY');
  });

  it('compares datetimes with literals and date literals', () => {
    expect(run('SELECT Id FROM User WHERE CreatedDate > 2026-11-19T00:00:00Z').totalSize).toBe(4);
    expect(run('SELECT Id FROM User WHERE CreatedDate > 2026-11-21T00:00:00.000+0000').totalSize).toBe(0);
    expect(run('SELECT Id FROM User WHERE CreatedDate = LAST_N_DAYS:7').totalSize).toBe(4);
    expect(run('SELECT Id FROM User WHERE CreatedDate = TODAY').totalSize).toBe(0);
    expect(run('SELECT Id FROM User WHERE CreatedDate < YESTERDAY').totalSize).toBe(4);
    const rec = run("SELECT CreatedDate FROM User WHERE Username = 'ann@x.example'").records[0];
    expect(rec?.CreatedDate).toMatch(/^2026-11-20T00:\d{2}:00\.000\+0000$/);
  });

  it('orders with NULLS FIRST/LAST, limits and offsets', () => {
    expect(usernames('SELECT Username FROM User ORDER BY FederationIdentifier NULLS LAST, Username')).toEqual(['ann@x.example', "o'neil@x.example", 'bob@x.example', 'cid@x.example']);
    expect(usernames('SELECT Username FROM User ORDER BY FederationIdentifier DESC NULLS FIRST, Username')).toEqual(['bob@x.example', 'cid@x.example', "o'neil@x.example", 'ann@x.example']);
    expect(usernames('SELECT Username FROM User ORDER BY Username LIMIT 2 OFFSET 1')).toEqual(['bob@x.example', 'cid@x.example']);
  });

  it('counts with COUNT() and COUNT(field)', () => {
    expect(run('SELECT COUNT() FROM User WHERE IsActive = true')).toEqual({ totalSize: 3, records: [] });
    expect(run('SELECT COUNT(FederationIdentifier) c FROM User').records).toEqual([{ attributes: { type: 'AggregateResult' }, c: 2 }]);
    expect(error('SELECT COUNT(), Id FROM User').code).toBe('MALFORMED_QUERY');
  });

  it('matches IDs in 15 and 18 characters and supports semi-joins', () => {
    const o = org();
    const ann = o.userByUsername('ann@x.example')?.Id as string;
    expect(run(`SELECT Username FROM User WHERE Id = '${ann.slice(0, 15)}'`, o).records.map((r) => r.Username)).toEqual(['ann@x.example']);
    expect(run(`SELECT Username FROM User WHERE Id = '${ann.toLowerCase()}'`, o).totalSize).toBe(1);
    expect(run(`SELECT Username FROM User WHERE Id = '${ann.slice(0, 15).toLowerCase()}'`, o).totalSize).toBe(0);
    const semi = run("SELECT MasterLabel FROM ServicePresenceStatus WHERE Id IN (SELECT ServicePresenceStatusId FROM ServiceChannelStatus WHERE ServiceChannel.DeveloperName = 'Case')", o);
    expect(semi.records.map((r) => r.MasterLabel)).toEqual(['Available']);
    const anti = run('SELECT MasterLabel FROM ServicePresenceStatus WHERE Id NOT IN (SELECT ServicePresenceStatusId FROM ServiceChannelStatus)', o);
    expect(anti.records.map((r) => r.MasterLabel)).toEqual(['Busy']);
  });

  it('returns null for a missing relationship', () => {
    const o = org();
    const rec = executeSoql(parseSoql('SELECT Id, CreatedBy.Name FROM ServicePresenceStatus LIMIT 1'), o, { now: NOW, includeDeleted: false, apiVersion: '62.0' }).records[0];
    expect(rec?.CreatedBy).toBeNull();
  });

  it('reports errors with Salesforce codes and row/column messages', () => {
    expect(error('SELECT Idx FROM User')).toEqual({
      code: 'INVALID_FIELD',
      message: "\nSELECT Idx FROM User\n       ^\nERROR at Row:1:Column:8\nNo such column 'Idx' on entity 'User'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    });
    expect(error('SELECT Id FROM Userx').code).toBe('INVALID_TYPE');
    expect(error('SELECT Id, Foo.Name FROM User').message).toContain("Didn't understand relationship 'Foo' in field path.");
    expect(error('SELECT Id FROM User WHERE').message).toMatch(/ERROR at Row:1:Column:26\nunexpected token: <EOF>$/);
    expect(error('SELECT Id FROM User WHERE Name = ').code).toBe('MALFORMED_QUERY');
    expect(error('SELECT FROM User').code).toBe('MALFORMED_QUERY');
    expect(error("SELECT Id FROM User WHERE Id = 'abc'")).toMatchObject({ code: 'INVALID_QUERY_FILTER_OPERATOR' });
    expect(error("SELECT Id FROM User WHERE IsActive = 'true'").message).toContain("value of filter criterion for field 'IsActive' must be of type boolean and should not be enclosed in quotes");
    expect(error("SELECT Id FROM User WHERE CreatedDate > '2026-01-01'").message).toContain('must be of type dateTime');
    expect(error('SELECT Id FROM User WHERE Username = 5').message).toContain('must be of type string and should be enclosed in quotes');
    expect(error("SELECT Id FROM User WHERE Username = 'abc").code).toBe('MALFORMED_QUERY');
    expect(error('SELECT Id FROM User LIMIT x').code).toBe('MALFORMED_QUERY');
    expect(error('SELECT Id FROM User WHERE CreatedDate = LAST_N_DAYS').code).toBe('MALFORMED_QUERY');
    expect(error('SELECT Id FROM User WHERE Id IN (SELECT Id, Name FROM User)').code).toBe('MALFORMED_QUERY');
    expect(error('SELECT Id FROM User ORDER BY Id NULLS MIDDLE').code).toBe('MALFORMED_QUERY');
    expect(error('SELECT Id FROM User WHERE Username ~ 1').code).toBe('MALFORMED_QUERY');
  });

  it('renders multi-line queries with the right row and column', () => {
    expect(error('SELECT Id\nFROM User\nWHERE Bogus = 1').message).toMatch(/\nWHERE Bogus = 1\n {6}\^\nERROR at Row:3:Column:7\n/);
  });
});
