import type { Kysely } from 'kysely';
import type { AcdState, AgentContext, ExpectedEcho, HistoryEntry, Origin, PresenceEvent, SalesforcePresence, Side } from '../domain/index.ts';
import { acdStateKey, presenceKey } from '../domain/index.ts';
import type { Clock } from './clock.ts';
import { writeTransaction, type Database } from './database.ts';
import { fromJson, toJson } from './json.ts';
import type { SyncStateRepository } from './ports.ts';
import type { DB } from './schema.ts';

export function createSyncStateRepository(database: Database, clock: Clock): SyncStateRepository {
  const { db } = database;
  return {
    observed: (tenantId, agentId) => readObserved(db, tenantId, agentId),
    history: (tenantId, agentId) => readHistory(db, tenantId, agentId),
    expectEcho: (tenantId, agentId, echo) => writeTransaction(database, (trx) => writeExpectedEcho(trx, tenantId, agentId, echo, clock.now())),
    async expectEchoes(entries) {
      if (entries.length === 0) return;
      const now = clock.now();
      await writeTransaction(database, (trx) => writeExpectedEchoes(trx, entries, now));
    },
    async forgetEcho(tenantId, agentId, echo) {
      let q = db.deleteFrom('expected_echo').where('tenant_id', '=', tenantId).where('agent_id', '=', agentId).where('side', '=', echo.side).where('state_key', '=', echo.stateKey);
      q = echo.commandId === undefined ? q.where('command_id', 'is', null) : q.where('command_id', '=', echo.commandId);
      await q.execute();
    },
    expectedEchoes: (tenantId, agentId) => readExpectedEchoes(db, tenantId, agentId, clock.now()),
    async checkpoint(tenantId, source) {
      const row = await db.selectFrom('source_checkpoint').select('position').where('tenant_id', '=', tenantId).where('source', '=', source).executeTakeFirst();
      return row?.position;
    },
    setCheckpoint: (tenantId, source, position) => writeCheckpoint(db, tenantId, source, position, clock.now()),
  };
}

async function writeExpectedEcho(db: Kysely<DB>, tenantId: string, agentId: string, echo: ExpectedEcho, now: number): Promise<void> {
  // Echoes that never came back are dropped here, so that each agent keeps only a handful.
  await db.deleteFrom('expected_echo').where('tenant_id', '=', tenantId).where('agent_id', '=', agentId).where('expires_at', '<', now).execute();
  const values = { tenant_id: tenantId, agent_id: agentId, side: echo.side, state_key: echo.stateKey, command_id: echo.commandId ?? null, expires_at: echo.expiresAt, recorded_at: echo.recordedAt ?? null };
  await db
    .insertInto('expected_echo')
    .values(values)
    .onConflict((oc) => oc.columns(['tenant_id', 'agent_id', 'side', 'state_key']).doUpdateSet({ command_id: values.command_id, expires_at: values.expires_at, recorded_at: values.recorded_at }))
    .execute();
}

const ECHOES_PER_STATEMENT = 400;

/** Several writes' echoes, each as `expectEcho` records it (expired ones of the agents dropped), in multi-row statements. */
export async function writeExpectedEchoes(db: Kysely<DB>, entries: readonly { readonly tenantId: string; readonly agentId: string; readonly echo: ExpectedEcho }[], now: number): Promise<void> {
  for (let i = 0; i < entries.length; i += ECHOES_PER_STATEMENT) {
    const chunk = entries.slice(i, i + ECHOES_PER_STATEMENT);
    await db
      .deleteFrom('expected_echo')
      .where((eb) => eb(eb.refTuple('tenant_id', 'agent_id'), 'in', chunk.map((e) => eb.tuple(e.tenantId, e.agentId))))
      .where('expires_at', '<', now)
      .execute();
    // One row per (agent, side, state): the last entry for it wins, as it would one by one.
    const rows = new Map<string, { tenant_id: string; agent_id: string; side: string; state_key: string; command_id: string | null; expires_at: number; recorded_at: number | null }>();
    for (const { tenantId, agentId, echo } of chunk) {
      rows.set(JSON.stringify([tenantId, agentId, echo.side, echo.stateKey]), {
        tenant_id: tenantId, agent_id: agentId, side: echo.side, state_key: echo.stateKey, command_id: echo.commandId ?? null, expires_at: echo.expiresAt, recorded_at: echo.recordedAt ?? null,
      });
    }
    await db
      .insertInto('expected_echo')
      .values([...rows.values()])
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'agent_id', 'side', 'state_key']).doUpdateSet((eb) => ({ command_id: eb.ref('excluded.command_id'), expires_at: eb.ref('excluded.expires_at'), recorded_at: eb.ref('excluded.recorded_at') })),
      )
      .execute();
  }
}

