import type { AlertMessage } from './message.ts';

const COLOR = { critical: 'Attention', warning: 'Warning', cleared: 'Good' } as const;

/**
 * A Microsoft Teams message with an Adaptive Card, as Teams' incoming webhooks and the Workflows
 * app's "When a Teams webhook request is received" accept it.
 */
export function teamsBody(message: AlertMessage): Record<string, unknown> {
  const body = message.items.slice(0, 15).flatMap((item) => [
    { type: 'TextBlock', text: item.title, weight: 'Bolder', size: 'Medium', color: COLOR[item.severity], wrap: true },
    { type: 'TextBlock', text: item.summary, wrap: true },
    ...(item.remedy ? [{ type: 'TextBlock', text: item.remedy, wrap: true, isSubtle: true }] : []),
    { type: 'FactSet', facts: item.facts.map((f) => ({ title: f.label, value: f.value })) },
  ]);
  return {
    type: 'message',
    summary: message.headline,
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', msteams: { width: 'Full' }, body },
      },
    ],
  };
}
