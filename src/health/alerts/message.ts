import type { AlertEvent, AlertLanguage, HealthProblem } from '../../store/index.ts';
import { renderText } from '../catalogue.ts';
import { shownTime } from '../facts.ts';

/** One change to announce: a problem opened or cleared, or a test. */
export interface AlertItem {
  readonly event: AlertEvent;
  readonly problem: HealthProblem;
}

/** What every channel says, in the channel's language; each sender shapes it for its wire format. */
export interface AlertMessage {
  readonly tenantId: string;
  readonly language: AlertLanguage;
  /** One line: the subject of an e-mail, the header of a chat card. */
  readonly headline: string;
  readonly items: readonly RenderedItem[];
}

export interface RenderedItem {
  readonly event: AlertEvent;
  readonly problem: HealthProblem;
  readonly severity: 'critical' | 'warning' | 'cleared';
  readonly title: string;
  readonly summary: string;
  readonly remedy: string;
  /** `Tenant`, `Since`, `Agents`... as label and value. */
  readonly facts: readonly { readonly label: string; readonly value: string }[];
}

const WORDS = {
  en: { opened: 'Problem', cleared: 'Resolved', test: 'Test alert', tenant: 'Tenant', code: 'Code', since: 'Since', clearedAt: 'Cleared', agents: 'Agents', rules: 'Rules', changes: '{n} changes', testTitle: 'Test alert from presence-sync', testSummary: 'This channel receives the alerts of tenant {tenant}.', more: '… and {n} more' },
  ja: { opened: '問題', cleared: '解決', test: 'テストアラート', tenant: 'テナント', code: 'コード', since: '発生', clearedAt: '解決', agents: 'エージェント', rules: 'ルール', changes: '{n} 件の変更', testTitle: 'presence-syncからのテストアラート', testSummary: 'このチャネルはテナント {tenant} のアラートを受け取ります。', more: '…ほか {n} 件' },
} as const;

const names = (refs: readonly { readonly name: string }[], count: number, language: AlertLanguage): string => {
  const shown = refs.slice(0, 10).map((r) => r.name).join(', ');
  return count > 10 ? `${shown} ${WORDS[language].more.replace('{n}', String(count - 10))}` : shown;
};

export function renderItem(item: AlertItem, tenantId: string, language: AlertLanguage): RenderedItem {
  const w = WORDS[language];
  const { problem } = item;
  if (item.event === 'test') {
    return { event: 'test', problem, severity: 'warning', title: w.testTitle, summary: w.testSummary.replace('{tenant}', tenantId), remedy: '', facts: [{ label: w.tenant, value: tenantId }] };
  }
  const text = renderText(problem.code, problem.params);
  const facts = [
    { label: w.tenant, value: tenantId },
    { label: w.code, value: problem.code },
    { label: w.since, value: shownTime(problem.openedAt) },
    ...(problem.clearedAt !== null ? [{ label: w.clearedAt, value: shownTime(problem.clearedAt) }] : []),
    ...(problem.affected.agentCount > 0 ? [{ label: w.agents, value: names(problem.affected.agents, problem.affected.agentCount, language) }] : []),
    ...(problem.affected.ruleCount > 0 ? [{ label: w.rules, value: names(problem.affected.rules, problem.affected.ruleCount, language) }] : []),
  ];
  const severity = item.event === 'cleared' ? 'cleared' : problem.severity;
  return { event: item.event, problem, severity, title: `${w[item.event]}: ${text.title[language]}`, summary: text.summary[language], remedy: item.event === 'cleared' ? '' : text.remedy[language], facts };
}

/** The message for one change, or a digest of several (rate limiting held them back). */
export function alertMessage(tenantId: string, language: AlertLanguage, items: readonly AlertItem[]): AlertMessage {
  const rendered = items.map((item) => renderItem(item, tenantId, language));
  const headline = rendered.length === 1 ? `[${tenantId}] ${rendered[0]!.title}` : `[${tenantId}] ${WORDS[language].changes.replace('{n}', String(rendered.length))}`;
  return { tenantId, language, headline, items: rendered };
}

/** The message as plain text (e-mail, and the fallback text of chat messages). */
export function plainText(message: AlertMessage): string {
  return message.items
    .map((item) => [item.title, item.summary, item.remedy, ...item.facts.map((f) => `${f.label}: ${f.value}`)].filter(Boolean).join('\n'))
    .join('\n\n');
}