export async function readObserved(db: Kysely<DB>, tenantId: string, agentId: string): Promise<AgentContext['observed']> {
  const rows = await db.selectFrom('agent_observed').selectAll().where('tenant_id', '=', tenantId).where('agent_id', '=', agentId).execute();
  const out: { cxone?: { value: AcdState; at: number; origin: Origin }; salesforce?: { value: SalesforcePresence; at: number; origin: Origin } } = {};
  for (const row of rows) {
    const base = { at: row.at, origin: row.origin as Origin };
    if (row.side === 'cxone') out.cxone = { ...base, value: fromJson<AcdState>(row.state) };
    else out.salesforce = { ...base, value: fromJson<SalesforcePresence>(row.state) };
  }
  return out;
}

/** Records the event as the agent's observed state on its side, unless the store holds a newer one. */
export async function writeObserved(db: Kysely<DB>, tenantId: string, event: PresenceEvent, now: number): Promise<void> {
  const o = event.observation;
  const state = o.side === 'cxone' ? o.state : o.presence;
  const stateKey = o.side === 'cxone' ? acdStateKey(o.state) : presenceKey(o.presence);
  await db
    .insertInto('agent_observed')
    .values({ tenant_id: tenantId, agent_id: event.agentId, side: o.side, state: toJson(state), state_key: stateKey, at: event.at, origin: event.origin, updated_at: now })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'agent_id', 'side'])
        .doUpdateSet((eb) => ({ state: eb.ref('excluded.state'), state_key: eb.ref('excluded.state_key'), at: eb.ref('excluded.at'), origin: eb.ref('excluded.origin'), updated_at: eb.ref('excluded.updated_at') }))
        .where('agent_observed.at', '<=', event.at),
    )
    .execute();
}

export async function readHistory(db: Kysely<DB>, tenantId: string, agentId: string): Promise<readonly HistoryEntry[]> {
  const row = await db.selectFrom('agent_history').select('entries').where('tenant_id', '=', tenantId).where('agent_id', '=', agentId).executeTakeFirst();
  return row ? fromJson<HistoryEntry[]>(row.entries) : [];
}

export async function writeHistory(db: Kysely<DB>, tenantId: string, agentId: string, entries: readonly HistoryEntry[], now: number): Promise<void> {
  await db
    .insertInto('agent_history')
    .values({ tenant_id: tenantId, agent_id: agentId, entries: toJson(entries), updated_at: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'agent_id']).doUpdateSet({ entries: toJson(entries), updated_at: now }))
    .execute();
}

export async function readExpectedEchoes(db: Kysely<DB>, tenantId: string, agentId: string, now: number): Promise<readonly ExpectedEcho[]> {
  const rows = await db
    .selectFrom('expected_echo')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('agent_id', '=', agentId)
    .where('expires_at', '>=', now)
    .orderBy('expires_at')
    .execute();
  return rows.map((r) => ({
    side: r.side as Side,
    stateKey: r.state_key,
    expiresAt: r.expires_at,
    ...(r.command_id !== null ? { commandId: r.command_id } : {}),
    ...(r.recorded_at !== null ? { recordedAt: r.recorded_at } : {}),
  }));
}

export async function deleteEcho(db: Kysely<DB>, tenantId: string, agentId: string, echo: ExpectedEcho): Promise<void> {
  await db.deleteFrom('expected_echo').where('tenant_id', '=', tenantId).where('agent_id', '=', agentId).where('side', '=', echo.side).where('state_key', '=', echo.stateKey).execute();
}

export async function writeCheckpoint(db: Kysely<DB>, tenantId: string, source: string, position: string, now: number): Promise<void> {
  await db
    .insertInto('source_checkpoint')
    .values({ tenant_id: tenantId, source, position, updated_at: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'source']).doUpdateSet({ position, updated_at: now }))
    .execute();
}
