/* global window, document, AbortController */
import { get, query, tenantPath } from '../api.js';
import { append, emptyState, errorAlert, field, formatAgo, h } from '../dom.js';
import { t } from '../i18n.js';
import { problemList } from '../problems.js';

const PAGE_SIZE = 50;
const POLL_MS = 1000;

/**
 * The live board: one row per agent, CXone state and Omni-Channel status side by side, polled every
 * second. Rows are patched in place so that focus and reading position survive the updates; the
 * list is paged on the server (50 a page), so it stays fast at thousands of agents.
 */
export async function renderAgents(container, ctx) {
  const state = { offset: 0, search: '', problemsOnly: false, total: 0, paused: false };
  const search = field({ label: t('searchAgents'), control: h('input', { type: 'search', name: 'agentSearch', autocomplete: 'off' }) });
  const problemsOnly = h('input', { type: 'checkbox', id: 'problems-only', name: 'problemsOnly' });
  const pause = h('button', { type: 'button', 'aria-pressed': 'false' }, t('pause'));
  const liveNote = h('span', { class: 'muted' });
  const error = h('div', {});
  const tbody = h('tbody', {});
  const table = h(
    'table',
    { 'aria-describedby': 'agents-intro' },
    h('caption', { class: 'visually-hidden' }, t('agentsTitle')),
    h('thead', {}, h('tr', {}, ['agent', 'cxoneState', 'omniStatus', 'lastSync', 'latency', 'consoleConn', 'link', 'problems', ''].map((k) => h('th', { scope: 'col' }, k ? t(k) : h('span', { class: 'visually-hidden' }, t('whyState')))))),
    tbody,
  );
  const empty = h('div', { hidden: true });
  const prev = h('button', { type: 'button', 'aria-label': t('previousPage') }, '←');
  const next = h('button', { type: 'button', 'aria-label': t('nextPage') }, '→');
  const pageNote = h('span', { 'aria-live': 'polite' });

  append(container, [
    h('h1', {}, t('agentsTitle')),
    h('p', { id: 'agents-intro' }, t('agentsIntro')),
    h('div', { class: 'toolbar' }, search.el, h('label', { class: 'row', for: 'problems-only' }, problemsOnly, t('problemsOnly')), pause, liveNote),
    error,
    table,
    empty,
    h('nav', { class: 'pager', 'aria-label': t('pages') }, prev, pageNote, next),
  ]);

  const rows = new Map();
  let timer = null;
  let stopped = false;
  let inflight = null;

  function cellsOf(agent) {
    const latency = agent.lastDecision?.details?.latency?.sourceToIngestMs;
    return {
      cxone: agent.cxone ? agent.cxone.label : t('notSeen'),
      salesforce: agent.salesforce ? agent.salesforce.label : t('notSeen'),
      lastSync: agent.lastDecision ? formatAgo(agent.lastDecision.at) : '—',
      latency: typeof latency === 'number' ? `${latency} ms` : '—',
      console: agent.consoleConnected === null ? t('unknown') : agent.consoleConnected ? t('connected') : t('disconnected'),
      consoleClass: agent.consoleConnected === null ? '' : agent.consoleConnected ? 'ok' : 'warn',
      link: agent.link ? agent.link.sfUsername ?? agent.link.sfUserId : t('notLinked'),
      problems: agent.problems.map((p) => [p.code, p.message]),
    };
  }

  function makeRow(agent) {
    const cells = {
      name: h('th', { scope: 'row' }),
      cxone: h('td', { 'data-col': 'cxone' }),
      salesforce: h('td', { 'data-col': 'salesforce' }),
      lastSync: h('td', {}),
      latency: h('td', {}),
      console: h('td', {}, h('span', { class: 'badge' })),
      link: h('td', {}),
      problems: h('td', { 'data-col': 'problems' }),
      why: h('td', {}, h('a', { href: `#/audit/explain/${encodeURIComponent(agent.agentId)}`, 'aria-label': `${t('explainButton')} ${agent.name}` }, t('whyState'))),
    };
    const tr = h('tr', { 'data-agent': agent.agentId }, Object.values(cells));
    return { tr, cells, signature: '' };
  }

  function patch(row, agent) {
    const c = cellsOf(agent);
    const signature = JSON.stringify([agent.name, c, agent.agentId]);
    if (signature === row.signature) return;
    row.signature = signature;
    row.cells.name.replaceChildren(agent.name, h('div', { class: 'muted' }, h('code', {}, agent.agentId)));
    row.cells.cxone.textContent = c.cxone;
    row.cells.salesforce.textContent = c.salesforce;
    row.cells.lastSync.textContent = c.lastSync;
    row.cells.latency.textContent = c.latency;
    const badge = row.cells.console.firstChild;
    badge.className = `badge ${c.consoleClass}`;
    badge.textContent = c.console;
    row.cells.link.textContent = c.link;
    row.cells.problems.replaceChildren(problemList(agent.problems));
  }

  function draw(answer) {
    state.total = answer.total;
    const ids = answer.agents.map((a) => a.agentId);
    for (const agent of answer.agents) {
      let row = rows.get(agent.agentId);
      if (!row) {
        row = makeRow(agent);
        rows.set(agent.agentId, row);
      }
      patch(row, agent);
    }
    for (const id of [...rows.keys()]) if (!ids.includes(id)) rows.delete(id);
    const current = [...tbody.children].map((tr) => tr.dataset.agent);
    if (current.join('\u0000') !== ids.join('\u0000')) tbody.replaceChildren(...ids.map((id) => rows.get(id).tr));
    table.hidden = ids.length === 0;
    empty.hidden = ids.length > 0;
    if (ids.length === 0) empty.replaceChildren(emptyState(state.search || state.problemsOnly ? t('noAgents') : t('noAgentsYet')));
    const pages = Math.max(1, Math.ceil(state.total / PAGE_SIZE));
    const page = Math.floor(state.offset / PAGE_SIZE) + 1;
    pageNote.textContent = state.total ? `${t('showing', { from: state.offset + 1, to: Math.min(state.total, state.offset + PAGE_SIZE), total: state.total })} · ${t('page', { page, pages })}` : '';
    prev.disabled = state.offset === 0;
    next.disabled = state.offset + PAGE_SIZE >= state.total;
    liveNote.textContent = `${state.paused ? t('paused') : t('live')} · ${t('updatedAt', { time: new Date().toLocaleTimeString() })}`;
  }

  async function refresh() {
    inflight?.abort();
    const controller = new AbortController();
    inflight = controller;
    try {
      const answer = await get(tenantPath(ctx.tenantId, `/agents${query({ limit: PAGE_SIZE, offset: state.offset, search: state.search, problemsOnly: state.problemsOnly ? 'true' : undefined })}`), { signal: controller.signal });
      if (stopped || controller.signal.aborted) return;
      error.replaceChildren();
      draw(answer);
    } catch (failure) {
      if (failure?.name === 'AbortError' || stopped) return;
      error.replaceChildren(errorAlert(failure));
    }
  }

  // One polling loop at a time: a restart while a refresh is on its way ends the older loop, which
  // would otherwise keep polling beside the new one and abort its requests.
  let loops = 0;
  async function loop(generation) {
    if (stopped || generation !== loops) return;
    // A hidden tab asks nothing; it catches up as soon as it is shown again.
    if (!state.paused && !document.hidden) await refresh();
    if (!stopped && generation === loops) timer = window.setTimeout(() => loop(generation), POLL_MS);
  }

  const restart = () => {
    window.clearTimeout(timer);
    loop(++loops);
  };
  let searchTimer = null;
  search.control.addEventListener('input', () => {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => {
      state.search = search.control.value.trim();
      state.offset = 0;
      restart();
    }, 200);
  });
  problemsOnly.addEventListener('change', () => {
    state.problemsOnly = problemsOnly.checked;
    state.offset = 0;
    restart();
  });
  prev.addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - PAGE_SIZE);
    restart();
  });
  next.addEventListener('click', () => {
    state.offset += PAGE_SIZE;
    restart();
  });
  pause.addEventListener('click', () => {
    state.paused = !state.paused;
    pause.setAttribute('aria-pressed', String(state.paused));
    pause.textContent = state.paused ? t('resume') : t('pause');
    restart();
  });

  await refresh();
  if (loops === 0) timer = window.setTimeout(() => loop(loops), POLL_MS);
  return () => {
    stopped = true;
    window.clearTimeout(timer);
    window.clearTimeout(searchTimer);
    inflight?.abort();
  };
}
