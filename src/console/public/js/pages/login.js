import { post } from '../api.js';
import { append, errorAlert, field, h } from '../dom.js';
import { t } from '../i18n.js';

export function renderLogin(container, { onSignedIn }) {
  const username = field({ label: t('username'), control: h('input', { name: 'username', autocomplete: 'username', required: true }) });
  const password = field({ label: t('password'), control: h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }) });
  const status = h('div', {});
  const button = h('button', { type: 'submit', class: 'primary' }, t('signIn'));
  const form = h('form', { class: 'card login', novalidate: true, 'aria-labelledby': 'login-title' }, h('h1', { id: 'login-title' }, t('loginTitle')), status, username.el, password.el, button, h('p', { class: 'help' }, t('loginHelp')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.replaceChildren();
    username.setError(username.control.value ? '' : t('required'));
    password.setError(password.control.value ? '' : t('required'));
    if (!username.control.value || !password.control.value) {
      (username.control.value ? password.control : username.control).focus();
      return;
    }
    button.disabled = true;
    try {
      await post('/auth/login', { username: username.control.value, password: password.control.value }, { quietAuth: true });
      await onSignedIn();
    } catch (failure) {
      status.replaceChildren(errorAlert(failure));
      password.control.value = '';
      password.control.focus();
    } finally {
      button.disabled = false;
    }
  });
  append(container, [form]);
  username.control.focus();
}
