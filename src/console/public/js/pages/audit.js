/* global window */
import { del, get, put, query, tenantPath } from '../api.js';
import { alertBox, append, emptyState, errorAlert, field, formatTime, h, select } from '../dom.js';
import { t } from '../i18n.js';

const toMs = (local) => (local ? new Date(local).getTime() : undefined);

/** Audit: filter by agent, time and kind, newest first, paged by cursor; "why is this agent in this state?". */
export async function renderAudit(container, ctx, params) {
  if (params[0] === 'explain' && params[1]) return renderExplain(container, ctx, params[1]);
  const agent = field({ label: t('agentId'), control: h('input', { name: 'agentId', autocomplete: 'off', value: params[0] === 'agent' ? params[1] ?? '' : '' }) });
  const from = field({ label: t('from'), control: h('input', { type: 'datetime-local', name: 'from' }) });
  const to = field({ label: t('to'), control: h('input', { type: 'datetime-local', name: 'to' }) });
  const kind = field({ label: t('kind'), control: select([{ value: '', label: t('anyKind') }, ...['decision', 'dispatch', 'admin'].map((k) => ({ value: k, label: t(`kind${k[0].toUpperCase()}${k.slice(1)}`) }))], '', { name: 'kind' }) });
  const apply = h('button', { type: 'submit', class: 'primary' }, t('apply'));
  const form = h('form', { class: 'toolbar', role: 'search' }, agent.el, from.el, to.el, kind.el, apply);
  const status = h('div', {});
  const tbody = h('tbody', {});
  const table = h(
    'table',
    {},
    h('caption', { class: 'visually-hidden' }, t('auditTitle')),
    h('thead', {}, h('tr', {}, ['when', 'agent', 'kind', 'outcome', 'explanation', 'rule'].map((k) => h('th', { scope: 'col' }, t(k))))),
    tbody,
  );
  const more = h('button', { type: 'button', hidden: true }, t('more'));
  append(container, [h('h1', {}, t('auditTitle')), h('p', {}, t('auditIntro')), form, status, table, more]);

  let cursor;
  let loads = 0;
  async function load(append_) {
    const current = ++loads;
    status.replaceChildren();
    for (const [f, ms] of [[from, toMs(from.control.value)], [to, toMs(to.control.value)]]) f.setError(ms !== undefined && Number.isNaN(ms) ? t('required') : '');
    try {
      const answer = await get(
        tenantPath(ctx.tenantId, `/audit${query({ agentId: agent.control.value.trim(), from: toMs(from.control.value), to: toMs(to.control.value), kind: kind.control.value, limit: 50, cursor: append_ ? cursor : undefined })}`),
      );
      // Answers can arrive out of order: only the newest query fills the table.
      if (current !== loads) return;
      cursor = answer.nextCursor;
      more.hidden = !cursor;
      const rows = answer.entries.map((e) =>
        h(
          'tr',
          {},
          h('td', {}, formatTime(e.at)),
          h('td', {}, e.agentId ? h('a', { href: `#/audit/explain/${encodeURIComponent(e.agentId)}`, title: t('explainButton') }, e.agentId) : '—'),
          h('td', {}, t(`kind${e.kind[0].toUpperCase()}${e.kind.slice(1)}`)),
          h('td', {}, h('span', { class: 'badge' }, e.outcome), e.reason ? h('div', { class: 'muted' }, e.reason) : null),
          h('td', {}, e.explanation),
          h('td', {}, e.rule ? `${e.rule.id} v${e.rule.version}` : '—'),
        ),
      );
      if (append_) tbody.append(...rows);
      else tbody.replaceChildren(...rows);
      if (!append_ && rows.length === 0) status.replaceChildren(emptyState(t('noEntries')));
    } catch (failure) {
      status.replaceChildren(errorAlert(failure));
    }
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    load(false);
  });
  more.addEventListener('click', () => load(true));
  await load(false);
}

