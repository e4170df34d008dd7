/* global document, Node */
// Small DOM helpers: elements with attributes, labelled fields with help and error text, alerts.
import { t } from './i18n.js';

let ids = 0;
export const uid = (prefix = 'id') => `${prefix}-${++ids}`;

/** h('button', { class: 'primary', onclick }, 'Save') */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'value') el.value = value;
    else if (key === 'checked') el.checked = Boolean(value);
    else if (key === 'selected') el.selected = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** A labelled control with optional help text and a slot for its error; the control is described by both. */
export function field({ label, control, help, id }) {
  const controlId = id || control.id || uid('f');
  control.id = controlId;
  const helpId = `${controlId}-help`;
  const errorId = `${controlId}-error`;
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  control.setAttribute('aria-describedby', help ? `${helpId} ${errorId}` : errorId);
  const wrap = h('div', { class: 'field' }, h('label', { for: controlId }, label), control, help ? h('p', { class: 'help', id: helpId }, help) : null, error);
  return {
    el: wrap,
    control,
    setError(message) {
      error.textContent = message || '';
      error.hidden = !message;
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    },
  };
}

export function select(options, value, attrs = {}) {
  return h('select', attrs, options.map((o) => h('option', { value: o.value, selected: o.value === value }, o.label)));
}

/** An alert showing the API's message (and its problems), or a success note. */
export function alertBox(kind, message, items = []) {
  return h('div', { class: `alert ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, h('p', {}, message), items.length ? h('ul', {}, items.map((i) => h('li', {}, i))) : null);
}

export function errorAlert(failure) {
  const problems = typeof failure?.problems === 'function' ? failure.problems().map((p) => p.message) : [];
  const message = failure?.message || String(failure);
  // The API's message already lists its problems; show them as a list only when they add something.
  const extra = problems.filter((p) => !message.includes(p));
  return alertBox('error', `${message}${failure?.code ? ` (${failure.code})` : ''}`, extra);
}

export function emptyState(message, ...actions) {
  return h('div', { class: 'empty' }, h('p', {}, message), actions.length ? h('div', { class: 'row' }, actions) : null);
}

/** An on/off switch (a button with role=switch): announces its state, flips on click or Space. */
export function switchButton({ label, checked, disabled, onchange, describedBy }) {
  const button = h(
    'button',
    { type: 'button', role: 'switch', class: 'switch', 'aria-checked': String(Boolean(checked)), disabled, 'aria-describedby': describedBy },
    h('span', { class: 'track', 'aria-hidden': 'true' }),
    h('span', {}, label),
    h('span', { class: 'muted state' }, checked ? t('on') : t('off')),
  );
  button.addEventListener('click', () => onchange(button.getAttribute('aria-checked') !== 'true'));
  return button;
}

export const formatTime = (ms) => (ms ? new Date(ms).toLocaleString() : '—');
export const formatAgo = (ms, now = Date.now()) => {
  if (!ms) return '—';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return t('secondsAgo', { n: s });
  if (s < 3600) return t('minutesAgo', { n: Math.round(s / 60) });
  return formatTime(ms);
};
