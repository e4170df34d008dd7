// Why an agent is not synced, as the board shows it: what kind of problem (a Salesforce prerequisite
// of M1.2, the link between the two users, the CXone user, the tenant's switches), a short title in
// the console's language, and the API's message (what is wrong and what to do) as plain text.
import { h } from './dom.js';
import { t } from './i18n.js';

const KIND_OF = {
  PSYNC_AGENT_NOT_LINKED: 'link',
  PSYNC_SF_USER_UNKNOWN: 'link',
  PSYNC_SF_USER_INACTIVE: 'link',
  PSYNC_AGENT_UNKNOWN: 'cxone',
  PSYNC_AGENT_INACTIVE: 'cxone',
  PSYNC_PRESENCE_SYNC_OFF: 'switches',
};

export function problemKind(code) {
  if (code.startsWith('PSYNC_PREREQ_')) return 'prerequisite';
  return KIND_OF[code] ?? 'other';
}

/** The short title of a problem code, or its kind's name when the console has none for the code. */
export function problemTitle(code) {
  const key = `prob_${code}`;
  const title = t(key);
  return title === key ? t(`probKind_${problemKind(code)}`) : title;
}

/** A list of problems: per problem a badge (kind), its title and the message, all of it text a screen reader reads in order. */
export function problemList(problems) {
  if (problems.length === 0) return h('span', { class: 'badge ok' }, t('noProblems'));
  return h(
    'ul',
    { class: 'problems' },
    problems.map((p) => {
      const kind = problemKind(p.code);
      return h(
        'li',
        { 'data-problem': p.code, 'data-kind': kind },
        h('span', { class: `badge ${kind === 'switches' ? 'bad' : 'warn'}` }, t(`probKind_${kind}`)),
        ' ',
        h('strong', {}, problemTitle(p.code)),
        ': ',
        p.message,
      );
    }),
  );
}
