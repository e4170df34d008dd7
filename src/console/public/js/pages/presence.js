/* global window */
import { del, get, patch, post, put, query, tenantPath } from '../api.js';
import { alertBox, append, clear, emptyState, errorAlert, field, formatTime, h, select, uid } from '../dom.js';
import { t } from '../i18n.js';
import { cxoneExportSection, renderCxoneImport } from './cxone-import.js';
import { acdFromKey, acdKey, acdLabel, acdSourceOptions, acdTargetOptions, presenceFromKey, presenceKey, presenceLabel, presenceOptions } from '../states.js';

/** What the rule editor needs to show labels and choices. */
async function loadCatalog(tenantId) {
  const [codes, teams, statuses, users, rules] = await Promise.all([
    get(tenantPath(tenantId, '/cxone/unavailable-codes')),
    get(tenantPath(tenantId, '/cxone/teams')),
    get(tenantPath(tenantId, '/salesforce/statuses')),
    get(tenantPath(tenantId, `/cxone/users${query({ limit: 1000 })}`)),
    get(tenantPath(tenantId, '/rules')),
  ]);
  return { codes: codes.codes, teams: teams.teams, statuses: statuses.statuses, users: users.users, userTotal: users.total, rules: rules.rules };
}

/** Presence Sync: Get CXone users, the rules list, and the rule editor with its Teams and Users tabs. */
export async function renderPresence(container, ctx, params) {
  if (params[0] === 'import') return renderCxoneImport(container, ctx);
  if (params[0] === 'new' || params[0] === 'rule') return renderEditor(container, ctx, params[0] === 'rule' ? params[1] : null);
  const status = h('div', {});
  append(container, [h('h1', {}, t('presenceTitle')), status]);
  const catalog = await loadCatalog(ctx.tenantId);

  const counts = h('p', { class: 'muted' }, t('directoryCounts', { users: catalog.userTotal, teams: catalog.teams.length, codes: catalog.codes.length, statuses: catalog.statuses.length }));
  const tools = h('div', { class: 'row' });
  if (ctx.can('rule_create')) {
    const getUsers = h('button', { type: 'button', class: 'primary' }, t('getUsers'));
    getUsers.addEventListener('click', async () => {
      getUsers.disabled = true;
      status.replaceChildren(h('p', { class: 'muted', role: 'status' }, t('loading')));
      try {
        const r = await post(tenantPath(ctx.tenantId, '/cxone/refresh'));
        const n = (c) => c.added.length + c.updated.length + c.removed.length;
        const message = t('gotUsers', { users: n(r.users), teams: n(r.teams), codes: n(r.codes) });
        await refreshCounts();
        status.replaceChildren(alertBox('ok', message));
        ctx.announce(message);
      } catch (failure) {
        status.replaceChildren(errorAlert(failure));
      } finally {
        getUsers.disabled = false;
      }
    });
    const readOrg = h('button', { type: 'button' }, t('readOrg'));
    readOrg.addEventListener('click', async () => {
      readOrg.disabled = true;
      try {
        await post(tenantPath(ctx.tenantId, '/salesforce/refresh'));
        await refreshCounts();
        status.replaceChildren(alertBox('ok', t('orgRead')));
        ctx.announce(t('orgRead'));
      } catch (failure) {
        status.replaceChildren(errorAlert(failure));
      } finally {
        readOrg.disabled = false;
      }
    });
    append(tools, [getUsers, readOrg]);
  }
  async function refreshCounts() {
    const fresh = await loadCatalog(ctx.tenantId);
    counts.textContent = t('directoryCounts', { users: fresh.userTotal, teams: fresh.teams.length, codes: fresh.codes.length, statuses: fresh.statuses.length });
  }
  append(container, [h('section', { class: 'card' }, tools, counts)]);
  if (ctx.can('rule_create')) append(container, [provisionCard(ctx, refreshCounts)]);

  const create = ctx.can('rule_create') ? h('a', { class: 'button primary', href: '#/presence/new' }, t('createRule')) : null;
  const importRule = ctx.can('rule_create') ? h('a', { class: 'button', href: '#/presence/import' }, t('importFromCxone')) : null;
  append(container, [h('div', { class: 'row spread' }, h('h2', {}, t('rulesTitle')), h('div', { class: 'row' }, importRule, create))]);
  if (catalog.rules.length === 0) {
    append(container, [emptyState(t('noRules'))]);
    return;
  }
  const teamName = (id) => catalog.teams.find((x) => x.id === id)?.name ?? id;
  append(container, [
    h(
      'table',
      {},
      h('caption', { class: 'visually-hidden' }, t('rulesTitle')),
      h('thead', {}, h('tr', {}, ['ruleName', 'version', 'publisherStates', 'subscriberStates', 'teams', 'users'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h(
        'tbody',
        {},
        catalog.rules.map((rule) =>
          h(
            'tr',
            { 'data-rule': rule.id },
            h('th', { scope: 'row' }, h('a', { href: `#/presence/rule/${encodeURIComponent(rule.id)}` }, rule.name)),
            h('td', {}, String(rule.version)),
            h('td', {}, t('rows', { n: rule.publisher.length })),
            h('td', {}, t('rows', { n: rule.subscriber.length })),
            h('td', {}, rule.assignments.teamIds.map(teamName).join(', ') || '—'),
            h('td', {}, String(rule.assignments.userIds.length)),
          ),
        ),
      ),
    ),
  ]);
}

async function renderEditor(container, ctx, ruleId) {
  const catalog = await loadCatalog(ctx.tenantId);
  const existing = ruleId ? (await get(tenantPath(ctx.tenantId, `/rules/${encodeURIComponent(ruleId)}`))).rule : null;
  const editable = existing ? ctx.can('rule_edit') : ctx.can('rule_create');
  const rule = {
    name: existing?.name ?? '',
    skip: existing?.skipUnavailableCodeValidation ?? false,
    publisher: (existing?.publisher ?? []).map((r) => ({ acd: acdKey(r.acd), sf: presenceKey(r.salesforce) })),
    subscriber: (existing?.subscriber ?? []).map((r) => ({ sf: presenceKey(r.salesforce), acd: acdKey(r.acd) })),
  };
  const status = h('div', {});
  append(container, [
    h('p', {}, h('a', { href: '#/presence' }, `← ${t('presenceTitle')}`)),
    h('h1', {}, existing ? `${t('ruleEditor')}: ${existing.name}` : t('newRule')),
    status,
  ]);
  if (catalog.statuses.length === 0) append(container, [alertBox('warn', t('noStatuses'))]);
  if (catalog.userTotal === 0) append(container, [alertBox('warn', t('noDirectory'))]);

  const name = field({ label: t('ruleName'), control: h('input', { name: 'ruleName', value: rule.name, autocomplete: 'off', disabled: !editable }) });
  const skipId = uid('skip');
  const skip = h('input', { type: 'checkbox', role: 'switch', id: skipId, name: 'skip', checked: rule.skip, disabled: !editable, 'aria-describedby': `${skipId}-help` });
  const skipField = h('div', { class: 'field' }, h('label', { class: 'row', for: skipId }, skip, h('strong', {}, t('skipValidation'))), h('p', { class: 'help', id: `${skipId}-help` }, t('skipValidationHelp')));
  const problemsBox = h('div', { 'aria-live': 'polite' });

  const sfOptions = presenceOptions(catalog.statuses);
  const pubTable = h('div', {});
  const subTable = h('div', {});

  function rowsTable(kind) {
    const rows = rule[kind];
    const isPub = kind === 'publisher';
    const headers = isPub ? [t('acdState'), t('sfState')] : [t('sfState'), t('acdState')];
    const captionId = uid(kind);
    const body = rows.map((row, index) => {
      const n = index + 1;
      // A saved value the hub no longer knows (a removed code or status) stays as it is, named as unknown.
      const keep = (options, value, label) => (options.some((o) => o.value === value) ? options : [...options, { value, label }]);
      const acdOptions = keep(isPub ? acdSourceOptions(catalog.codes) : acdTargetOptions(catalog.codes), row.acd, acdLabel(acdFromKey(row.acd), catalog.codes));
      const acdSelect = select(acdOptions, row.acd, { 'aria-label': `${t('acdState')} ${n}`, disabled: !editable, name: `${kind}-acd-${n}` });
      const sfSelect = select(keep(sfOptions, row.sf, presenceLabel(presenceFromKey(row.sf, catalog.statuses), catalog.statuses)), row.sf, { 'aria-label': `${t('sfState')} ${n}`, disabled: !editable, name: `${kind}-sf-${n}` });
      acdSelect.addEventListener('change', () => ((row.acd = acdSelect.value), changed()));
      sfSelect.addEventListener('change', () => ((row.sf = sfSelect.value), changed()));
      const remove = editable ? h('button', { type: 'button', class: 'danger', 'aria-label': t('removeRow', { n }), onclick: () => (rows.splice(index, 1), draw(), changed()) }, '✕') : null;
      return h('tr', { 'data-row': String(n) }, h('td', {}, String(n)), h('td', {}, isPub ? acdSelect : sfSelect), h('td', {}, isPub ? sfSelect : acdSelect), h('td', {}, remove));
    });
    const addRow = editable
      ? h('button', {
          type: 'button',
          'data-add': kind,
          onclick: () => {
            rows.push(isPub ? { acd: 'Available', sf: sfOptions[0].value } : { sf: sfOptions[0].value, acd: 'PREVIOUS' });
            draw();
            changed();
            (isPub ? pubTable : subTable).querySelector('tbody tr:last-child select')?.focus();
          },
        }, t('addRow'))
      : null;
    return h(
      'section',
      { class: 'card', 'aria-labelledby': captionId },
      h('h2', { id: captionId }, isPub ? t('publisherStates') : t('subscriberStates')),
      h('p', { class: 'help' }, isPub ? t('publisherHelp') : t('subscriberHelp')),
      rows.length === 0
        ? h('p', { class: 'muted' }, t('noRows'))
        : h('table', { 'data-table': kind }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '#'), headers.map((x) => h('th', { scope: 'col' }, x)), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('remove'))))), h('tbody', {}, body)),
      addRow,
    );
  }

  function draw() {
    pubTable.replaceChildren(rowsTable('publisher'));
    subTable.replaceChildren(rowsTable('subscriber'));
  }

  function ruleBody() {
    return {
      name: name.control.value.trim(),
      skipUnavailableCodeValidation: skip.checked,
      publisher: rule.publisher.map((r) => ({ acd: acdFromKey(r.acd), salesforce: presenceFromKey(r.sf, catalog.statuses) })),
      subscriber: rule.subscriber.map((r) => ({ salesforce: presenceFromKey(r.sf, catalog.statuses), acd: acdFromKey(r.acd) })),
    };
  }

  function showProblems(validation) {
    for (const tr of container.querySelectorAll('tr.invalid')) tr.classList.remove('invalid');
    const mark = (kind, n) => container.querySelector(`[data-table="${kind}"] tr[data-row="${n}"]`)?.classList.add('invalid');
    for (const p of validation.errors) {
      const d = p.details || {};
      if (p.code === 'PSYNC_RULE_DUPLICATE_PUBLISHER_STATE') (d.rows || []).forEach((n) => mark('publisher', n));
      if (p.code === 'PSYNC_RULE_DUPLICATE_SUBSCRIBER_STATUS') (d.rows || []).forEach((n) => mark('subscriber', n));
      if (d.publisherRow) mark('publisher', d.publisherRow);
      if (d.subscriberRow) mark('subscriber', d.subscriberRow);
    }
    name.setError(validation.errors.find((p) => p.code === 'PSYNC_RULE_NAME_EMPTY')?.message);
    const parts = [];
    if (validation.errors.length) parts.push(alertBox('error', t('problemsBeforeSave'), validation.errors.map((p) => p.message)));
    if (validation.warnings.length) parts.push(alertBox('warn', t('warnings'), validation.warnings.map((p) => p.message)));
    if (!parts.length && validation.ok) parts.push(h('p', { class: 'muted' }, t('ruleValid')));
    problemsBox.replaceChildren(...parts);
  }

  let timer = null;
  let validationRun = 0;
  async function validate() {
    const run = ++validationRun;
    const body = ruleBody();
    if (!body.name) {
      showProblems({ ok: false, errors: [{ code: 'PSYNC_RULE_NAME_EMPTY', message: t('required') }], warnings: [] });
      return false;
    }
    try {
      const validation = await post(tenantPath(ctx.tenantId, '/rules/validate'), existing ? { ...body, id: existing.id } : body);
      if (run === validationRun) showProblems(validation);
      return validation.ok;
    } catch (failure) {
      if (run === validationRun) problemsBox.replaceChildren(errorAlert(failure));
      return false;
    }
  }
  function changed() {
    window.clearTimeout(timer);
    timer = window.setTimeout(validate, 250);
  }
  name.control.addEventListener('input', changed);
  skip.addEventListener('change', changed);

  draw();
  const saveButton = editable ? h('button', { type: 'button', class: 'primary' }, existing ? t('saveRule') : t('create')) : null;
  saveButton?.addEventListener('click', async () => {
    window.clearTimeout(timer);
    status.replaceChildren();
    saveButton.disabled = true;
    try {
      if (!(await validate())) {
        const alert = problemsBox.querySelector('.alert');
        if (!name.control.value.trim()) name.control.focus();
        else if (alert) {
          alert.tabIndex = -1;
          alert.focus();
        }
        return;
      }
      const body = ruleBody();
      if (existing) {
        // A merge patch of the fields the administrator changed: a field not shown here is never dropped.
        const changes = Object.fromEntries(Object.entries(body).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(existing[k])));
        const saved = await patch(tenantPath(ctx.tenantId, `/rules/${encodeURIComponent(existing.id)}`), { ...(Object.keys(changes).length > 0 ? changes : body), expectedVersion: existing.version });
        window.sessionStorage?.setItem('psync.flash', t('ruleSaved', { name: saved.rule.name, version: saved.rule.version }));
        ctx.announce(t('ruleSaved', { name: saved.rule.name, version: saved.rule.version }));
        ctx.navigate(`#/presence/rule/${encodeURIComponent(saved.rule.id)}`);
      } else {
        const saved = await post(tenantPath(ctx.tenantId, '/rules'), body, { idempotent: true });
        window.sessionStorage?.setItem('psync.flash', t('ruleCreated', { name: saved.rule.name }));
        ctx.announce(t('ruleCreated', { name: saved.rule.name }));
        ctx.navigate(`#/presence/rule/${encodeURIComponent(saved.rule.id)}`);
      }
    } catch (failure) {
      if (failure.problems && failure.problems().length) showProblems({ ok: false, errors: failure.problems(), warnings: [] });
      status.replaceChildren(errorAlert(failure));
    } finally {
      saveButton.disabled = false;
    }
  });
  const deleteButton = existing && ctx.can('rule_edit') ? h('button', { type: 'button', class: 'danger' }, t('deleteRule')) : null;
  deleteButton?.addEventListener('click', async () => {
    if (!window.confirm(t('confirmDeleteRule', { name: existing.name }))) return;
    try {
      await del(tenantPath(ctx.tenantId, `/rules/${encodeURIComponent(existing.id)}`));
      window.sessionStorage?.setItem('psync.flash', t('ruleDeleted'));
      ctx.navigate('#/presence');
    } catch (failure) {
      status.replaceChildren(errorAlert(failure));
    }
  });

  const flash = window.sessionStorage?.getItem('psync.flash');
  if (flash) {
    window.sessionStorage.removeItem('psync.flash');
    status.replaceChildren(alertBox('ok', flash));
  }

  append(container, [h('section', { class: 'card' }, name.el, skipField), pubTable, subTable, problemsBox, h('div', { class: 'row' }, saveButton, deleteButton)]);
  if (existing) {
    // Saving assignments makes a new version: the next rule save expects that one.
    append(container, [assignmentsSection(ctx, catalog, existing, (saved) => (existing.version = saved.version)), cxoneExportSection(ctx, existing)]);
    const history = await versionsSection(ctx, existing);
    if (history) append(container, [history]);
    validate();
  } else name.control.focus();
}

