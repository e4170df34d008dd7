/* global window */
import { api, del, get, post, tenantPath } from '../api.js';
import { alertBox, append, emptyState, errorAlert, field, formatTime, h, select, uid } from '../dom.js';
import { t } from '../i18n.js';

const ORG_ID = /^00D[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const STATUS_LABEL = { draft: 'statusDraft', verified: 'statusVerified', failed: 'statusFailed', disabled: 'statusDisabled' };
const STATUS_BADGE = { draft: 'warn', verified: 'ok', failed: 'bad', disabled: '' };

/** Account Mapping: the environments of the tenant, and the brief's wizard (access key user → platform → environment → Map and register → select → save). */
export async function renderMapping(container, ctx) {
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
        h('thead', {}, h('tr', {}, ['envName', 'orgId', 'platform', 'adminUser', 'status', 'detail', ''].map((k) => h('th', { scope: 'col' }, k ? t(k) : h('span', { class: 'visually-hidden' }, t('edit')))))),
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
              h('td', {}, m.sfUsername ?? '—'),
              h('td', {}, h('span', { class: `badge ${STATUS_BADGE[m.status]}` }, t(STATUS_LABEL[m.status]))),
              h('td', { class: 'muted' }, m.statusDetail ?? '', h('div', {}, formatTime(m.updatedAt))),
              h(
                'td',
                {},
                h(
                  'div',
                  { class: 'row' },
                  m.status === 'draft' && ctx.can('account_mapping_create') ? h('button', { type: 'button', onclick: () => saveMapping(m) }, t('selectAndSave')) : null,
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
    const d = this.data;
    const input = (name, attrs = {}) => h('input', { name, autocomplete: 'off', value: d[name] ?? '', ...attrs });
    const fields = {
      environmentName: field({ label: t('envName'), control: input('environmentName'), help: t('envNameHelp') }),
      orgId: field({ label: t('orgId'), control: input('orgId', { maxlength: 18, spellcheck: 'false' }), help: t('orgIdHelp') }),
      loginUrl: field({ label: t('loginUrl'), control: input('loginUrl', { type: 'url' }), help: t('loginUrlHelp') }),
      username: field({ label: t('username'), control: input('username'), help: t('sfUsernameHelp') }),
      password: field({ label: t('password'), control: h('input', { name: 'password', type: 'password', autocomplete: 'new-password' }), help: t('sfPasswordHelp') }),
      clientId: field({ label: t('clientId'), control: input('clientId'), help: t('clientIdHelp') }),
      clientSecret: field({ label: t('clientSecret'), control: h('input', { name: 'clientSecret', type: 'password', autocomplete: 'new-password' }), help: t('clientSecretHelp') }),
      adminEmail: field({ label: t('adminEmail'), control: input('adminEmail', { type: 'email' }), help: t('adminEmailHelp') }),
    };
    const useToken = h('input', { type: 'checkbox', name: 'useToken', id: uid('usetoken') });
    const token = field({ label: t('securityToken'), control: h('input', { name: 'securityToken', type: 'password', autocomplete: 'off' }) });
    const preview = h('p', { class: 'help', 'aria-live': 'polite' });
    token.el.hidden = true;
    const updatePreview = () => {
      token.el.hidden = !useToken.checked;
      const p = fields.password.control.value.length;
      const tk = token.control.value.length;
      preview.textContent = useToken.checked ? t('tokenPreview', { p, t: tk, n: p + tk }) : '';
    };
    useToken.addEventListener('change', updatePreview);
    token.control.addEventListener('input', updatePreview);
    fields.password.control.addEventListener('input', updatePreview);
    const tokenBox = h('fieldset', {}, h('legend', {}, t('securityToken')), h('label', { class: 'row', for: useToken.id }, useToken, t('tokenOption')), h('p', { class: 'help' }, t('tokenOptionHelp')), token.el, preview);

    const formStatus = h('div', {});
    const form = h('form', { novalidate: true }, formStatus, fields.environmentName.el, fields.orgId.el, fields.loginUrl.el, fields.username.el, fields.password.el, tokenBox, fields.clientId.el, fields.clientSecret.el, fields.adminEmail.el);

    const body = () => {
      const value = (name) => fields[name].control.value.trim();
      const out = {
        accessKeyUser: d.accessKeyUser,
        platform: d.platform,
        environmentName: value('environmentName'),
        orgId: value('orgId'),
        username: value('username'),
        // Option 2 of the brief: the security token goes straight after the password ("xyz" + "123" → "xyz123").
        password: fields.password.control.value + (useToken.checked ? token.control.value.trim() : ''),
        clientId: value('clientId'),
        clientSecret: fields.clientSecret.control.value,
        adminEmail: value('adminEmail'),
      };
      if (value('loginUrl')) out.loginUrl = value('loginUrl');
      return out;
    };

    const localProblems = (b) => {
      const problems = {};
      for (const name of ['environmentName', 'orgId', 'username', 'password', 'clientId', 'clientSecret', 'adminEmail']) if (!b[name]) problems[name] = t('required');
      if (b.orgId && !ORG_ID.test(b.orgId)) problems.orgId = t('orgIdInvalid');
      if (b.adminEmail && !EMAIL.test(b.adminEmail)) problems.adminEmail = t('emailInvalid');
      if (d.platform === 'hyperforce' && !b.loginUrl) problems.loginUrl = t('hyperforceNeedsUrl');
      return problems;
    };

    const showProblems = (problems) => {
      for (const [name, f] of Object.entries(fields)) f.setError(problems[name]);
      const first = Object.keys(fields).find((name) => problems[name]);
      if (first) fields[first].control.focus();
      return Boolean(first);
    };

    const remember = () => {
      for (const name of ['environmentName', 'orgId', 'loginUrl', 'username', 'clientId', 'adminEmail']) d[name] = fields[name].control.value;
    };

    const check = h('button', { type: 'button' }, t('checkForm'));
    check.addEventListener('click', async () => {
      formStatus.replaceChildren();
      const b = body();
      if (showProblems(localProblems(b))) return;
      try {
        await post(tenantPath(this.ctx.tenantId, '/account-mappings/validate'), b);
        formStatus.replaceChildren(alertBox('ok', t('formOk')));
      } catch (failure) {
        showProblems(failure.fieldProblems ? failure.fieldProblems() : {});
        formStatus.replaceChildren(errorAlert(failure));
      }
    });

    const register = h('button', { type: 'button', class: 'primary' }, t('mapAndRegister'));
    register.addEventListener('click', async () => {
      formStatus.replaceChildren();
      remember();
      const b = body();
      if (showProblems(localProblems(b))) return;
      register.disabled = true;
      formStatus.replaceChildren(h('p', { class: 'muted', role: 'status' }, t('registering')));
      try {
        const answer = await post(tenantPath(this.ctx.tenantId, '/account-mappings'), b, { idempotent: true });
        this.registeredId = answer.mapping.id;
        const r = answer.registration;
        this.registration = [t('registered', { name: r.organizationName, orgId: r.organizationId, url: r.instanceUrl }), r.isSandbox ? t('sandboxNote') : '', r.hyperforce ? t('hyperforceNote') : '', ...r.notes.map((n) => n.message)].filter(Boolean);
        await this.hooks.onRegistered();
        this.step = 4;
        this.draw();
      } catch (failure) {
        showProblems(failure.fieldProblems ? failure.fieldProblems() : {});
        formStatus.replaceChildren(errorAlert(failure));
        register.disabled = false;
      }
    });
    const back = h('button', { type: 'button', onclick: () => (remember(), (this.step = 2), this.draw()) }, t('back'));
    this.frame(form, [back, this.cancelButton(), check, register]);
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

/** Change a saved environment: only the fields changed are sent; empty secrets keep their stored values; Map and register runs again. */
function editForm(ctx, m, hooks) {
  const original = { environmentName: m.environmentName, orgId: m.orgId, loginUrl: m.loginUrl, username: m.sfUsername ?? '', clientId: m.sfClientId ?? '' };
  const input = (name, attrs = {}) => h('input', { name, autocomplete: 'off', value: original[name] ?? '', ...attrs });
  const fields = {
    environmentName: field({ label: t('envName'), control: input('environmentName'), help: t('envNameHelp') }),
    orgId: field({ label: t('orgId'), control: input('orgId', { maxlength: 18, spellcheck: 'false' }), help: t('orgIdHelp') }),
    loginUrl: field({ label: t('loginUrl'), control: input('loginUrl', { type: 'url' }), help: t('loginUrlHelp') }),
    username: field({ label: t('username'), control: input('username'), help: t('sfUsernameHelp') }),
    password: field({ label: t('password'), control: h('input', { type: 'password', name: 'password', autocomplete: 'new-password' }), help: `${t('sfPasswordHelp')} ${t('tokenOptionHelp')} ${t('keepSecret')}` }),
    clientId: field({ label: t('clientId'), control: input('clientId'), help: t('clientIdHelp') }),
    clientSecret: field({ label: t('clientSecret'), control: h('input', { type: 'password', name: 'clientSecret', autocomplete: 'new-password' }), help: `${t('clientSecretHelp')} ${t('keepSecret')}` }),
  };
  const formStatus = h('div', {});
  const submit = h('button', { type: 'submit', class: 'primary' }, t('mapAndRegister'));
  const headingId = uid('edit');
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': headingId },
    h('h2', { id: headingId, tabindex: '-1' }, t('editMappingTitle', { name: m.environmentName })),
    formStatus,
    Object.values(fields).map((f) => f.el),
    h('div', { class: 'row' }, h('button', { type: 'button', onclick: () => hooks.onCancel() }, t('cancel')), submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    formStatus.replaceChildren();
    for (const f of Object.values(fields)) f.setError('');
    const body = {};
    for (const name of Object.keys(original)) {
      const value = fields[name].control.value.trim();
      if (value !== original[name]) body[name] = value;
    }
    if (fields.password.control.value) body.password = fields.password.control.value;
    if (fields.clientSecret.control.value) body.clientSecret = fields.clientSecret.control.value;
    if (body.orgId !== undefined && !ORG_ID.test(body.orgId)) {
      fields.orgId.setError(t('orgIdInvalid'));
      fields.orgId.control.focus();
      return;
    }
    if (Object.keys(body).length === 0) {
      formStatus.replaceChildren(alertBox('warn', t('nothingChanged')));
      return;
    }
    submit.disabled = true;
    formStatus.replaceChildren(h('p', { class: 'muted', role: 'status' }, t('registering')));
    try {
      const answer = await api('PATCH', tenantPath(ctx.tenantId, `/account-mappings/${encodeURIComponent(m.id)}`), body);
      await hooks.onDone(t('mappingUpdated', { name: answer.mapping.environmentName }));
    } catch (failure) {
      const problems = failure.fieldProblems ? failure.fieldProblems() : {};
      for (const [name, f] of Object.entries(fields)) f.setError(problems[name]);
      formStatus.replaceChildren(errorAlert(failure));
      submit.disabled = false;
    }
  });
  return form;
}
