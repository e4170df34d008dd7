import { describe, expect, it } from 'vitest';
import { linkUsers, type CxoneUserRef, type SalesforceUserRef } from './user-linking.ts';

const sf = (id15: string, username: string, extra: Partial<SalesforceUserRef> = {}): SalesforceUserRef => ({ id: id15, username, isActive: true, ...extra });
const ALICE = sf('005000000000001', 'alice@acme.example', { email: 'Alice@Acme.example', federationIdentifier: 'alice-fed' });
const BOB = sf('005000000000002', 'bob@acme.example', { email: 'bob@acme.example' });
const CAROL = sf('005000000000003', 'carol@acme.example', { email: 'shared@acme.example' });
const DAVE = sf('005000000000004', 'dave@acme.example', { email: 'shared@acme.example' });
const GONE = sf('005000000000005', 'gone@acme.example', { email: 'gone@acme.example', isActive: false });
const id18 = (user: SalesforceUserRef) => user.id + 'AAA';

describe('linkUsers', () => {
  it('links by federation id before e-mail, then by e-mail (case-insensitive), then by username', () => {
    const cx: CxoneUserRef[] = [
      { id: 'c1', federationId: 'ALICE-FED', email: 'bob@acme.example' },
      { id: 'c2', email: ' BOB@acme.example ' },
      { id: 'c3', username: 'carol@acme.example' },
    ];
    const report = linkUsers(cx, [ALICE, BOB, CAROL]);
    expect(report.unlinked).toEqual([]);
    expect(report.links).toEqual([
      { cxoneUserId: 'c1', salesforceUserId: id18(ALICE), by: 'federation_id' },
      { cxoneUserId: 'c2', salesforceUserId: id18(BOB), by: 'email' },
      { cxoneUserId: 'c3', salesforceUserId: id18(CAROL), by: 'username' },
    ]);
  });

  it('reports an e-mail shared by two active Salesforce users as ambiguous, with the candidates', () => {
    const report = linkUsers([{ id: 'c1', email: 'shared@acme.example' }], [CAROL, DAVE]);
    expect(report.links).toEqual([]);
    expect(report.unlinked).toEqual([
      expect.objectContaining({ cxoneUserId: 'c1', code: 'PSYNC_LINK_AMBIGUOUS', candidates: [id18(CAROL), id18(DAVE)] }),
    ]);
  });

  it('prefers the active user when an inactive one shares the key, and reports a match that is only inactive', () => {
    const twin = sf('005000000000006', 'gone2@acme.example', { email: 'bob@acme.example', isActive: false });
    const report = linkUsers([{ id: 'c1', email: 'bob@acme.example' }, { id: 'c2', email: 'gone@acme.example' }], [BOB, twin, GONE]);
    expect(report.links).toEqual([{ cxoneUserId: 'c1', salesforceUserId: id18(BOB), by: 'email' }]);
    expect(report.unlinked).toEqual([expect.objectContaining({ cxoneUserId: 'c2', code: 'PSYNC_LINK_SF_INACTIVE', candidates: [id18(GONE)] })]);
  });

  it('reports a user nothing matches', () => {
    const report = linkUsers([{ id: 'c1', email: 'nobody@acme.example' }, { id: 'c2' }], [ALICE]);
    expect(report.unlinked.map((u) => [u.cxoneUserId, u.code])).toEqual([
      ['c1', 'PSYNC_LINK_NO_MATCH'],
      ['c2', 'PSYNC_LINK_NO_MATCH'],
    ]);
  });

  it('refuses to give one Salesforce user to two CXone users found automatically', () => {
    const report = linkUsers([{ id: 'c1', email: 'bob@acme.example' }, { id: 'c2', username: 'bob@acme.example' }], [BOB]);
    expect(report.links).toEqual([]);
    expect(report.unlinked.map((u) => [u.cxoneUserId, u.code])).toEqual([
      ['c1', 'PSYNC_LINK_SHARED'],
      ['c2', 'PSYNC_LINK_SHARED'],
    ]);
  });

  it('applies overrides first: a manual link (15 or 18 characters) wins over a match, and an exclusion unlinks', () => {
    const report = linkUsers(
      [{ id: 'c1', email: 'bob@acme.example' }, { id: 'c2', email: 'alice@acme.example' }, { id: 'c3', email: 'carol@acme.example' }],
      [ALICE, BOB, CAROL],
      [
        { cxoneUserId: 'c2', salesforceUserId: id18(BOB).toLowerCase() },
        { cxoneUserId: 'c3', salesforceUserId: null },
      ],
    );
    expect(report.links).toEqual([{ cxoneUserId: 'c2', salesforceUserId: id18(BOB), by: 'override' }]);
    expect(report.unlinked.map((u) => [u.cxoneUserId, u.code])).toEqual([
      ['c3', 'PSYNC_LINK_EXCLUDED'],
      ['c1', 'PSYNC_LINK_TAKEN'],
    ]);
  });

  it('reports overrides to unknown users and two overrides to the same user', () => {
    const report = linkUsers(
      [{ id: 'c1' }, { id: 'c2' }, { id: 'c3' }],
      [ALICE],
      [
        { cxoneUserId: 'c1', salesforceUserId: ALICE.id },
        { cxoneUserId: 'c2', salesforceUserId: ALICE.id },
        { cxoneUserId: 'c3', salesforceUserId: '005000000000999' },
      ],
    );
    expect(report.links).toEqual([{ cxoneUserId: 'c1', salesforceUserId: id18(ALICE), by: 'override' }]);
    expect(report.unlinked.map((u) => [u.cxoneUserId, u.code])).toEqual([
      ['c2', 'PSYNC_LINK_OVERRIDE_TAKEN'],
      ['c3', 'PSYNC_LINK_OVERRIDE_UNKNOWN'],
    ]);
  });

  it('only tries the keys it is told to', () => {
    const report = linkUsers([{ id: 'c1', username: 'alice@acme.example' }], [ALICE], [], ['email']);
    expect(report.unlinked).toEqual([expect.objectContaining({ code: 'PSYNC_LINK_NO_MATCH', message: expect.stringContaining('e-mail') })]);
  });
});