async function renderExplain(container, ctx, agentId) {
  const [answer, agent] = await Promise.all([
    get(tenantPath(ctx.tenantId, `/agents/${encodeURIComponent(agentId)}/explain`)),
    get(tenantPath(ctx.tenantId, `/agents/${encodeURIComponent(agentId)}`)).catch(() => null),
  ]);
  const name = agent?.name ?? agentId;
  const side = (label, s) =>
    h(
      'section',
      { class: 'card' },
      h('h2', {}, label),
      h('p', {}, h('strong', {}, s.state ? s.state.label : t('notSeen')), s.state ? h('span', { class: 'muted' }, ` · ${formatTime(s.state.at)} · ${s.state.origin}`) : null),
      s.because ? h('p', {}, s.because.explanation, h('span', { class: 'muted' }, ` (${formatTime(s.because.at)}, ${s.because.outcome})`)) : null,
    );
  append(container, [
    h('p', {}, h('a', { href: '#/agents' }, `← ${t('agentsTitle')}`), ' · ', h('a', { href: `#/audit/agent/${encodeURIComponent(agentId)}` }, t('auditTitle'))),
    h('h1', {}, t('explainTitle', { name })),
    alertBox('ok', answer.answer),
    agent?.rule ? h('p', {}, `${t('rule')}: ${agent.rule.name} (v${agent.rule.version}, ${agent.rule.via})`) : null,
    agent && agent.problems.length ? alertBox('warn', t('problems'), agent.problems.map((p) => p.message)) : null,
    h('div', { class: 'side' }, side('CXone', answer.cxone), side('Salesforce', answer.salesforce)),
    agent ? linkCard(ctx, agent) : null,
    h('h2', {}, t('recent')),
    answer.recent.length
      ? h('ol', {}, answer.recent.map((e) => h('li', {}, h('span', { class: 'muted' }, `${formatTime(e.at)} · `), h('span', { class: 'badge' }, e.outcome), ' ', e.explanation)))
      : emptyState(t('noEntries')),
  ]);
}

/** The agent's link to a Salesforce user; "link by hand" overrides automatic matching. */
function linkCard(ctx, agent) {
  const status = h('div', {});
  const path = tenantPath(ctx.tenantId, `/agent-links/${encodeURIComponent(agent.agentId)}`);
  const canEdit = ctx.can('account_mapping_edit');
  const again = () => ctx.navigate(window.location.hash);
  const body = [];
  if (agent.link) {
    body.push(h('p', {}, t('linkedTo', { user: agent.link.sfUsername ?? agent.link.sfUserId, by: agent.link.matchedBy })));
    if (canEdit) {
      const unlink = h('button', { type: 'button', class: 'danger' }, t('unlink'));
      unlink.addEventListener('click', async () => {
        try {
          await del(path);
          ctx.announce(t('linkRemoved'));
          again();
        } catch (failure) {
          status.replaceChildren(errorAlert(failure));
        }
      });
      body.push(unlink);
    }
  } else {
    body.push(alertBox('warn', t('notLinkedYet')));
    if (canEdit) {
      const id = field({ label: t('sfUserId'), control: h('input', { name: 'sfUserId', autocomplete: 'off', spellcheck: 'false', maxlength: 18 }), help: t('sfUserIdHelp') });
      const form = h('form', { novalidate: true }, id.el, h('button', { type: 'submit', class: 'primary' }, t('linkByHand')));
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        id.setError('');
        try {
          const link = await put(path, { sfUserId: id.control.value.trim() });
          ctx.announce(t('linkSaved', { user: link.sfUsername ?? link.sfUserId }));
          again();
        } catch (failure) {
          id.setError((failure.fieldProblems ? failure.fieldProblems() : {}).sfUserId);
          status.replaceChildren(errorAlert(failure));
        }
      });
      body.push(form);
    }
  }
  return h('section', { class: 'card', 'aria-labelledby': 'link-title' }, h('h2', { id: 'link-title' }, t('linkTitle')), status, body);
}
