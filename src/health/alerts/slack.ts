import { plainText, type AlertMessage } from './message.ts';

const MARK = { critical: ':red_circle:', warning: ':large_orange_circle:', cleared: ':large_green_circle:' } as const;
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A Slack incoming-webhook body: `text` (notifications, fallback) and Block Kit blocks per change. */
export function slackBody(message: AlertMessage): Record<string, unknown> {
  return {
    text: `${message.headline}\n${plainText(message)}`.slice(0, 3000),
    blocks: message.items.slice(0, 15).flatMap((item) => [
      { type: 'header', text: { type: 'plain_text', text: item.title.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: `${MARK[item.severity]} ${escape(item.summary)}${item.remedy ? `\n*${escape(item.remedy)}*` : ''}`.slice(0, 3000) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: item.facts.map((f) => `${escape(f.label)}: ${escape(f.value)}`).join(' · ').slice(0, 3000) }] },
    ]),
  };
}
