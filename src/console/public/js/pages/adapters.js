/* global window */
import { del, get, post, put, tenantPath } from '../api.js';
import { alertBox, append, emptyState, errorAlert, field, h, switchButton, uid } from '../dom.js';
import { t } from '../i18n.js';

/** Adapters: per tenant, the Salesforce adapter switch, then the Presence Sync switch; the prerequisites report. */
export async function renderAdapters(container, ctx) {
  const status = h('div', {});
  append(container, [h('h1', {}, t('adaptersTitle')), h('p', {}, t('adaptersIntro')), status]);

  const tableHolder = h('div', {});
  append(container, [h('h2', {}, t('tenantsTitle')), tableHolder]);

  function drawTenants() {
    if (ctx.tenants.length === 0) {
      tableHolder.replaceChildren(emptyState(t('noTenant')));
      return;
    }
    const adminOnly = !ctx.can('adapter_admin');
    const rows = ctx.tenants.map((tenant) => {
      const hintId = uid('needs');
      const setSwitches = async (change) => {
        status.replaceChildren();
        try {
          await put(tenantPath(tenant.id, '/switches'), change);
          await ctx.reloadTenants();
          drawTenants();
          ctx.announce(t('switchesSaved', { tenant: tenant.name }));
          status.replaceChildren(alertBox('ok', t('switchesSaved', { tenant: tenant.name })));
          tableHolder.querySelector(`[data-switch="${tenant.id}:${Object.keys(change)[0]}"]`)?.focus();
        } catch (failure) {
          status.replaceChildren(errorAlert(failure));
        }
      };
      const adapter = switchButton({ label: t('salesforceAdapter'), checked: tenant.switches.salesforceAdapter, disabled: adminOnly, onchange: (on) => setSwitches({ salesforceAdapter: on }) });
      adapter.dataset.switch = `${tenant.id}:salesforceAdapter`;
      const sync = switchButton({
        label: t('presenceSync'),
        checked: tenant.switches.presenceSync,
        disabled: adminOnly || (!tenant.switches.salesforceAdapter && !tenant.switches.presenceSync),
        describedBy: tenant.switches.salesforceAdapter ? null : hintId,
        onchange: (on) => setSwitches({ presenceSync: on }),
      });
      sync.dataset.switch = `${tenant.id}:presenceSync`;
      const remove = adminOnly
        ? null
        : h('button', {
            type: 'button',
            class: 'link',
            'aria-label': `${t('removeTenant')} ${tenant.name}`,
            onclick: async () => {
              if (!window.confirm(t('confirmRemoveTenant', { name: tenant.name }))) return;
              try {
                await del(tenantPath(tenant.id));
                await ctx.reloadTenants();
                ctx.navigate('#/adapters');
                ctx.announce(t('tenantRemoved', { name: tenant.name }));
              } catch (failure) {
                status.replaceChildren(errorAlert(failure));
              }
            },
          }, t('removeTenant'));
      return h(
        'tr',
        { 'data-tenant': tenant.id },
        h('th', { scope: 'row' }, tenant.name, h('div', { class: 'muted' }, h('code', {}, tenant.id)), remove),
        h('td', {}, adapter),
        h('td', {}, sync, tenant.switches.salesforceAdapter ? null : h('p', { class: 'help', id: hintId }, t('needsAdapter'))),
      );
    });
    tableHolder.replaceChildren(
      h('table', {}, h('caption', { class: 'visually-hidden' }, t('tenantsTitle')), h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('tenant')), h('th', { scope: 'col' }, t('salesforceAdapter')), h('th', { scope: 'col' }, t('presenceSync')))), h('tbody', {}, rows)),
    );
  }
  drawTenants();

  if (ctx.can('adapter_admin')) {
    const id = field({ label: t('tenantId'), control: h('input', { name: 'tenantId', required: true, autocomplete: 'off' }), help: t('tenantIdHelp') });
    const name = field({ label: t('tenantName'), control: h('input', { name: 'tenantName', required: true, autocomplete: 'off' }) });
    const formStatus = h('div', {});
    const form = h('form', { class: 'card', novalidate: true }, h('h3', {}, t('addTenant')), formStatus, id.el, name.el, h('button', { type: 'submit' }, t('addTenant')));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      formStatus.replaceChildren();
      id.setError('');
      name.setError('');
      try {
        const created = await post('/tenants', { id: id.control.value, name: name.control.value }, { idempotent: true });
        await ctx.reloadTenants();
        ctx.selectTenant(created.id);
        ctx.announce(t('tenantAdded', { id: created.id }));
      } catch (failure) {
        const fields = failure.fieldProblems ? failure.fieldProblems() : {};
        id.setError(fields.id);
        name.setError(fields.name);
        formStatus.replaceChildren(errorAlert(failure));
      }
    });
    append(container, [form]);
  }

  if (ctx.tenant && ctx.can('adapter_admin')) {
    const report = h('div', {});
    const check = h('button', { type: 'button' }, t('checkPrereq'));
    check.addEventListener('click', async () => {
      check.disabled = true;
      report.replaceChildren(h('p', { class: 'muted' }, t('loading')));
      try {
        const result = await get(tenantPath(ctx.tenantId, '/prerequisites'));
        const n = result.agents.length;
        report.replaceChildren(
          alertBox(result.failing ? 'warn' : 'ok', result.failing ? t('prereqFailing', { failing: result.failing, n }) : t('prereqAllOk', { n })),
          h(
            'table',
            {},
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('sfUser')), h('th', { scope: 'col' }, t('agent')), h('th', { scope: 'col' }, t('checks')))),
            h(
              'tbody',
              {},
              result.agents.map((row) =>
                h(
                  'tr',
                  {},
                  h('td', {}, row.username),
                  h('td', {}, row.agentId ?? '—'),
                  h('td', {}, h('ul', {}, row.checks.map((c) => h('li', {}, c.ok ? h('span', { class: 'badge ok' }, 'OK') : h('span', { class: 'badge bad' }, h('span', { 'aria-hidden': 'true' }, '✕'), h('span', { class: 'visually-hidden' }, t('statusFailed'))), ' ', c.ok ? c.id : c.message)))),
                ),
              ),
            ),
          ),
        );
      } catch (failure) {
        report.replaceChildren(failure.code === 'PSYNC_NO_ACCOUNT_MAPPING' ? alertBox('warn', t('prereqNeedsMapping')) : errorAlert(failure));
      } finally {
        check.disabled = false;
      }
    });
    append(container, [h('section', { class: 'card', 'aria-labelledby': 'prereq-title' }, h('h2', { id: 'prereq-title' }, `${t('prereqTitle')} · ${ctx.tenant.name}`), h('p', {}, t('prereqIntro')), check, report)]);
  }
}
