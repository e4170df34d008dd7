/* global window */
import { api, del, get, post } from '../api.js';
import { alertBox, append, emptyState, errorAlert, field, formatTime, h, uid } from '../dom.js';
import { t } from '../i18n.js';

const PERMISSIONS = ['adapter_admin', 'account_mapping_create', 'account_mapping_edit', 'account_mapping_view', 'rule_create', 'rule_edit', 'rule_assign', 'rule_view', 'audit_view', 'user_admin', 'health_view', 'alert_admin'];

function permissionBoxes(legend, chosen = []) {
  const boxes = PERMISSIONS.map((p) => h('input', { type: 'checkbox', value: p, checked: chosen.includes(p), id: uid('perm') }));
  const el = h('fieldset', {}, h('legend', {}, legend), boxes.map((box) => h('label', { class: 'row', for: box.id }, box, t(`perm_${box.value}`))));
  return { el, value: () => boxes.filter((b) => b.checked).map((b) => b.value) };
}

/** Users and tokens (User Admin): console users with their permissions, and API tokens for automation. */
export async function renderUsers(container, ctx) {
  const status = h('div', {});
  append(container, [h('h1', {}, t('usersTitle')), h('p', {}, t('usersIntro')), status]);
  const usersHolder = h('div', {});
  const tokensHolder = h('div', {});

  const done = (message) => {
    status.replaceChildren(alertBox('ok', message));
    ctx.announce(message);
  };
  const failed = (failure) => status.replaceChildren(errorAlert(failure));

  async function loadUsers() {
    const { users } = await get('/users');
    usersHolder.replaceChildren(
      h(
        'table',
        {},
        h('caption', { class: 'visually-hidden' }, t('consoleUsers')),
        h('thead', {}, h('tr', {}, ['username', 'permissionsCol', 'status', ''].map((k) => h('th', { scope: 'col' }, k ? t(k) : h('span', { class: 'visually-hidden' }, t('edit')))))),
        h(
          'tbody',
          {},
          users.map((u) => {
            const locked = u.lockedUntil !== null && u.lockedUntil > Date.now();
            const change = async (body, message) => {
              try {
                await api('PATCH', `/users/${encodeURIComponent(u.id)}`, body);
                await loadUsers();
                done(message);
              } catch (failure) {
                failed(failure);
              }
            };
            const self = u.id === ctx.me.id;
            return h(
              'tr',
              { 'data-user': u.username },
              h('th', { scope: 'row' }, u.displayName, h('div', { class: 'muted' }, h('code', {}, u.username))),
              h('td', {}, u.permissions.map((p) => t(`perm_${p}`)).join(', ') || t('none')),
              h('td', {}, h('span', { class: `badge ${u.disabled ? 'bad' : locked ? 'warn' : 'ok'}` }, u.disabled ? t('userDisabled') : locked ? t('userLocked', { until: formatTime(u.lockedUntil) }) : t('userActive'))),
              h(
                'td',
                {},
                h(
                  'div',
                  { class: 'row' },
                  locked ? h('button', { type: 'button', onclick: () => change({ unlock: true }, t('userUnlocked', { name: u.username })) }, t('unlock')) : null,
                  self ? null : h('button', { type: 'button', onclick: () => change({ disabled: !u.disabled }, t(u.disabled ? 'userEnabledMsg' : 'userDisabledMsg', { name: u.username })) }, u.disabled ? t('enable') : t('disable')),
                  self
                    ? null
                    : h(
                        'button',
                        {
                          type: 'button',
                          class: 'danger',
                          'aria-label': `${t('remove')} ${u.username}`,
                          onclick: async () => {
                            if (!window.confirm(t('confirmRemoveUser', { name: u.username }))) return;
                            try {
                              await del(`/users/${encodeURIComponent(u.id)}`);
                              await loadUsers();
                              done(t('userRemoved', { name: u.username }));
                            } catch (failure) {
                              failed(failure);
                            }
                          },
                        },
                        t('remove'),
                      ),
                ),
              ),
            );
          }),
        ),
      ),
    );
  }

  async function loadTokens() {
    const { tokens } = await get('/tokens');
    if (tokens.length === 0) {
      tokensHolder.replaceChildren(emptyState(t('noTokens')));
      return;
    }
    tokensHolder.replaceChildren(
      h(
        'table',
        {},
        h('caption', { class: 'visually-hidden' }, t('apiTokens')),
        h('thead', {}, h('tr', {}, ['tokenName', 'permissionsCol', 'lastUsed', 'status', ''].map((k) => h('th', { scope: 'col' }, k ? t(k) : h('span', { class: 'visually-hidden' }, t('edit')))))),
        h(
          'tbody',
          {},
          tokens.map((tk) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, tk.name),
              h('td', {}, tk.permissions.map((p) => t(`perm_${p}`)).join(', ')),
              h('td', {}, formatTime(tk.lastUsedAt)),
              h('td', {}, h('span', { class: `badge ${tk.revokedAt ? 'bad' : 'ok'}` }, tk.revokedAt ? t('tokenRevoked') : tk.expiresAt ? t('tokenExpires', { at: formatTime(tk.expiresAt) }) : t('userActive'))),
              h(
                'td',
                {},
                tk.revokedAt
                  ? null
                  : h(
                      'button',
                      {
                        type: 'button',
                        class: 'danger',
                        'aria-label': `${t('revoke')} ${tk.name}`,
                        onclick: async () => {
                          try {
                            await del(`/tokens/${encodeURIComponent(tk.id)}`);
                            await loadTokens();
                            done(t('tokenRevokedMsg', { name: tk.name }));
                          } catch (failure) {
                            failed(failure);
                          }
                        },
                      },
                      t('revoke'),
                    ),
              ),
            ),
          ),
        ),
      ),
    );
  }

  // Add a console user.
  const username = field({ label: t('username'), control: h('input', { name: 'newUsername', autocomplete: 'off' }), help: t('usernameHelp') });
  const displayName = field({ label: t('displayName'), control: h('input', { name: 'displayName', autocomplete: 'off' }) });
  const password = field({ label: t('password'), control: h('input', { type: 'password', name: 'newPassword', autocomplete: 'new-password' }), help: t('passwordHelp') });
  const perms = permissionBoxes(t('permissionsCol'));
  const userStatus = h('div', {});
  const userForm = h('form', { class: 'card', novalidate: true }, h('h2', {}, t('addConsoleUser')), userStatus, username.el, displayName.el, password.el, perms.el, h('button', { type: 'submit', class: 'primary' }, t('addConsoleUser')));
  userForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    userStatus.replaceChildren();
    for (const f of [username, displayName, password]) f.setError('');
    try {
      const body = { username: username.control.value.trim(), password: password.control.value, permissions: perms.value() };
      if (displayName.control.value.trim()) body.displayName = displayName.control.value.trim();
      const created = await post('/users', body, { idempotent: true });
      userForm.reset();
      await loadUsers();
      done(t('userAdded', { name: created.username }));
    } catch (failure) {
      const fields = failure.fieldProblems ? failure.fieldProblems() : {};
      username.setError(fields.username);
      displayName.setError(fields.displayName);
      password.setError(fields.password);
      userStatus.replaceChildren(errorAlert(failure));
    }
  });

  // Create an API token: shown once.
  const tokenName = field({ label: t('tokenName'), control: h('input', { name: 'tokenName', autocomplete: 'off' }), help: t('tokenNameHelp') });
  const tokenPerms = permissionBoxes(t('permissionsCol'));
  const tokenStatus = h('div', {});
  const tokenForm = h('form', { class: 'card', novalidate: true }, h('h2', {}, t('createToken')), tokenStatus, tokenName.el, tokenPerms.el, h('button', { type: 'submit', class: 'primary' }, t('createToken')));
  tokenForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    tokenStatus.replaceChildren();
    tokenName.setError('');
    try {
      const created = await post('/tokens', { name: tokenName.control.value.trim(), permissions: tokenPerms.value() });
      tokenForm.reset();
      const value = h('input', { readonly: true, value: created.token, 'aria-label': t('tokenValue'), class: 'token' });
      tokenStatus.replaceChildren(h('div', { class: 'alert ok', role: 'status' }, h('p', {}, t('tokenShownOnce')), value));
      value.select();
      await loadTokens();
    } catch (failure) {
      tokenName.setError((failure.fieldProblems ? failure.fieldProblems() : {}).name);
      tokenStatus.replaceChildren(errorAlert(failure));
    }
  });

  append(container, [h('h2', {}, t('consoleUsers')), usersHolder, userForm, h('h2', {}, t('apiTokens')), tokensHolder, tokenForm]);
  try {
    await Promise.all([loadUsers(), loadTokens()]);
  } catch (failure) {
    failed(failure);
  }
}
