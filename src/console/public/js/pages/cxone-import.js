/* global window */
// Import from CXone (its built-in Presence Sync rule, or a JSON file in NICE's format): a preview of
// every row, then a confirm; and Export / Push on a rule.
import { BASE, post, tenantPath } from '../api.js';
import { alertBox, append, errorAlert, field, h, uid } from '../dom.js';
import { t } from '../i18n.js';

const reasonsOf = (row) => row.reasons.map((r) => r.message).join(' ');

function previewTable(kind, rows) {
  return h(
    'table',
    { 'data-preview': kind },
    h('caption', {}, t(kind === 'publisher' ? 'publisherStates' : 'subscriberStates')),
    h('thead', {}, h('tr', {}, ['importRow', 'importCxoneState', 'importSalesforceState', 'importOutcome'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h(
      'tbody',
      {},
      rows.map((row) =>
        h(
          'tr',
          { 'data-row': row.row, class: row.imported ? '' : 'invalid' },
          h('td', {}, String(row.row)),
          h('td', {}, row.mapping.incontactAgentState),
          h('td', {}, row.mapping.partnerAgentState),
          h('td', {}, row.imported ? t('importRowOk', { n: row.ruleRow }) : `${t('importRowRefused')} ${reasonsOf(row)}`),
        ),
      ),
    ),
  );
}

/** The "Import from CXone" page: the source (the tenant's CXone, or a file), the name, the preview, the confirm. */
export async function renderCxoneImport(container, ctx) {
  const sourceName = uid('source');
  const fromTenant = h('input', { type: 'radio', name: sourceName, value: 'tenant', checked: true });
  const fromFile = h('input', { type: 'radio', name: sourceName, value: 'file' });
  const file = field({ label: t('importFile'), control: h('input', { type: 'file', accept: 'application/json,.json', name: 'importFile' }) });
  const name = field({ label: t('ruleName'), control: h('input', { name: 'ruleName', autocomplete: 'off' }) });
  const previewButton = h('button', { type: 'button', class: 'primary' }, t('importPreview'));
  const status = h('div', {});
  const result = h('div', {});
  append(container, [
    h('h1', {}, t('importTitle')),
    h('p', { class: 'muted' }, t('importIntro')),
    h('section', { class: 'card' }, h('fieldset', {}, h('legend', {}, t('importSource')), h('label', {}, fromTenant, ' ', t('importFromTenant')), h('label', {}, fromFile, ' ', t('importFromFile'))), file.el, name.el, h('div', { class: 'row' }, previewButton)),
    status,
    result,
  ]);

  previewButton.addEventListener('click', async () => {
    status.replaceChildren();
    result.replaceChildren();
    name.setError('');
    file.setError('');
    const body = { source: fromFile.checked ? 'file' : 'tenant', name: name.control.value.trim() || undefined };
    if (!body.name) return name.setError(t('required'));
    if (body.source === 'file') {
      const chosen = file.control.files?.[0];
      if (!chosen) return file.setError(t('importChooseFile'));
      try {
        body.adapterRule = JSON.parse(await chosen.text());
      } catch {
        return file.setError(t('importNotJson'));
      }
    }
    previewButton.disabled = true;
    try {
      showPreview(await post(tenantPath(ctx.tenantId, '/rules/cxone-import/preview'), body), body.name);
    } catch (failure) {
      status.replaceChildren(errorAlert(failure));
    } finally {
      previewButton.disabled = false;
    }
  });

  function showPreview(preview, ruleName) {
    const problems = [...preview.validation.errors, ...preview.validation.warnings].map((p) => p.message);
    const summary = preview.unmapped.length === 0 ? alertBox('ok', t('importAllMapped')) : alertBox('error', t('importUnmapped', { n: preview.unmapped.length }));
    const skipId = uid('skip');
    const skip = h('input', { type: 'checkbox', id: skipId, name: 'skipUnmapped' });
    const confirm = h('button', { type: 'button', class: 'primary', disabled: !preview.validation.ok }, t('importConfirm'));
    confirm.addEventListener('click', async () => {
      confirm.disabled = true;
      try {
        const saved = await post(tenantPath(ctx.tenantId, '/rules/cxone-import'), { adapterRule: preview.adapterRule, name: ruleName, skipUnmapped: skip.checked });
        window.sessionStorage?.setItem('psync.flash', t('importSaved', { name: saved.rule.name }));
        ctx.announce(t('importSaved', { name: saved.rule.name }));
        ctx.navigate(`#/presence/rule/${encodeURIComponent(saved.rule.id)}`);
      } catch (failure) {
        status.replaceChildren(errorAlert(failure));
        confirm.disabled = false;
      }
    });
    result.replaceChildren(
      h('h2', {}, t('importPreviewTitle')),
      summary,
      problems.length ? alertBox(preview.validation.ok ? 'warn' : 'error', t('importChecks'), problems) : null,
      previewTable('publisher', preview.rows.publisher),
      previewTable('subscriber', preview.rows.subscriber),
      preview.unmapped.length ? h('p', {}, h('label', { for: skipId }, skip, ' ', t('importSkipUnmapped'))) : null,
      h('div', { class: 'row' }, confirm),
    );
    result.querySelector('h2')?.focus?.();
    ctx.announce(t('importPreviewTitle'));
  }
}

/** Export (file download) and Push to CXone on a rule. */
export function cxoneExportSection(ctx, rule) {
  const status = h('div', {});
  const download = h('a', { class: 'button', href: `${BASE}${tenantPath(ctx.tenantId, `/rules/${encodeURIComponent(rule.id)}/cxone-export/file`)}`, download: '' }, t('exportFile'));
  const push = ctx.can('rule_edit') ? h('button', { type: 'button' }, t('pushToCxone')) : null;
  push?.addEventListener('click', async () => {
    if (!window.confirm(t('confirmPush', { name: rule.name }))) return;
    push.disabled = true;
    try {
      const answer = await post(tenantPath(ctx.tenantId, `/rules/${encodeURIComponent(rule.id)}/cxone-export/push`), {});
      status.replaceChildren(alertBox('ok', t('pushed', { account: answer.partnerId })));
    } catch (failure) {
      status.replaceChildren(errorAlert(failure));
    } finally {
      push.disabled = false;
    }
  });
  return h('section', { class: 'card', 'data-cxone-export': '' }, h('h2', {}, t('exportTitle')), h('p', { class: 'muted' }, t('exportIntro')), h('div', { class: 'row' }, download, push), status);
}
