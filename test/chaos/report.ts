/** The checker's table, as `npm run chaos` prints it and docs/reliability.md records it. */
import { VIOLATION_KINDS, type Report, type ViolationKind } from './checker.ts';

const LABELS: Readonly<Record<ViolationKind, string>> = {
  lost: 'lost changes',
  stale: 'stale writes',
  'ping-pong': 'ping-pong',
  order: 'order violations',
  outcomes: 'changes without exactly one outcome',
  divergence: 'agents apart after quiet',
};

const n = (x: number) => x.toLocaleString('en-US');

export function formatReport(report: Report, extra: { readonly faults: number; readonly durationMs: number; readonly agents: number; readonly instances: number; readonly db: string }): string {
  const count = (kind: ViolationKind) => report.violations.filter((v) => v.kind === kind).length;
  const { outcomes, convergence } = report;
  const { external, byHub } = report.changes;
  const percent = outcomes.checked === 0 ? 100 : (100 * outcomes.exactlyOne) / outcomes.checked;
  const lines = [
    `chaos seed ${report.seed}: ${extra.db}, ${extra.instances} instance(s), ${extra.agents} agents, ${extra.faults} faults, ${(extra.durationMs / 1000).toFixed(0)} s`,
    `  ${n(external.cxone + external.salesforce)} changes by people (CXone ${n(external.cxone)}, Salesforce ${n(external.salesforce)}), ${n(byHub.cxone + byHub.salesforce)} hub writes (CXone ${n(byHub.cxone)}, Salesforce ${n(byHub.salesforce)}), ${n(report.decisions)} decisions`,
    '',
    `  ${'claim'.padEnd(38)} ${'found'.padStart(7)}`,
    ...VIOLATION_KINDS.map((kind) => `  ${LABELS[kind].padEnd(38)} ${String(count(kind)).padStart(7)}`),
    `  ${'hub processes that died by themselves'.padEnd(38)} ${String(report.crashes).padStart(7)}`,
    `  ${'exactly one audit outcome'.padEnd(38)} ${`${percent.toFixed(2)} %`.padStart(9)} of ${n(outcomes.checked)} changes (${n(report.collapsed)} replaced before the hub could see them)`,
    `  ${'converged after the last fault'.padEnd(38)} ${convergence.convergedAt === undefined ? '  never' : `${((convergence.convergedAt - convergence.quietFrom) / 1000).toFixed(1).padStart(5)} s`} (reconciliation interval ${(convergence.intervalMs / 1000).toFixed(0)} s: ${convergence.withinInterval ? 'within' : 'NOT within'})`,
  ];
  const byAgent = new Map<string, number>();
  for (const v of report.violations) byAgent.set(v.agent, (byAgent.get(v.agent) ?? 0) + 1);
  if (byAgent.size > 0) {
    lines.push('', `  per agent: ${[...byAgent.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([agent, k]) => `${agent}×${k}`).join(', ')}${byAgent.size > 20 ? ', …' : ''}`);
    lines.push('', ...report.violations.slice(0, 40).map((v) => `  ${v.kind} agent ${v.agent}: ${v.text}`));
    if (report.violations.length > 40) lines.push(`  … and ${report.violations.length - 40} more`);
  }
  return lines.join('\n');
}

