/* global window */
import { get, post, query, tenantPath } from '../api.js';
import { alertBox, append, errorAlert, field, h, select, uid } from '../dom.js';
import { t } from '../i18n.js';
import { acdStateFromKey, acdStateOptions, presenceFromKey, presenceOptions } from '../states.js';

/** Dry run: "if agent X went to state S on side Y, what would happen and why?" — changes nothing. */
export async function renderDryRun(container, ctx) {
  const [codes, statuses] = await Promise.all([get(tenantPath(ctx.tenantId, '/cxone/unavailable-codes')), get(tenantPath(ctx.tenantId, '/salesforce/statuses'))]);
  const agentSearch = field({ label: t('searchAgents'), control: h('input', { type: 'search', name: 'agentSearch', autocomplete: 'off' }) });
  const agent = field({ label: t('agent'), control: h('select', { name: 'agent' }) });
  const sideName = uid('side');
  const sides = h(
    'fieldset',
    {},
    h('legend', {}, t('side')),
    h('label', { class: 'row' }, h('input', { type: 'radio', name: sideName, value: 'cxone', checked: true }), t('sideCxone')),
    h('label', { class: 'row' }, h('input', { type: 'radio', name: sideName, value: 'salesforce' }), t('sideSalesforce')),
  );
  const stateField = field({ label: t('newState'), control: h('select', { name: 'newState' }) });
  const result = h('div', { 'aria-live': 'polite' });
  const run = h('button', { type: 'submit', class: 'primary' }, t('run'));
  const form = h('form', { class: 'card', novalidate: true }, agentSearch.el, agent.el, sides, stateField.el, run);
  append(container, [h('h1', {}, t('dryRunTitle')), h('p', {}, t('dryRunIntro')), form, result]);

  const side = () => sides.querySelector('input:checked').value;
  function drawStates() {
    const options = side() === 'cxone' ? acdStateOptions(codes.codes) : presenceOptions(statuses.statuses);
    stateField.control.replaceWith((stateField.control = select(options, options[0]?.value, { name: 'newState', id: stateField.control.id, 'aria-describedby': stateField.control.getAttribute('aria-describedby') })));
  }
  sides.addEventListener('change', drawStates);
  drawStates();

  let searches = 0;
  async function loadAgents() {
    const search = ++searches;
    try {
      const answer = await get(tenantPath(ctx.tenantId, `/cxone/users${query({ search: agentSearch.control.value.trim(), limit: 100 })}`));
      // Answers can arrive out of order: only the newest search fills the list.
      if (search !== searches) return;
      agent.control.replaceChildren(...answer.users.map((u) => h('option', { value: u.id }, `${`${u.firstName} ${u.lastName}`.trim() || u.username || u.id} (${u.id})`)));
      agent.setError(answer.users.length ? '' : t('noAgents'));
    } catch (failure) {
      result.replaceChildren(errorAlert(failure));
    }
  }
  let timer = null;
  agentSearch.control.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(loadAgents, 200);
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!agent.control.value) {
      agent.setError(t('required'));
      agent.control.focus();
      return;
    }
    const body =
      side() === 'cxone'
        ? { agentId: agent.control.value, side: 'cxone', state: acdStateFromKey(stateField.control.value, codes.codes) }
        : { agentId: agent.control.value, side: 'salesforce', presence: presenceFromKey(stateField.control.value, statuses.statuses) };
    run.disabled = true;
    try {
      const answer = await post(tenantPath(ctx.tenantId, '/dry-run'), body);
      const sideLabel = answer.write ? (answer.write.side === 'cxone' ? 'CXone' : 'Salesforce') : '';
      result.replaceChildren(
        h(
          'section',
          { class: 'card', 'aria-label': t('dryRunTitle') },
          alertBox(answer.write ? 'ok' : 'warn', answer.write ? t('wouldWrite', { side: sideLabel, label: answer.write.label }) : t('wouldNotWrite')),
          h('dl', {}, h('dt', {}, t('outcome')), h('dd', {}, h('span', { class: 'badge' }, answer.outcome)), h('dt', {}, t('reason')), h('dd', {}, answer.reason), h('dt', {}, t('explanation')), h('dd', {}, answer.explanation), h('dt', {}, t('rule')), h('dd', {}, answer.rule ? `${answer.rule.name} (v${answer.rule.version}, ${answer.rule.via})${answer.row ? ` · ${answer.row.direction} #${answer.row.index + 1}` : ''}` : '—')),
          answer.blockers.length ? alertBox('warn', t('blockers'), answer.blockers.map((b) => b.message)) : null,
        ),
      );
    } catch (failure) {
      result.replaceChildren(errorAlert(failure));
    } finally {
      run.disabled = false;
    }
  });
  // Loaded last, so that the form already answers "Run" while the list is on its way.
  await loadAgents();
}