/** The Teams and Users tabs: add (pick, confirm), remove, then save the assignments. */
function assignmentsSection(ctx, catalog, rule, onSaved) {
  const canAssign = ctx.can('rule_assign');
  const pending = { teamIds: [...rule.assignments.teamIds], userIds: [...rule.assignments.userIds] };
  const userNames = new Map(catalog.users.map((u) => [u.id, `${u.firstName} ${u.lastName}`.trim() || u.username || u.id]));
  const usedCodes = new Set([...rule.publisher.map((r) => r.acd), ...rule.subscriber.map((r) => r.acd)].filter((a) => a.kind === 'Unavailable' && a.codeId).map((a) => a.codeId));
  const codeName = (id) => catalog.codes.find((c) => c.id === id)?.name ?? id;
  const ownerOf = (kind, id) => catalog.rules.find((r) => r.id !== rule.id && r.assignments[kind].includes(id));
  const status = h('div', { 'aria-live': 'polite' });
  const panel = h('div', { role: 'tabpanel' });
  const tabs = { teams: null, users: null };
  let active = 'teams';

  const tabButton = (id, label) => {
    const button = h('button', { type: 'button', role: 'tab', id: `tab-${id}`, 'aria-controls': 'assign-panel', 'aria-selected': String(active === id), tabindex: active === id ? '0' : '-1' }, label);
    button.addEventListener('click', () => select(id));
    button.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        const next = id === 'teams' ? 'users' : 'teams';
        select(next);
        tabs[next].focus();
      }
    });
    return button;
  };
  tabs.teams = tabButton('teams', t('teamsTab'));
  tabs.users = tabButton('users', t('usersTab'));
  panel.id = 'assign-panel';

  function select(id) {
    active = id;
    for (const [key, button] of Object.entries(tabs)) {
      button.setAttribute('aria-selected', String(key === id));
      button.tabIndex = key === id ? 0 : -1;
    }
    panel.setAttribute('aria-labelledby', `tab-${id}`);
    drawPanel();
  }

  function markDirty() {
    status.replaceChildren(alertBox('warn', t('unsavedAssignments')));
  }

  function teamNote(team) {
    const notes = [];
    const missing = rule.skipUnavailableCodeValidation ? [] : [...usedCodes].filter((c) => !team.codeIds.includes(c));
    if (missing.length) notes.push(t('lacksCodes', { codes: missing.map(codeName).join(', ') }));
    const owner = ownerOf('teamIds', team.id);
    if (owner) notes.push(t('followsRule', { name: owner.name }));
    return notes.join(' · ');
  }

  function assignedList(kind) {
    const ids = pending[kind];
    const label = (id) => (kind === 'teamIds' ? catalog.teams.find((x) => x.id === id)?.name ?? id : userNames.get(id) ?? id);
    if (ids.length === 0) return h('p', { class: 'muted' }, kind === 'teamIds' ? t('noTeamsAssigned') : t('noUsersAssigned'));
    return h(
      'ul',
      { 'data-assigned': kind },
      ids.map((id, i) =>
        h(
          'li',
          { class: 'row' },
          h('span', {}, label(id)),
          kind === 'teamIds' ? h('span', { class: 'muted' }, teamNote(catalog.teams.find((x) => x.id === id) ?? { id, codeIds: [] })) : null,
          canAssign ? h('button', { type: 'button', class: 'link', 'aria-label': `${t('remove')} ${label(id)}`, onclick: () => (ids.splice(i, 1), markDirty(), drawPanel()) }, t('remove')) : null,
        ),
      ),
    );
  }

  function picker(kind) {
    const box = h('div', { class: 'card' });
    const chosen = new Set();
    const list = h('div', { class: 'picker', role: 'group', 'aria-label': kind === 'teamIds' ? t('pickTeams') : t('pickUsers') });
    const option = (id, label, note) => {
      const input = h('input', { type: 'checkbox', value: id, checked: chosen.has(id) });
      input.addEventListener('change', () => (input.checked ? chosen.add(id) : chosen.delete(id)));
      return h('label', {}, input, ' ', label, note ? h('span', { class: 'muted' }, ` — ${note}`) : null);
    };
    const confirm = h('button', { type: 'button', class: 'primary' }, t('confirm'));
    confirm.addEventListener('click', () => {
      for (const id of chosen) if (!pending[kind].includes(id)) pending[kind].push(id);
      if (chosen.size) markDirty();
      drawPanel();
    });
    const cancel = h('button', { type: 'button', onclick: () => drawPanel() }, t('cancel'));
    if (kind === 'teamIds') {
      const teams = catalog.teams.filter((x) => !pending.teamIds.includes(x.id));
      list.replaceChildren(...(teams.length ? teams.map((x) => option(x.id, x.name, teamNote(x))) : [h('p', { class: 'muted' }, t('none'))]));
      append(box, [h('h3', {}, t('pickTeams')), list, h('div', { class: 'row' }, cancel, confirm)]);
    } else {
      const search = field({ label: t('searchUsers'), control: h('input', { type: 'search', name: 'userSearch', autocomplete: 'off' }) });
      let searchTimer = null;
      let searches = 0;
      const load = async () => {
        const current = ++searches;
        try {
          const answer = await get(tenantPath(ctx.tenantId, `/cxone/users${query({ search: search.control.value.trim(), limit: 50 })}`));
          // Answers can arrive out of order: only the newest search fills the list.
          if (current !== searches) return;
          const users = answer.users.filter((u) => !pending.userIds.includes(u.id));
          list.replaceChildren(
            ...(users.length
              ? users.map((u) => {
                  const owner = ownerOf('userIds', u.id);
                  return option(u.id, `${u.firstName} ${u.lastName}`.trim() || u.username || u.id, [u.email, owner ? t('followsRule', { name: owner.name }) : ''].filter(Boolean).join(' · '));
                })
              : [h('p', { class: 'muted' }, t('none'))]),
          );
        } catch (failure) {
          list.replaceChildren(errorAlert(failure));
        }
      };
      search.control.addEventListener('input', () => {
        window.clearTimeout(searchTimer);
        searchTimer = window.setTimeout(load, 200);
      });
      load();
      append(box, [h('h3', {}, t('pickUsers')), search.el, list, h('div', { class: 'row' }, cancel, confirm)]);
    }
    return box;
  }

  function drawPanel(openPicker = false) {
    const kind = active === 'teams' ? 'teamIds' : 'userIds';
    clear(panel);
    append(panel, [assignedList(kind)]);
    if (canAssign) {
      if (openPicker) append(panel, [picker(kind)]);
      else append(panel, [h('button', { type: 'button', onclick: () => (drawPanel(true), panel.querySelector('.picker input, .picker + *, input[type=search]')?.focus()) }, active === 'teams' ? t('addTeam') : t('addUser'))]);
    }
  }

  const takeOverId = uid('takeover');
  const takeOver = h('input', { type: 'checkbox', id: takeOverId, name: 'takeOver' });
  const save = canAssign ? h('button', { type: 'button', class: 'primary' }, t('saveAssignments')) : null;
  save?.addEventListener('click', async () => {
    save.disabled = true;
    try {
      const answer = await put(tenantPath(ctx.tenantId, `/rules/${encodeURIComponent(rule.id)}/assignments`), { teamIds: pending.teamIds, userIds: pending.userIds, takeOver: takeOver.checked });
      onSaved(answer.rule);
      const message = t('assignmentsSaved', { teams: answer.rule.assignments.teamIds.length, users: answer.rule.assignments.userIds.length });
      status.replaceChildren(alertBox('ok', message, answer.warnings.map((w) => w.message)));
      ctx.announce(message);
    } catch (failure) {
      status.replaceChildren(errorAlert(failure));
    } finally {
      save.disabled = false;
    }
  });
  select('teams');
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'assign-title' },
    h('h2', { id: 'assign-title' }, `${t('teamsTab')} / ${t('usersTab')}`),
    h('div', { class: 'tabs', role: 'tablist', 'aria-labelledby': 'assign-title' }, tabs.teams, tabs.users),
    panel,
    canAssign ? h('p', {}, h('label', { class: 'row', for: takeOverId }, takeOver, t('takeOver'))) : null,
    status,
    save,
  );
}

