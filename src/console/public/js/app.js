/* global document, window, localStorage */
// The console's shell: session, tenant choice, language switch, navigation and the hash router.
import { get, post, whenSignedOut } from './api.js';
import { append, clear, emptyState, errorAlert, h } from './dom.js';
import { LANGUAGES, lang, setLang, t } from './i18n.js';
import { renderLogin } from './pages/login.js';
import { renderAdapters } from './pages/adapters.js';
import { renderMapping } from './pages/mapping.js';
import { renderPresence } from './pages/presence.js';
import { renderAgents } from './pages/agents.js';
import { renderAudit } from './pages/audit.js';
import { renderDryRun } from './pages/dryrun.js';
import { renderUsers } from './pages/users.js';
import { renderHealth } from './pages/health.js';

const TENANT_KEY = 'psync.tenant';

/** Pages in the brief's order; `needs` is the permission the page's main read requires. */
const PAGES = [
  { id: 'adapters', title: 'navAdapters', render: renderAdapters, needs: null },
  { id: 'mapping', title: 'navMapping', render: renderMapping, needs: 'account_mapping_view' },
  { id: 'presence', title: 'navPresence', render: renderPresence, needs: 'rule_view' },
  { id: 'agents', title: 'navAgents', render: renderAgents, needs: 'audit_view' },
  { id: 'audit', title: 'navAudit', render: renderAudit, needs: 'audit_view' },
  { id: 'dry-run', title: 'navDryRun', render: renderDryRun, needs: 'rule_view' },
  { id: 'health', title: 'navHealth', render: renderHealth, needs: 'health_view' },
  { id: 'users', title: 'navUsers', render: renderUsers, needs: 'user_admin', global: true },
];

const state = { me: null, tenants: [], tenantId: null, cleanup: null, critical: 0 };
const HEALTH_BADGE_MS = 30_000;

const main = () => document.getElementById('main');

export function announce(message) {
  const region = document.getElementById('announcer');
  region.textContent = '';
  // A new text node after clearing makes screen readers read it even when it repeats.
  window.setTimeout(() => (region.textContent = message), 30);
}

