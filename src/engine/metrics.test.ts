import { describe, expect, it } from 'vitest';
import { Counter, EngineMetrics, Gauge, Histogram } from './metrics.ts';

describe('metrics', () => {
  it('renders a labelled counter, sorting and escaping labels', () => {
    const c = new Counter('x_total', 'Things.');
    c.inc({ outcome: 'write', side: 'cxone' });
    c.inc({ side: 'cxone', outcome: 'write' }, 2);
    c.inc({ outcome: 'say "hi"\\\n' });
    expect(c.value({ outcome: 'write', side: 'cxone' })).toBe(3);
    expect(c.render()).toBe(['# HELP x_total Things.', '# TYPE x_total counter', 'x_total{outcome="write",side="cxone"} 3', 'x_total{outcome="say \\"hi\\"\\\\\\n"} 1'].join('\n'));
  });

  it('renders a gauge', () => {
    const g = new Gauge('g', 'G.');
    g.set(4, { tenant: 't1' });
    g.set(2, { tenant: 't1' });
    expect(g.value({ tenant: 't1' })).toBe(2);
    expect(g.render()).toContain('g{tenant="t1"} 2');
  });

  it('renders cumulative histogram buckets, sum and count', () => {
    const h = new Histogram('lat_seconds', 'Latency.', [0.01, 0.1]);
    h.observe(0.005, { side: 'cxone' });
    h.observe(0.05, { side: 'cxone' });
    h.observe(3, { side: 'cxone' });
    expect(h.count({ side: 'cxone' })).toBe(3);
    expect(h.render().split('\n').slice(2)).toEqual([
      'lat_seconds_bucket{side="cxone",le="0.01"} 1',
      'lat_seconds_bucket{side="cxone",le="0.1"} 2',
      'lat_seconds_bucket{side="cxone",le="+Inf"} 3',
      'lat_seconds_sum{side="cxone"} 3.055',
      'lat_seconds_count{side="cxone"} 3',
    ]);
  });

  it('names every engine metric the issue asks for', () => {
    const m = new EngineMetrics();
    m.decisions.inc({ outcome: 'write', side: 'cxone' });
    const text = m.render();
    for (const name of [
      'presence_sync_decisions_total',
      'presence_sync_hub_added_latency_seconds',
      'presence_sync_end_to_end_latency_seconds',
      'presence_sync_echoes_suppressed_total',
      'presence_sync_retries_total',
      'presence_sync_dead_letters_total',
      'presence_sync_agents_diverged',
      'presence_sync_upstream_calls_total',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toContain('presence_sync_decisions_total{outcome="write",side="cxone"} 1');
    expect(text.endsWith('\n')).toBe(true);
  });
});
