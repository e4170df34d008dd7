/* global window, history */
import { api, del, get, post, tenantPath } from '../api.js';
import { alertBox, append, emptyState, errorAlert, field, formatTime, h, select, uid } from '../dom.js';
import { t } from '../i18n.js';
import { connectOutcome, connectToSalesforce, notConnected } from './mapping-connect.js';
import { EnvironmentForm } from './mapping-form.js';

const STATUS_LABEL = { draft: 'statusDraft', verified: 'statusVerified', failed: 'statusFailed', disabled: 'statusDisabled' };
const STATUS_BADGE = { draft: 'warn', verified: 'ok', failed: 'bad', disabled: '' };

/**
 * Account Mapping: the environments of the tenant, and the brief's wizard (access key user → platform →
 * environment → Map and register → select → save). `params` carry the outcome of "Connect to Salesforce".
 */
export async function renderMapping(container, ctx, params = []) {
  // Salesforce sends the browser back for the tenant the connection was started in.
  if (params[0] === 'connected' && params[1] && params[1] !== ctx.tenantId && ctx.tenants.some((x) => x.id === params[1])) {
    ctx.selectTenant(params[1]);
    return undefined;
  }
  const status = h('div', {});
  const list = h('div', {});
  const wizardHolder = h('div', {});
  append(container, [h('h1', {}, t('mappingTitle')), h('p', {}, t('mappingIntro')), status]);

  let mappings = [];
  async function loadList() {
    mappings = (await get(tenantPath(ctx.tenantId, '/account-mappings'))).mappings;
    drawList();
  }

  function drawList() {
    if (mappings.length === 0) {
      list.replaceChildren(emptyState(t('noMappings')));
      return;
    }
    list.replaceChildren(
      h(
        'table',
        {},
        h('caption', { class: 'visually-hidden' }, t('environments')),
        h('thead', {}, h('tr', {}, ['envName', 'orgId', 'platform', 'flowColumn', 'status', 'detail', ''].map((k) => h('th', { scope: 'col' }, k ? t(k) : h('span', { class: 'visually-hidden' }, t('edit')))))),
        h(
          'tbody',
          {},
          mappings.map((m) =>
            h(
              'tr',
              { 'data-mapping': m.id },
              h('th', { scope: 'row' }, m.environmentName),
              h('td', {}, h('code', {}, m.orgId)),
              h('td', {}, t(`platform${m.platform[0].toUpperCase()}${m.platform.slice(1)}`)),
              h('td', {}, t(`flowShort_${m.authFlow}`), m.sfUsername ? h('div', { class: 'muted' }, m.sfUsername) : null),
              h('td', {}, notConnected(m) ? h('span', { class: 'badge warn' }, t('statusNotConnected')) : h('span', { class: `badge ${STATUS_BADGE[m.status]}` }, t(STATUS_LABEL[m.status]))),
              h('td', { class: 'muted' }, m.statusDetail ?? '', h('div', {}, formatTime(m.updatedAt))),
              h(
                'td',
                {},
                h(
                  'div',
                  { class: 'row' },
                  m.status === 'draft' && ctx.can('account_mapping_create') ? h('button', { type: 'button', onclick: () => saveMapping(m) }, t('selectAndSave')) : null,
                  m.authFlow === 'authorization_code' && ctx.can('account_mapping_create') && (notConnected(m) || ctx.can('account_mapping_edit'))
                    ? h('button', { type: 'button', 'aria-label': `${t(notConnected(m) ? 'connectSf' : 'connectSfAgain')} ${m.environmentName}`, onclick: (e) => connect(m, e.currentTarget) }, t(notConnected(m) ? 'connectSf' : 'connectSfAgain'))
                    : null,
                  ctx.can('account_mapping_edit') ? h('button', { type: 'button', 'aria-label': `${t('editMapping')} ${m.environmentName}`, onclick: () => openEditor(m) }, t('editMapping')) : null,
                  ctx.can('account_mapping_edit') ? h('button', { type: 'button', class: 'danger', 'aria-label': `${t('removeMapping')} ${m.environmentName}`, onclick: () => removeMapping(m) }, t('removeMapping')) : null,
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }

  async function saveMapping(mapping) {
    status.replaceChildren();
    try {
      await post(tenantPath(ctx.tenantId, `/account-mappings/${encodeURIComponent(mapping.id)}/save`));
      status.replaceChildren(alertBox('ok', t('mappingSaved', { name: mapping.environmentName })));
      ctx.announce(t('mappingSaved', { name: mapping.environmentName }));
      await loadList();
    } catch (failure) {
      status.replaceChildren(errorAlert(failure));
    }
  }

  async function connect(mapping, button) {
    status.replaceChildren(h('p', { class: 'muted', role: 'status' }, t('connecting')));
    button.disabled = true;
    try {
      await connectToSalesforce(ctx, mapping.id);
    } catch (failure) {
      status.replaceChildren(errorAlert(failure));
      button.disabled = false;
    }
  }

  async function removeMapping(mapping) {
    if (!window.confirm(t('confirmRemove', { name: mapping.environmentName }))) return;
    status.replaceChildren();
    try {
      await del(tenantPath(ctx.tenantId, `/account-mappings/${encodeURIComponent(mapping.id)}`));
      status.replaceChildren(alertBox('ok', t('mappingRemoved')));
      await loadList();
    } catch (failure) {
      status.replaceChildren(errorAlert(failure));
    }
  }

  const start = ctx.can('account_mapping_create')
    ? h('button', { type: 'button', class: 'primary', onclick: () => openWizard() }, t('mapAccount'))
    : null;
  append(container, [h('div', { class: 'row spread' }, h('h2', {}, t('environments')), start), list, wizardHolder]);
  await loadList();
  const outcome = connectOutcome(params, mappings, { canSave: ctx.can('account_mapping_create'), save: saveMapping });
  if (outcome) {
    status.replaceChildren(outcome);
    ctx.announce(outcome.textContent);
    // Shown once: a reload shows the page as it is.
    history.replaceState(null, '', '#/mapping');
  }

  function openEditor(mapping) {
    status.replaceChildren();
    wizardHolder.replaceChildren(
      editForm(ctx, mapping, {
        onDone: async (message) => {
          await loadList();
          wizardHolder.replaceChildren();
          status.replaceChildren(alertBox('ok', message));
          ctx.announce(message);
        },
        onCancel: () => wizardHolder.replaceChildren(),
      }),
    );
    wizardHolder.querySelector('h2')?.focus();
  }

  async function openWizard() {
    status.replaceChildren();
    start.disabled = true;
    const wizard = new Wizard(ctx, wizardHolder, {
      onRegistered: async () => loadList(),
      onDone: async (message) => {
        await loadList();
        wizardHolder.replaceChildren();
        start.disabled = false;
        status.replaceChildren(alertBox('ok', message));
        ctx.announce(message);
        start.focus();
      },
      onCancel: () => {
        wizardHolder.replaceChildren();
        start.disabled = false;
        start.focus();
      },
      mappings: () => mappings,
    });
    await wizard.open();
  }
}

class Wizard {
  constructor(ctx, holder, hooks) {
    this.ctx = ctx;
    this.holder = holder;
    this.hooks = hooks;
    this.step = 1;
    this.data = { platform: 'production' };
    this.users = [];
    this.hint = null;
    this.registeredId = null;
  }

  async open() {
    try {
      const answer = await get(tenantPath(this.ctx.tenantId, '/account-mappings/access-key-users'));
      this.users = answer.users;
      this.hint = answer.hint ?? null;
    } catch (failure) {
      this.holder.replaceChildren(errorAlert(failure));
      return;
    }
    this.draw();
  }

  frame(body, actions) {
    const steps = h(
      'ol',
      { class: 'steps', 'aria-label': t('mapAccount') },
      [1, 2, 3, 4].map((n) => h('li', { 'aria-current': n === this.step ? 'step' : null }, t(`step${n}`))),
    );
    const headingId = uid('wizard');
    const section = h('section', { class: 'card', 'aria-labelledby': headingId }, h('h2', { id: headingId, tabindex: '-1' }, t(`step${this.step}`)), steps, body, h('div', { class: 'row' }, actions));
    this.holder.replaceChildren(section);
    section.querySelector('h2').focus();
    return section;
  }

  cancelButton() {
    return h('button', { type: 'button', onclick: () => this.hooks.onCancel() }, t('cancel'));
  }

  draw() {
    if (this.step === 1) this.drawAccessKeyUser();
    else if (this.step === 2) this.drawPlatform();
    else if (this.step === 3) this.drawEnvironment();
    else this.drawSelect();
  }

  drawAccessKeyUser() {
    let f;
    if (this.users.length > 0) {
      const options = [{ value: '', label: '—' }, ...this.users.map((u) => ({ value: u.id, label: `${u.name || u.username || u.id}${u.email ? ` <${u.email}>` : ''}${u.active ? '' : ' (inactive)'}` }))];
      f = field({ label: t('accessKeyUser'), control: select(options, this.data.accessKeyUser ?? '', { name: 'accessKeyUser' }), help: t('accessKeyUserHelp') });
    } else {
      f = field({ label: t('accessKeyUserTyped'), control: h('input', { name: 'accessKeyUser', value: this.data.accessKeyUser ?? '' }), help: `${t('accessKeyUserHelp')} ${this.hint ?? ''}` });
    }
    const next = h('button', { type: 'button', class: 'primary' }, t('next'));
    next.addEventListener('click', () => {
      const value = f.control.value.trim();
      f.setError(value ? '' : t('required'));
      if (!value) return f.control.focus();
      this.data.accessKeyUser = value;
      this.step = 2;
      this.draw();
    });
    this.frame(f.el, [this.cancelButton(), next]);
  }

  drawPlatform() {
    const name = uid('platform');
    const choices = ['production', 'sandbox', 'hyperforce'].map((p) =>
      h('label', { class: 'row' }, h('input', { type: 'radio', name, value: p, checked: this.data.platform === p }), t(`platform${p[0].toUpperCase()}${p.slice(1)}`)),
    );
    const group = h('fieldset', { 'aria-describedby': `${name}-help` }, h('legend', {}, t('platform')), choices, h('p', { class: 'help', id: `${name}-help` }, t('platformHelp')));
    const back = h('button', { type: 'button', onclick: () => ((this.step = 1), this.draw()) }, t('back'));
    const next = h('button', { type: 'button', class: 'primary' }, t('next'));
    next.addEventListener('click', () => {
      this.data.platform = group.querySelector('input:checked').value;
      this.step = 3;
      this.draw();
    });
    this.frame(group, [back, this.cancelButton(), next]);
  }

  drawEnvironment() {
    const form = new EnvironmentForm(this.ctx, { data: this.data });
    const formStatus = h('div', {});
    const holder = h('form', { novalidate: true }, formStatus, form.el);
    const failed = (failure) => {
      form.showProblems(failure.fieldProblems ? failure.fieldProblems() : {});
      formStatus.replaceChildren(errorAlert(failure));
    };

    const check = h('button', { type: 'button' }, t('checkForm'));
    check.addEventListener('click', async () => {
      formStatus.replaceChildren();
      if (form.showProblems(form.localProblems())) return;
      try {
        await post(tenantPath(this.ctx.tenantId, '/account-mappings/validate'), form.body());
        formStatus.replaceChildren(alertBox('ok', t('formOk')));
      } catch (failure) {
        failed(failure);
      }
    });

    // The web-server flow cannot log in before the administrator authorises the hub: it is saved, then connected.
    const register = h('button', { type: 'button', class: 'primary' }, t('mapAndRegister'));
    const label = () => (register.textContent = t(form.flow === 'authorization_code' ? 'saveAndConnect' : 'mapAndRegister'));
    holder.addEventListener('change', label);
    label();
    register.addEventListener('click', async () => {
      formStatus.replaceChildren();
      form.remember();
      if (form.showProblems(form.localProblems())) return;
      register.disabled = true;
      const connecting = form.flow === 'authorization_code';
      formStatus.replaceChildren(h('p', { class: 'muted', role: 'status' }, t(connecting ? 'connecting' : 'registering')));
      let answer;
      try {
        answer = await post(tenantPath(this.ctx.tenantId, '/account-mappings'), form.body(), { idempotent: true });
      } catch (failure) {
        failed(failure);
        register.disabled = false;
        return;
      }
      this.registeredId = answer.mapping.id;
      await this.hooks.onRegistered();
      if (connecting) {
        try {
          await connectToSalesforce(this.ctx, answer.mapping.id);
        } catch (failure) {
          formStatus.replaceChildren(errorAlert(failure));
        }
        return;
      }
      const r = answer.registration;
      const cx = answer.cxone ? t('cxoneOk', { tenant: answer.cxone.cxoneTenantId, endpoint: answer.cxone.apiEndpoint }) : t('cxoneNotGiven');
      this.registration = [t('registered', { name: r.organizationName, orgId: r.organizationId, url: r.instanceUrl }), r.isSandbox ? t('sandboxNote') : '', r.hyperforce ? t('hyperforceNote') : '', ...r.notes.map((n) => n.message), cx].filter(Boolean);
      this.step = 4;
      this.draw();
    });
    const back = h('button', { type: 'button', onclick: () => (form.remember(), (this.step = 2), this.draw()) }, t('back'));
    this.frame(holder, [back, this.cancelButton(), check, register]);
  }

  drawSelect() {
    const [headline, ...notes] = this.registration ?? [];
    const result = alertBox('ok', headline, notes);
    const candidates = this.hooks.mappings().filter((m) => m.status !== 'failed');
    const f = field({
      label: t('selectEnv'),
      control: select(candidates.map((m) => ({ value: m.id, label: `${m.environmentName} (${m.orgId})` })), this.registeredId, { name: 'environment' }),
      help: t('selectEnvHelp'),
    });
    const formStatus = h('div', {});
    const save = h('button', { type: 'button', class: 'primary' }, t('saveMapping'));
    save.addEventListener('click', async () => {
      formStatus.replaceChildren();
      save.disabled = true;
      const chosen = candidates.find((m) => m.id === f.control.value);
      try {
        await post(tenantPath(this.ctx.tenantId, `/account-mappings/${encodeURIComponent(f.control.value)}/save`));
        await this.hooks.onDone(t('mappingSaved', { name: chosen?.environmentName ?? f.control.value }));
      } catch (failure) {
        formStatus.replaceChildren(errorAlert(failure));
        save.disabled = false;
      }
    });
    this.frame(h('div', {}, result, formStatus, f.el), [this.cancelButton(), save]);
  }
}

/** Change a saved environment: only the fields changed are sent; empty secrets keep their stored values (unless the flow changes); Map and register runs again. */
function editForm(ctx, m, hooks) {
  const form = new EnvironmentForm(ctx, { mapping: m });
  const formStatus = h('div', {});
  const submit = h('button', { type: 'submit', class: 'primary' }, t('mapAndRegister'));
  const headingId = uid('edit');
  const el = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': headingId },
    h('h2', { id: headingId, tabindex: '-1' }, t('editMappingTitle', { name: m.environmentName })),
    formStatus,
    form.el,
    h('div', { class: 'row' }, h('button', { type: 'button', onclick: () => hooks.onCancel() }, t('cancel')), submit),
  );
  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    formStatus.replaceChildren();
    if (form.showProblems(form.localProblems())) return;
    const body = form.changes();
    if (Object.keys(body).length === 0) {
      formStatus.replaceChildren(alertBox('warn', t('nothingChanged')));
      return;
    }
    submit.disabled = true;
    formStatus.replaceChildren(h('p', { class: 'muted', role: 'status' }, t('registering')));
    try {
      const answer = await api('PATCH', tenantPath(ctx.tenantId, `/account-mappings/${encodeURIComponent(m.id)}`), body);
      await hooks.onDone(t(answer.registration ? 'mappingUpdated' : 'mappingUpdatedConnect', { name: answer.mapping.environmentName }));
    } catch (failure) {
      form.showProblems(failure.fieldProblems ? failure.fieldProblems() : {});
      formStatus.replaceChildren(errorAlert(failure));
      submit.disabled = false;
    }
  });
  return el;
}
