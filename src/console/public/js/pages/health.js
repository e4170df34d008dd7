/* global window */
import { del, get, post, put, tenantPath } from '../api.js';
import { alertBox, append, emptyState, errorAlert, field, formatTime, h, select } from '../dom.js';
import { lang, t } from '../i18n.js';

const REFRESH_MS = 10_000;

const severityBadge = (severity) => h('span', { class: `badge ${severity === 'critical' ? 'bad' : 'warn'}`, 'data-severity': severity }, t(severity === 'critical' ? 'sevCritical' : 'sevWarning'));

const duration = (from, to) => {
  const minutes = Math.max(0, Math.round((to - from) / 60_000));
  return minutes < 60 ? t('minutesShort', { n: minutes }) : t('hoursShort', { n: Math.round((minutes / 60) * 10) / 10 });
};

function refs(list, count, href) {
  if (count === 0) return null;
  const items = list.map((r) => h('li', {}, href ? h('a', { href: href(r) }, r.name) : r.name));
  return h('ul', { class: 'refs' }, items, count > list.length ? h('li', { class: 'muted' }, t('andMore', { n: count - list.length })) : null);
}

function problemCard(problem) {
  const language = lang();
  return h(
    'section',
    { class: `card problem ${problem.severity}`, 'data-problem': problem.code, 'aria-labelledby': `p-${problem.id}` },
    h('div', { class: 'row' }, severityBadge(problem.severity), h('h3', { id: `p-${problem.id}` }, problem.title[language])),
    h('p', {}, problem.summary[language]),
    h('p', {}, h('strong', {}, `${t('whatToDo')} `), problem.remedy[language]),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('since')),
      h('dd', {}, formatTime(problem.openedAt)),
      problem.affected.agentCount > 0 ? [h('dt', {}, t('affectedAgents', { n: problem.affected.agentCount })), h('dd', {}, refs(problem.affected.agents, problem.affected.agentCount, (a) => `#/audit/explain/${encodeURIComponent(a.id)}`))] : null,
      problem.affected.ruleCount > 0 ? [h('dt', {}, t('affectedRules', { n: problem.affected.ruleCount })), h('dd', {}, refs(problem.affected.rules, problem.affected.ruleCount, () => '#/presence'))] : null,
      h('dt', {}, t('code')),
      h('dd', {}, h('code', {}, problem.code)),
    ),
  );
}

function historyTable(history) {
  if (history.length === 0) return emptyState(t('noHistory'));
  const language = lang();
  return h(
    'table',
    { class: 'history' },
    h('caption', { class: 'visually-hidden' }, t('historyTitle')),
    h('thead', {}, h('tr', {}, ['problem', 'severity', 'opened', 'cleared', 'duration'].map((k) => h('th', { scope: 'col' }, t(`col_${k}`))))),
    h(
      'tbody',
      {},
      history.map((p) =>
        h('tr', { 'data-problem': p.code }, h('th', { scope: 'row' }, p.title[language], h('div', { class: 'muted' }, h('code', {}, p.code))), h('td', {}, severityBadge(p.severity)), h('td', {}, formatTime(p.openedAt)), h('td', {}, formatTime(p.clearedAt)), h('td', {}, duration(p.openedAt, p.clearedAt))),
      ),
    ),
  );
}

/** Health: what the hub found wrong with the tenant (open problems first, then their history), and where alerts go. */
export async function renderHealth(container, ctx) {
  const summary = h('div', {});
  const open = h('div', {});
  const history = h('div', {});
  append(container, [
    h('h1', {}, t('healthTitle')),
    h('p', {}, t('healthIntro')),
    summary,
    h('h2', {}, t('openProblems')),
    open,
    h('h2', {}, t('historyTitle')),
    history,
  ]);
  const alerts = h('section', { 'aria-labelledby': 'alerts-title' });
  const expiry = h('section', { 'aria-labelledby': 'expiry-title' });
  append(container, [alerts, expiry]);

  async function load() {
    const health = await get(tenantPath(ctx.tenantId, '/health'));
    const checked = health.evaluatedAt ? t('lastChecked', { time: formatTime(health.evaluatedAt) }) : t('neverChecked');
    const critical = health.open.filter((p) => p.severity === 'critical').length;
    summary.replaceChildren(
      health.status === 'ok'
        ? alertBox('ok', `${t('healthOk')} ${checked}`)
        : alertBox(health.status === 'critical' ? 'error' : 'warn', `${t('healthProblems', { n: health.open.length, critical })} ${checked}`),
    );
    open.replaceChildren(...(health.open.length ? health.open.map(problemCard) : [emptyState(t('noOpenProblems'))]));
    history.replaceChildren(historyTable(health.history));
    ctx.onHealth?.(health);
    return health;
  }

  const first = await load();
  await renderAlerts(alerts, ctx);
  renderExpiry(expiry, ctx, first.credentials, load);
  const timer = window.setInterval(() => load().catch((failure) => summary.replaceChildren(errorAlert(failure))), REFRESH_MS);
  return () => window.clearInterval(timer);
}