/** M2.4: create a missing presence status in Salesforce and grant profiles access to it. */
function provisionCard(ctx, after) {
  const list = (text) => text.split(',').map((x) => x.trim()).filter(Boolean);
  const label = field({ label: t('statusName'), control: h('input', { name: 'statusLabel', autocomplete: 'off' }), help: t('statusNameHelp') });
  const preview = h('p', { class: 'help', 'aria-live': 'polite' });
  label.control.addEventListener('input', () => (preview.textContent = label.control.value.trim() ? t('developerName', { name: label.control.value.trim().replace(/ /g, '_') }) : ''));
  const optionName = uid('availability');
  const options = h(
    'fieldset',
    {},
    h('legend', {}, t('statusOption')),
    h('label', { class: 'row' }, h('input', { type: 'radio', name: optionName, value: 'online', checked: true }), t('online')),
    h('label', { class: 'row' }, h('input', { type: 'radio', name: optionName, value: 'busy' }), t('busy')),
  );
  const channels = field({ label: t('channelsField'), control: h('input', { name: 'channels', autocomplete: 'off' }), help: t('channelsHelp') });
  const profiles = field({ label: t('profilesField'), control: h('input', { name: 'profiles', autocomplete: 'off' }), help: t('profilesHelp') });
  options.addEventListener('change', () => (channels.el.hidden = options.querySelector('input:checked').value === 'busy'));
  const status = h('div', {});
  const form = h('form', { novalidate: true }, label.el, preview, options, channels.el, profiles.el, h('button', { type: 'submit' }, t('provision')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.replaceChildren();
    for (const f of [label, channels]) f.setError('');
    const availability = options.querySelector('input:checked').value;
    try {
      const answer = await post(tenantPath(ctx.tenantId, '/salesforce/statuses/provision'), {
        statuses: [{ label: label.control.value.trim(), availability, channels: availability === 'online' ? list(channels.control.value) : [] }],
        profileNames: list(profiles.control.value),
      });
      const failed = answer.items.some((i) => i.outcome === 'failed');
      status.replaceChildren(alertBox(failed ? 'warn' : 'ok', t('provisionTitle'), answer.items.map((i) => `${i.what}: ${i.outcome}${i.message && i.message !== i.outcome ? ` — ${i.message}` : ''}`)));
      await post(tenantPath(ctx.tenantId, '/salesforce/refresh')).catch(() => undefined);
      await after();
    } catch (failure) {
      const fields = failure.fieldProblems ? failure.fieldProblems() : {};
      label.setError(fields['statuses.0.label']);
      channels.setError(fields['statuses.0.channels']);
      status.replaceChildren(errorAlert(failure));
    }
  });
  return h('details', { class: 'card' }, h('summary', {}, t('provisionTitle')), h('p', {}, t('provisionIntro')), status, form);
}

/** The rule's versions from the audit: who saved what and when. Left out if the hub cannot say. */
async function versionsSection(ctx, rule) {
  let versions;
  try {
    versions = (await get(tenantPath(ctx.tenantId, `/rules/${encodeURIComponent(rule.id)}/versions`))).versions;
  } catch {
    return null;
  }
  return h(
    'details',
    { class: 'card', 'data-versions': '' },
    h('summary', {}, t('versionsTitle', { n: versions.length })),
    versions.length
      ? h(
          'table',
          {},
          h('thead', {}, h('tr', {}, ['version', 'when', 'byWhom', 'explanation'].map((k) => h('th', { scope: 'col' }, t(k))))),
          h('tbody', {}, versions.map((v) => h('tr', {}, h('td', {}, v.version === null ? '—' : String(v.version)), h('td', {}, formatTime(v.at)), h('td', {}, v.by), h('td', {}, v.explanation)))),
        )
      : h('p', { class: 'muted' }, t('noEntries')),
  );
}
