/* global window */
// The Salesforce environment form, for a new environment (wizard step 3) and for editing one: the
// OAuth flow with only that flow's fields, and the CXone application section with its own check.
import { get, post, tenantPath } from '../api.js';
import { alertBox, errorAlert, field, h, uid } from '../dom.js';
import { t } from '../i18n.js';

export const FLOWS = ['username_password', 'client_credentials', 'jwt_bearer', 'authorization_code'];
/** The fields each flow shows, and those it needs. */
const SHOWN = {
  username_password: ['username', 'password', 'token', 'clientId', 'clientSecret'],
  client_credentials: ['clientId', 'clientSecret'],
  jwt_bearer: ['username', 'clientId', 'privateKey'],
  authorization_code: ['clientId', 'clientSecret', 'callback'],
};
const REQUIRED = {
  username_password: ['username', 'password', 'clientId', 'clientSecret'],
  client_credentials: ['clientId', 'clientSecret'],
  jwt_bearer: ['username', 'clientId', 'privateKey'],
  authorization_code: ['clientId'],
};
const SECRETS = ['password', 'clientSecret', 'privateKey'];
const CXONE = ['cxoneClientId', 'cxoneClientSecret', 'cxoneAccessKeyId', 'cxoneAccessKeySecret', 'cxoneIssuer', 'cxoneTenantId'];
const CXONE_CORE = ['cxoneClientId', 'cxoneClientSecret', 'cxoneAccessKeyId', 'cxoneAccessKeySecret'];
const CXONE_SECRETS = ['cxoneClientSecret', 'cxoneAccessKeySecret'];
const ORG_ID = /^00D[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What the hub will send Salesforce as the callback (its public URL behind a proxy); this browser's address until it answers. */
export const callbackUrl = () => `${window.location.origin}/api/v1/salesforce/oauth/callback`;
const hubCallbackUrl = () => get('/salesforce/oauth/callback-url').then((r) => r.callbackUrl, () => undefined);

/**
 * `data`: what the wizard remembers between steps (new environment), or `mapping`: the stored one
 * (edit: only changed fields are sent, empty secrets keep their stored values unless the flow changes).
 */
export class EnvironmentForm {
  constructor(ctx, { data, mapping }) {
    this.ctx = ctx;
    this.mapping = mapping ?? null;
    const m = this.mapping;
    this.original = m
      ? { authFlow: m.authFlow, environmentName: m.environmentName, orgId: m.orgId, loginUrl: m.loginUrl, username: m.sfUsername ?? '', clientId: m.sfClientId ?? '', cxoneClientId: m.cxoneClientId ?? '', cxoneAccessKeyId: m.cxoneAccessKeyId ?? '', cxoneIssuer: m.cxoneIssuer ?? '', cxoneTenantId: m.cxoneTenantId ?? '' }
      : null;
    this.data = data ?? {};
    const start = this.original ?? this.data;
    this.flow = start.authFlow ?? 'username_password';
    const text = (name, attrs = {}) => h('input', { name, autocomplete: 'off', value: start[name] ?? '', ...attrs });
    const secret = (name) => h('input', { name, type: 'password', autocomplete: 'new-password' });
    this.fields = {
      environmentName: field({ label: t('envName'), control: text('environmentName'), help: t('envNameHelp') }),
      orgId: field({ label: t('orgId'), control: text('orgId', { maxlength: 18, spellcheck: 'false' }), help: t('orgIdHelp') }),
      loginUrl: field({ label: t('loginUrl'), control: text('loginUrl', { type: 'url' }), help: t('loginUrlHelp') }),
      username: field({ label: t('username'), control: text('username'), help: t('sfUsernameHelp') }),
      password: field({ label: t('password'), control: secret('password'), help: t('sfPasswordHelp') }),
      clientId: field({ label: t('clientId'), control: text('clientId'), help: t('clientIdHelp') }),
      clientSecret: field({ label: t('clientSecret'), control: secret('clientSecret'), help: t('clientSecretHelp') }),
      privateKey: field({ label: t('privateKey'), control: h('textarea', { name: 'privateKey', rows: 6, spellcheck: 'false', autocomplete: 'off', placeholder: '-----BEGIN PRIVATE KEY-----' }), help: t('privateKeyHelp') }),
      cxoneClientId: field({ label: t('cxoneClientId'), control: text('cxoneClientId'), help: t('cxoneClientIdHelp') }),
      cxoneClientSecret: field({ label: t('cxoneClientSecret'), control: secret('cxoneClientSecret'), help: t('cxoneClientSecretHelp') }),
      cxoneAccessKeyId: field({ label: t('cxoneAccessKeyId'), control: text('cxoneAccessKeyId'), help: t('cxoneAccessKeyIdHelp') }),
      cxoneAccessKeySecret: field({ label: t('cxoneAccessKeySecret'), control: secret('cxoneAccessKeySecret'), help: t('cxoneAccessKeySecretHelp') }),
      cxoneIssuer: field({ label: t('cxoneIssuer'), control: text('cxoneIssuer', { type: 'url' }), help: t('cxoneIssuerHelp') }),
      cxoneTenantId: field({ label: t('cxoneTenantId'), control: text('cxoneTenantId'), help: t('cxoneTenantIdHelp') }),
    };
    if (!m) this.fields.adminEmail = field({ label: t('adminEmail'), control: text('adminEmail', { type: 'email' }), help: t('adminEmailHelp') });
    this.el = h('div', {}, this.commonPart(), this.flowPart(), this.fields.adminEmail?.el, this.cxonePart());
    this.showFlow();
  }

  commonPart() {
    return h('div', {}, this.fields.environmentName.el, this.fields.orgId.el, this.fields.loginUrl.el);
  }

  flowPart() {
    const name = uid('flow');
    const choices = FLOWS.map((flow) => {
      const helpId = `${name}-${flow}-help`;
      return h(
        'div',
        { class: 'choice' },
        h('label', { class: 'row' }, h('input', { type: 'radio', name, value: flow, checked: this.flow === flow, 'aria-describedby': helpId, onchange: () => this.chooseFlow(flow) }), t(`flow_${flow}`)),
        h('p', { class: 'help', id: helpId }, t(`flowHelp_${flow}`)),
      );
    });
    // Option 2 of the brief: the security token goes straight after the password ("xyz" + "123" → "xyz123").
    this.useToken = h('input', { type: 'checkbox', name: 'useToken', id: uid('usetoken') });
    this.token = field({ label: t('securityToken'), control: h('input', { name: 'securityToken', type: 'password', autocomplete: 'off' }) });
    const preview = h('p', { class: 'help', 'aria-live': 'polite' });
    const updatePreview = () => {
      this.token.el.hidden = !this.useToken.checked;
      const p = this.fields.password.control.value.length;
      const tk = this.token.control.value.length;
      preview.textContent = this.useToken.checked ? t('tokenPreview', { p, t: tk, n: p + tk }) : '';
    };
    this.useToken.addEventListener('change', updatePreview);
    this.token.control.addEventListener('input', updatePreview);
    this.fields.password.control.addEventListener('input', updatePreview);
    this.token.el.hidden = true;
    this.tokenBox = h('fieldset', {}, h('legend', {}, t('securityToken')), h('label', { class: 'row', for: this.useToken.id }, this.useToken, t('tokenOption')), h('p', { class: 'help' }, t('tokenOptionHelp')), this.token.el, preview);
    const shown = h('code', { 'data-callback': '' }, callbackUrl());
    void hubCallbackUrl().then((url) => {
      if (url) shown.textContent = url;
    });
    this.callback = h('div', { class: 'field' }, h('span', { class: 'label' }, t('callbackUrl')), shown, h('p', { class: 'help' }, t('callbackUrlHelp')));
    const f = this.fields;
    return h(
      'fieldset',
      { 'data-section': 'salesforce-login' },
      h('legend', {}, t('flow')),
      h('p', { class: 'help' }, t('flowHelp')),
      h('div', { role: 'radiogroup', 'aria-label': t('flow') }, choices),
      f.username.el,
      f.password.el,
      this.tokenBox,
      f.clientId.el,
      f.clientSecret.el,
      f.privateKey.el,
      this.callback,
    );
  }

  cxonePart() {
    this.cxoneStatus = h('div', {});
    const check = h('button', { type: 'button', 'data-action': 'check-cxone' }, t('checkCxone'));
    check.addEventListener('click', () => this.checkCxone(check));
    const f = this.fields;
    return h(
      'fieldset',
      { 'data-section': 'cxone' },
      h('legend', {}, t('cxoneSection')),
      h('p', { class: 'help' }, t('cxoneSectionHelp')),
      this.cxoneStatus,
      CXONE.map((name) => f[name].el),
      h('div', { class: 'row' }, check),
    );
  }

  chooseFlow(flow) {
    this.flow = flow;
    this.showFlow();
  }

  showFlow() {
    const shown = new Set(SHOWN[this.flow]);
    for (const name of ['username', 'password', 'clientId', 'clientSecret', 'privateKey']) {
      this.fields[name].el.hidden = !shown.has(name);
      if (!shown.has(name)) this.fields[name].setError('');
    }
    this.tokenBox.hidden = !shown.has('token');
    this.callback.hidden = !shown.has('callback');
    const helpOf = (name) => this.fields[name].el.querySelector('.help');
    const base = {
      username: this.flow === 'jwt_bearer' ? t('jwtUsernameHelp') : t('sfUsernameHelp'),
      loginUrl: this.flow === 'client_credentials' ? t('myDomainHelp') : t('loginUrlHelp'),
      password: t('sfPasswordHelp'),
      clientSecret: this.flow === 'authorization_code' ? t('clientSecretOptionalHelp') : t('clientSecretHelp'),
      privateKey: t('privateKeyHelp'),
      cxoneClientSecret: t('cxoneClientSecretHelp'),
      cxoneAccessKeySecret: t('cxoneAccessKeySecretHelp'),
    };
    // Editing: a secret left empty keeps its stored value, unless the flow changes.
    const keeps = this.mapping && this.flow === this.mapping.authFlow;
    const suffix = (name) => {
      if (!this.mapping || !(SECRETS.includes(name) || CXONE_SECRETS.includes(name))) return '';
      return CXONE_SECRETS.includes(name) || keeps ? ` ${t('keepSecret')}` : ` ${t('newFlowSecrets')}`;
    };
    for (const [name, text] of Object.entries(base)) helpOf(name).textContent = `${text}${suffix(name)}`;
  }

  value(name) {
    return this.fields[name].control.value.trim();
  }

  secretValue(name) {
    if (name === 'password') return this.fields.password.control.value + (this.useToken.checked ? this.token.control.value.trim() : '');
    return name === 'privateKey' ? this.fields.privateKey.control.value.trim() : this.fields[name].control.value;
  }

  /** The form of a new environment: the chosen flow's fields only. */
  body() {
    const out = { accessKeyUser: this.data.accessKeyUser, platform: this.data.platform, authFlow: this.flow, environmentName: this.value('environmentName'), orgId: this.value('orgId'), adminEmail: this.value('adminEmail') };
    if (this.value('loginUrl')) out.loginUrl = this.value('loginUrl');
    for (const name of SHOWN[this.flow]) {
      if (name === 'token' || name === 'callback') continue;
      const v = SECRETS.includes(name) ? this.secretValue(name) : this.value(name);
      if (v) out[name] = v;
    }
    for (const name of CXONE) if (this.value(name)) out[name] = CXONE_SECRETS.includes(name) ? this.fields[name].control.value : this.value(name);
    return out;
  }

  /** The changes of an edited environment: what differs from the stored one, and the secrets typed. */
  changes() {
    const out = {};
    if (this.flow !== this.original.authFlow) out.authFlow = this.flow;
    const plain = ['environmentName', 'orgId', 'loginUrl', ...SHOWN[this.flow].filter((n) => n === 'username' || n === 'clientId'), 'cxoneClientId', 'cxoneAccessKeyId', 'cxoneIssuer', 'cxoneTenantId'];
    for (const name of plain) if (this.value(name) !== (this.original[name] ?? '') && this.value(name) !== '') out[name] = this.value(name);
    for (const name of SECRETS) if (SHOWN[this.flow].includes(name) && this.secretValue(name)) out[name] = this.secretValue(name);
    for (const name of CXONE_SECRETS) if (this.fields[name].control.value) out[name] = this.fields[name].control.value;
    return out;
  }

  /** What the console can tell before asking the hub: missing fields, a malformed org ID or e-mail. */
  localProblems() {
    const problems = {};
    const editing = Boolean(this.mapping);
    const switching = editing && this.flow !== this.mapping.authFlow;
    for (const name of ['environmentName', 'orgId', ...(editing ? [] : ['adminEmail'])]) if (!this.value(name)) problems[name] = t('required');
    for (const name of REQUIRED[this.flow]) {
      const secret = SECRETS.includes(name);
      const typed = secret ? this.secretValue(name) : this.value(name);
      // Editing: a stored secret may stay, unless the flow changes.
      if (!typed && !(secret && editing && !switching)) problems[name] = t('required');
    }
    if (this.value('orgId') && !ORG_ID.test(this.value('orgId'))) problems.orgId = t('orgIdInvalid');
    if (!editing && this.value('adminEmail') && !EMAIL.test(this.value('adminEmail'))) problems.adminEmail = t('emailInvalid');
    if (this.data.platform === 'hyperforce' && !this.value('loginUrl')) problems.loginUrl = t('hyperforceNeedsUrl');
    if (this.flow === 'client_credentials' && !this.value('loginUrl')) problems.loginUrl = t('myDomainNeeded');
    const stored = (name) => editing && (CXONE_SECRETS.includes(name) ? this.mapping.secretsSet[name] : Boolean(this.original[name]));
    if (CXONE.some((name) => this.value(name) || stored(name))) {
      for (const name of CXONE_CORE) if (!this.value(name) && !stored(name)) problems[name] = t('cxoneAllFour');
    }
    return problems;
  }

  /** Shows each field's problem (from the console or the hub); focuses the first. True when there was one. */
  showProblems(problems) {
    for (const [name, f] of Object.entries(this.fields)) f.setError(problems[name]);
    const first = Object.keys(this.fields).find((name) => problems[name] && !this.fields[name].el.hidden);
    if (first) this.fields[first].control.focus();
    return Object.keys(problems).some((name) => this.fields[name]);
  }

  /** Remembers what was typed (never a secret) for when the wizard steps back. */
  remember() {
    this.data.authFlow = this.flow;
    for (const name of ['environmentName', 'orgId', 'loginUrl', 'username', 'clientId', 'adminEmail', 'cxoneClientId', 'cxoneAccessKeyId', 'cxoneIssuer', 'cxoneTenantId']) if (this.fields[name]) this.data[name] = this.fields[name].control.value;
  }

  async checkCxone(button) {
    this.cxoneStatus.replaceChildren();
    for (const name of CXONE) this.fields[name].setError('');
    const body = {};
    for (const name of CXONE) if (this.value(name)) body[name] = CXONE_SECRETS.includes(name) ? this.fields[name].control.value : this.value(name);
    if (this.mapping) body.mappingId = this.mapping.id;
    else {
      const missing = Object.fromEntries(CXONE_CORE.filter((name) => !this.value(name)).map((name) => [name, t('required')]));
      if (Object.keys(missing).length > 0) return this.showProblems(missing);
    }
    button.disabled = true;
    this.cxoneStatus.replaceChildren(h('p', { class: 'muted', role: 'status' }, t('checkingCxone')));
    try {
      const report = await post(tenantPath(this.ctx.tenantId, '/account-mappings/check-cxone'), body);
      this.cxoneStatus.replaceChildren(alertBox('ok', t('cxoneOk', { tenant: report.cxoneTenantId, endpoint: report.apiEndpoint })));
    } catch (failure) {
      this.showProblems(failure.fieldProblems ? failure.fieldProblems() : {});
      this.cxoneStatus.replaceChildren(errorAlert(failure));
    } finally {
      button.disabled = false;
    }
  }
}