const KINDS = ['slack', 'teams', 'webhook', 'email'];

function channelTarget(channel) {
  if (channel.kind === 'email') return channel.smtp ? `${channel.smtp.to.join(', ')} (${channel.smtp.host})` : '—';
  return channel.urlHint ?? '—';
}

/** The tenant's alert channels (Alert Admin changes them) and the newest deliveries. */
async function renderAlerts(section, ctx) {
  const canEdit = ctx.can('alert_admin');
  const status = h('div', {});
  const list = h('div', {});
  const formHolder = h('div', {});
  const deliveries = h('div', {});
  append(section, [h('h2', { id: 'alerts-title' }, t('alertsTitle')), h('p', {}, t('alertsIntro')), status, list, formHolder, h('h3', {}, t('deliveriesTitle')), deliveries]);

  const done = (message) => {
    status.replaceChildren(alertBox('ok', message));
    ctx.announce(message);
  };

  async function load() {
    const answer = await get(tenantPath(ctx.tenantId, '/alerts'));
    const rows = answer.channels.map((c) => {
      const actions = [];
      if (canEdit) {
        const test = h('button', { type: 'button' }, t('sendTest'));
        test.addEventListener('click', async () => {
          test.disabled = true;
          try {
            await post(tenantPath(ctx.tenantId, `/alerts/channels/${encodeURIComponent(c.id)}/test`));
            done(t('testSent', { name: c.name }));
          } catch (failure) {
            status.replaceChildren(errorAlert(failure));
          } finally {
            test.disabled = false;
            await load();
          }
        });
        const edit = h('button', { type: 'button' }, t('edit'));
        edit.addEventListener('click', () => showForm(c));
        const remove = h('button', { type: 'button', class: 'danger' }, t('remove'));
        remove.addEventListener('click', async () => {
          if (!window.confirm(t('confirmRemoveChannel', { name: c.name }))) return;
          try {
            await del(tenantPath(ctx.tenantId, `/alerts/channels/${encodeURIComponent(c.id)}`));
            done(t('channelRemoved', { name: c.name }));
            await load();
          } catch (failure) {
            status.replaceChildren(errorAlert(failure));
          }
        });
        actions.push(test, edit, remove);
      }
      return h(
        'tr',
        { 'data-channel': c.id },
        h('th', { scope: 'row' }, c.name),
        h('td', {}, t(`kind_${c.kind}`)),
        h('td', {}, channelTarget(c)),
        h('td', {}, t(c.minSeverity === 'critical' ? 'sevCriticalOnly' : 'sevAll'), ' · ', c.language === 'ja' ? '日本語' : 'English'),
        h('td', {}, h('span', { class: `badge ${c.enabled ? 'ok' : ''}` }, c.enabled ? t('on') : t('off'))),
        h('td', {}, h('div', { class: 'row' }, actions)),
      );
    });
    list.replaceChildren(
      rows.length === 0
        ? emptyState(t('noChannels'))
        : h(
            'table',
            {},
            h('caption', { class: 'visually-hidden' }, t('alertsTitle')),
            h('thead', {}, h('tr', {}, ['channelName', 'channelKind', 'target', 'channelScope', 'status', ''].map((k) => h('th', { scope: 'col' }, k ? t(k) : h('span', { class: 'visually-hidden' }, t('edit')))))),
            h('tbody', {}, rows),
          ),
    );
    deliveries.replaceChildren(
      answer.deliveries.length === 0
        ? emptyState(t('noDeliveries'))
        : h(
            'table',
            {},
            h('caption', { class: 'visually-hidden' }, t('deliveriesTitle')),
            h('thead', {}, h('tr', {}, ['when', 'channelName', 'event', 'status'].map((k) => h('th', { scope: 'col' }, t(k === 'event' ? 'col_event' : k))))),
            h(
              'tbody',
              {},
              answer.deliveries.map((d) =>
                h(
                  'tr',
                  {},
                  h('td', {}, formatTime(d.sentAt ?? d.createdAt)),
                  h('td', {}, answer.channels.find((c) => c.id === d.channelId)?.name ?? d.channelId),
                  h('td', {}, t(`event_${d.event}`), ' ', h('code', {}, d.code)),
                  h('td', {}, h('span', { class: `badge ${d.status === 'sent' ? 'ok' : d.status === 'failed' ? 'bad' : 'warn'}` }, t(`delivery_${d.status}`)), d.lastError ? h('div', { class: 'muted' }, d.lastError) : null),
                ),
              ),
            ),
          ),
    );
    if (canEdit && !formHolder.firstChild) formHolder.append(addButton());
  }

  function addButton() {
    const add = h('button', { type: 'button', class: 'primary' }, t('addChannel'));
    add.addEventListener('click', () => showForm(null));
    return add;
  }

  function showForm(channel) {
    const kind = field({ label: t('channelKind'), control: select(KINDS.map((k) => ({ value: k, label: t(`kind_${k}`) })), channel?.kind ?? 'slack', { name: 'kind', disabled: Boolean(channel) }) });
    const name = field({ label: t('channelName'), control: h('input', { name: 'name', value: channel?.name ?? '', autocomplete: 'off' }) });
    const severity = field({ label: t('channelScope'), control: select([{ value: 'warning', label: t('sevAll') }, { value: 'critical', label: t('sevCriticalOnly') }], channel?.minSeverity ?? 'warning', { name: 'minSeverity' }) });
    const language = field({ label: t('language'), control: select([{ value: 'en', label: 'English' }, { value: 'ja', label: '日本語' }], channel?.language ?? lang(), { name: 'language' }) });
    const enabled = h('input', { type: 'checkbox', name: 'enabled', checked: channel ? channel.enabled : true, id: 'channel-enabled' });
    const url = field({ label: t('webhookUrl'), control: h('input', { type: 'url', name: 'url', autocomplete: 'off', spellcheck: 'false' }), help: channel?.secretsSet.url ? `${t('webhookUrlHelp')} ${t('keepSecret')}` : t('webhookUrlHelp') });
    const secret = field({ label: t('signingSecret'), control: h('input', { type: 'password', name: 'signingSecret', autocomplete: 'new-password' }), help: t('signingSecretHelp') });
    const smtp = channel?.smtp;
    const host = field({ label: t('smtpHost'), control: h('input', { name: 'smtpHost', value: smtp?.host ?? '' }) });
    const port = field({ label: t('smtpPort'), control: h('input', { name: 'smtpPort', inputmode: 'numeric', value: String(smtp?.port ?? 587) }) });
    const security = field({ label: t('smtpSecurity'), control: select(['starttls', 'tls', 'none'].map((v) => ({ value: v, label: t(`smtp_${v}`) })), smtp?.security ?? 'starttls', { name: 'smtpSecurity' }) });
    const user = field({ label: t('smtpUser'), control: h('input', { name: 'smtpUser', autocomplete: 'off', value: smtp?.username ?? '' }) });
    const password = field({ label: t('smtpPassword'), control: h('input', { type: 'password', name: 'smtpPassword', autocomplete: 'new-password' }), help: channel?.secretsSet.smtpPassword ? t('keepSecret') : undefined });
    const from = field({ label: t('smtpFrom'), control: h('input', { type: 'email', name: 'smtpFrom', value: smtp?.from ?? '' }) });
    const to = field({ label: t('smtpTo'), control: h('input', { name: 'smtpTo', value: smtp?.to.join(', ') ?? '' }), help: t('smtpToHelp') });
    const webFields = h('div', {}, url.el);
    const secretFields = h('div', {}, secret.el);
    const mailFields = h('fieldset', {}, h('legend', {}, t('kind_email')), host.el, port.el, security.el, user.el, password.el, from.el, to.el);
    const showKind = () => {
      const k = kind.control.value;
      webFields.hidden = k === 'email';
      secretFields.hidden = k !== 'webhook';
      mailFields.hidden = k !== 'email';
    };
    kind.control.addEventListener('change', showKind);
    showKind();
    const save = h('button', { type: 'submit', class: 'primary' }, t('save'));
    const cancel = h('button', { type: 'button' }, t('cancel'));
    const form = h('form', { class: 'card', novalidate: true, 'aria-label': channel ? t('editChannel', { name: channel.name }) : t('addChannel') }, h('h3', {}, channel ? t('editChannel', { name: channel.name }) : t('addChannel')), kind.el, name.el, severity.el, language.el, h('label', { class: 'row choice', for: 'channel-enabled' }, enabled, t('channelEnabled')), webFields, secretFields, mailFields, h('div', { class: 'row' }, save, cancel));
    cancel.addEventListener('click', () => formHolder.replaceChildren(addButton()));
    const fields = { name, url, signingSecret: secret, 'smtp.host': host, 'smtp.port': port, 'smtp.from': from, 'smtp.to': to, smtpPassword: password };
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      for (const f of Object.values(fields)) f.setError('');
      const k = kind.control.value;
      const body = { kind: k, name: name.control.value.trim(), enabled: enabled.checked, minSeverity: severity.control.value, language: language.control.value };
      if (k !== 'email' && url.control.value.trim()) body.url = url.control.value.trim();
      if (k === 'webhook' && secret.control.value) body.signingSecret = secret.control.value;
      if (k === 'email') {
        const recipients = to.control.value.split(/[,\s]+/).filter(Boolean);
        body.smtp = { host: host.control.value.trim(), port: Number(port.control.value), security: security.control.value, username: user.control.value.trim() || null, from: from.control.value.trim(), to: recipients };
        if (password.control.value) body.smtpPassword = password.control.value;
      }
      const id = channel?.id ?? (body.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'channel');
      try {
        const answer = await put(tenantPath(ctx.tenantId, `/alerts/channels/${encodeURIComponent(id)}`), body);
        formHolder.replaceChildren(addButton());
        status.replaceChildren(alertBox('ok', t('channelSaved', { name: answer.channel.name }), answer.signingSecret ? [t('signingSecretMade'), h('input', { class: 'token', readonly: true, value: answer.signingSecret, 'aria-label': t('signingSecret') })] : []));
        ctx.announce(t('channelSaved', { name: answer.channel.name }));
        await load();
      } catch (failure) {
        const problems = failure.fieldProblems ? failure.fieldProblems() : {};
        for (const [key, f] of Object.entries(fields)) f.setError(problems[key]);
        status.replaceChildren(errorAlert(failure));
      }
    });
    formHolder.replaceChildren(form);
    name.control.focus();
  }

  await load();
}

