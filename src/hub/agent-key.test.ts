import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bridgeKeyOf, tenantAgentOf } from './agent-key.ts';

describe('bridge keys of tenant agents', () => {
  it('round-trips any tenant and agent id, slashes included', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (tenantId, agentId) => {
        expect(tenantAgentOf(bridgeKeyOf({ tenantId, agentId }))).toEqual({ tenantId, agentId });
      }),
    );
  });

  it('refuses keys that do not name one tenant and one agent', () => {
    for (const key of ['', 'agent', '/a', 't/', 't/a/b']) expect(tenantAgentOf(key)).toBeUndefined();
  });
});