function route() {
  const [pageId, ...rest] = window.location.hash.replace(/^#\/?/, '').split('/');
  const page = PAGES.find((p) => p.id === pageId) ?? PAGES[0];
  return { page, params: rest.map(decodeURIComponent) };
}

export function navigate(hash) {
  if (window.location.hash === hash) render();
  else window.location.hash = hash;
}

/** What a page sees; tenants are read live, so a page that reloads them sees the new list. */
const context = () => ({
  me: state.me,
  tenantId: state.tenantId,
  get tenant() {
    return state.tenants.find((x) => x.id === state.tenantId) ?? null;
  },
  get tenants() {
    return state.tenants;
  },
  can: (permission) => Boolean(state.me?.permissions.includes(permission)),
  announce,
  navigate,
  reloadTenants,
  selectTenant,
  onHealth: showHealth,
});

/** The navigation's red badge: how many critical problems the chosen tenant has open. */
function showHealth(health) {
  state.critical = health.tenantId === state.tenantId ? health.open.filter((p) => p.severity === 'critical').length : 0;
  const badge = document.getElementById('health-badge');
  if (!badge) return;
  badge.hidden = state.critical === 0;
  badge.textContent = String(state.critical);
  badge.setAttribute('aria-label', t('healthBadge', { n: state.critical }));
}

async function refreshHealth() {
  if (!state.me?.permissions.includes('health_view') || !state.tenantId) return showHealth({ tenantId: null, open: [] });
  try {
    showHealth(await get(`/tenants/${encodeURIComponent(state.tenantId)}/health?historyLimit=0`, { quietAuth: true }));
  } catch {
    // The badge stays as it was; the Health page shows the failure.
  }
}

async function reloadTenants() {
  state.tenants = (await get('/tenants')).tenants;
  if (!state.tenants.some((x) => x.id === state.tenantId)) state.tenantId = state.tenants[0]?.id ?? null;
  renderTools();
}

function selectTenant(id) {
  state.tenantId = id;
  try {
    localStorage.setItem(TENANT_KEY, id);
  } catch {
    // not remembered
  }
  renderTools();
  render();
  refreshHealth();
}

function renderTools() {
  const tools = clear(document.getElementById('top-tools'));
  document.getElementById('brand').textContent = t('appName');
  document.getElementById('skip-link').textContent = t('skip');
  document.title = t('appName');
  if (state.me && state.tenants.length > 0) {
    const picker = h(
      'select',
      { id: 'tenant-select', onchange: (e) => selectTenant(e.target.value) },
      state.tenants.map((x) => h('option', { value: x.id, selected: x.id === state.tenantId }, `${x.name} (${x.id})`)),
    );
    append(tools, [h('label', { for: 'tenant-select' }, t('tenant')), picker]);
  }
  const languages = h(
    'div',
    { class: 'lang row', role: 'group', 'aria-label': t('language') },
    LANGUAGES.map((l) =>
      h('button', { type: 'button', lang: l.code, 'aria-pressed': String(lang() === l.code), onclick: () => switchLanguage(l.code) }, l.label),
    ),
  );
  append(tools, [languages]);
  if (state.me) {
    append(tools, [
      h('span', {}, t('signedInAs', { name: state.me.name })),
      h('button', { type: 'button', class: 'signout', onclick: signOut }, t('signOut')),
    ]);
  }
}

function switchLanguage(code) {
  setLang(code);
  renderTools();
  render();
}

function renderNav(active) {
  const nav = document.getElementById('nav');
  nav.hidden = !state.me;
  nav.setAttribute('aria-label', t('pages'));
  clear(nav);
  if (!state.me) return;
  append(nav, [
    h(
      'ol',
      {},
      // Only the pages this user may open: no link leads to a refusal.
      PAGES.filter((p) => !p.needs || state.me.permissions.includes(p.needs)).map((p) =>
        h(
          'li',
          {},
          h(
            'a',
            { href: `#/${p.id}`, 'aria-current': p === active ? 'page' : null },
            t(p.title),
            p.id === 'health' ? h('span', { id: 'health-badge', class: 'badge bad nav-badge', hidden: state.critical === 0, 'aria-label': t('healthBadge', { n: state.critical }) }, String(state.critical)) : null,
          ),
        ),
      ),
    ),
  ]);
}

async function signOut() {
  try {
    await post('/auth/logout');
  } catch {
    // Signed out either way.
  }
  state.me = null;
  renderTools();
  render();
}

let renders = 0;

async function render() {
  const generation = ++renders;
  if (state.cleanup) {
    state.cleanup();
    state.cleanup = null;
  }
  // Each render gets its own holder: a page still loading when the next render starts keeps
  // appending to a holder that is no longer in the document, instead of mixing into the new page.
  const container = h('div', { class: 'page' });
  append(clear(main()), [container]);
  const { page, params } = route();
  renderNav(state.me ? page : null);
  if (!state.me) {
    renderLogin(container, { onSignedIn });
    return;
  }
  document.title = `${t(page.title)} · ${t('appName')}`;
  const ctx = context();
  if (page.needs && !ctx.can(page.needs)) {
    append(container, [h('h1', {}, t(page.title)), emptyState(t('forbidden', { permission: t(`perm_${page.needs}`) }))]);
    return;
  }
  if (page.id !== 'adapters' && !page.global && !state.tenantId) {
    append(container, [h('h1', {}, t(page.title)), emptyState(t('noTenant'))]);
    return;
  }
  try {
    const cleanup = await page.render(container, ctx, params);
    if (typeof cleanup !== 'function') return;
    // A page left before it finished loading stops its live updates at once.
    if (generation === renders) state.cleanup = cleanup;
    else cleanup();
  } catch (failure) {
    append(container, [errorAlert(failure)]);
  }
}

async function onSignedIn() {
  await start();
  if (!window.location.hash || window.location.hash === '#/') navigate('#/adapters');
  else render();
  main().focus();
}

async function start() {
  try {
    state.me = await get('/auth/me', { quietAuth: true });
  } catch {
    state.me = null;
  }
  if (state.me) {
    try {
      state.tenantId = localStorage.getItem(TENANT_KEY);
    } catch {
      state.tenantId = null;
    }
    await reloadTenants();
    await refreshHealth();
  }
  renderTools();
}

window.setInterval(() => void refreshHealth(), HEALTH_BADGE_MS);

whenSignedOut(() => {
  if (!state.me) return;
  state.me = null;
  renderTools();
  render();
});

window.addEventListener('hashchange', () => {
  render().then(() => main().focus());
});

start().then(render);