/** When the Salesforce login expires: the JWT certificate's end date, or the refresh token policy (Account Mapping Edit records them). */
function renderExpiry(section, ctx, credentials, reload) {
  const status = h('div', {});
  const list = h('div', {});
  const path = (kind) => tenantPath(ctx.tenantId, `/health/credentials/${kind}`);
  const show = (recorded) =>
    list.replaceChildren(
      recorded.length === 0
        ? emptyState(t('noExpiry'))
        : h('ul', {}, recorded.map((c) => h('li', { 'data-credential': c.kind }, `${t(`cred_${c.kind}`)}: ${formatTime(c.expiresAt)}`, c.detail.subject ? h('span', { class: 'muted' }, ` (${c.detail.subject})`) : null))),
    );
  show(credentials);
  append(section, [h('h2', { id: 'expiry-title' }, t('expiryTitle')), h('p', {}, t('expiryIntro')), status, list]);
  if (!ctx.can('account_mapping_edit')) return;
  const saved = async (kind, body) => {
    try {
      await put(path(kind), body);
      const health = await reload();
      show(health.credentials);
      status.replaceChildren(alertBox('ok', t('expirySaved')));
      ctx.announce(t('expirySaved'));
    } catch (failure) {
      status.replaceChildren(errorAlert(failure));
    }
  };
  const certificate = field({ label: t('cred_jwt_certificate'), control: h('textarea', { name: 'certificate', rows: 4, spellcheck: 'false' }), help: t('certificateHelp') });
  const certForm = h('form', { class: 'card', novalidate: true }, certificate.el, h('button', { type: 'submit' }, t('recordCertificate')));
  certForm.addEventListener('submit', (event) => {
    event.preventDefault();
    saved('jwt-certificate', { certificate: certificate.control.value });
  });
  const days = field({ label: t('refreshTokenDays'), control: h('input', { name: 'validDays', inputmode: 'numeric' }), help: t('refreshTokenDaysHelp') });
  const daysForm = h('form', { class: 'card', novalidate: true }, days.el, h('button', { type: 'submit' }, t('recordRefreshToken')));
  daysForm.addEventListener('submit', (event) => {
    event.preventDefault();
    saved('refresh-token', { validDays: Number(days.control.value) });
  });
  append(section, [certForm, daysForm]);
}
