// Operations: health (GET /actuator/health with the ADMIN key: every component with its details),
// reconciliation (GET /operations/reconciliation) with its mismatches, and the bulk shopper import
// (POST /shoppers/import, NDJSON or CSV) with upload progress, the counts and the first errors.
import {get, getOutside, upload} from './api.js';
import {el, errorMessage, formatNumber, sortableTable} from './ui.js';

export function render(container) {
  const health = el('div', {id: 'health-body'}, el('p', {class: 'muted'}, 'Loading…'));
  const recon = el('div', {id: 'reconciliation-body'});
  const file = el('input', {id: 'import-file', type: 'file', accept: '.ndjson,.jsonl,.csv,application/x-ndjson,text/csv',
    'aria-describedby': 'import-hint import-error'});
  const importError = el('p', {class: 'error', id: 'import-error', role: 'alert'});
  const progress = el('progress', {id: 'import-progress', max: 100, value: 0, hidden: true});
  const progressText = el('p', {class: 'muted', id: 'import-progress-text', role: 'status'});
  const result = el('div', {id: 'import-result'});
  const submit = el('button', {type: 'submit', id: 'import-submit'}, 'Import');
  const importForm = el('form', {id: 'import-form', novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    runImport();
  }},
  el('div', {class: 'field'}, el('label', {for: file.id}, 'File of shoppers'), file,
    el('p', {class: 'hint', id: 'import-hint'},
      'NDJSON (.ndjson: one {"id","displayName","language","timeZone"} per line) or CSV (.csv with a header row). '
      + 'Existing ids are skipped; a re-run creates nothing twice.'),
    importError),
  el('div', {class: 'actions'}, submit),
  el('label', {for: progress.id, class: 'visually-hidden'}, 'Upload progress'), progress, progressText, result);

  const reconButton = el('button', {type: 'button', id: 'reconciliation-run', onclick: () => reconcile()}, 'Run reconciliation');
  container.append(
    el('section', {class: 'panel', 'aria-labelledby': 'health-heading'},
      el('h2', {id: 'health-heading'}, 'Health'), health,
      el('button', {type: 'button', class: 'secondary', id: 'health-refresh', onclick: () => loadHealth()}, 'Check again')),
    el('section', {class: 'panel', 'aria-labelledby': 'reconciliation-heading'},
      el('h2', {id: 'reconciliation-heading'}, 'Reconciliation'),
      el('p', {class: 'muted'}, 'Checks every shopper: coins against the ledger, level against xp, tier against spend.'),
      reconButton, recon),
    el('section', {class: 'panel', 'aria-labelledby': 'import-heading'},
      el('h2', {id: 'import-heading'}, 'Bulk import'), importForm));

  async function loadHealth() {
    try {
      const {status, body} = await getOutside('/actuator/health');
      const components = Object.entries(body.components || {}).map(([name, c]) => ({
        name, status: c.status, details: describe(c.details, c.components)}));
      health.replaceChildren(
        el('p', {class: `badge ${body.status === 'UP' ? 'redis-up' : body.status === 'DEGRADED' ? 'redis-degraded' : 'redis-down'}`,
          id: 'health-status', 'data-status': body.status || String(status)}, `Service: ${body.status || status}`),
        sortableTable({id: 'health-table', caption: 'Components', rows: components, sortKey: 'name', columns: [
          {key: 'name', label: 'Component'},
          {key: 'status', label: 'Status'},
          {key: 'details', label: 'Details'},
        ]}));
    } catch (error) {
      if (error.status !== 401) health.replaceChildren(errorMessage(error, 'Health'));
    }
  }

  async function reconcile() {
    reconButton.disabled = true;
    recon.replaceChildren(el('p', {class: 'muted'}, 'Checking…'));
    try {
      const report = await get('/operations/reconciliation');
      recon.replaceChildren(...[
        el('p', {id: 'reconciliation-summary', 'data-mismatches': report.mismatchCount,
          class: report.mismatchCount === 0 ? 'status' : 'error'},
        `${formatNumber(report.shoppersChecked)} shoppers checked, ${formatNumber(report.mismatchCount)} mismatches.`),
        report.mismatches.length === 0 ? null : sortableTable({id: 'reconciliation-table',
          caption: report.mismatchCount > report.mismatches.length ? `The first ${report.mismatches.length} mismatches` : 'Mismatches',
          rows: report.mismatches.map((m, i) => ({...m, id: `${m.shopperId}-${i}`})), sortKey: 'shopperId', columns: [
            {key: 'shopperId', label: 'Shopper', format: (v) => el('a', {href: `#/shoppers/${encodeURIComponent(v)}`}, v)},
            {key: 'field', label: 'Field'},
            {key: 'expected', label: 'Expected'},
            {key: 'actual', label: 'Actual'},
          ]})].filter(Boolean));
    } catch (error) {
      if (error.status !== 401) recon.replaceChildren(errorMessage(error, 'Reconciliation'));
    } finally {
      reconButton.disabled = false;
    }
  }

  async function runImport() {
    importError.textContent = '';
    file.removeAttribute('aria-invalid');
    const chosen = file.files[0];
    if (!chosen) {
      importError.textContent = 'Choose a file first.';
      file.setAttribute('aria-invalid', 'true');
      file.focus();
      return;
    }
    const csv = /\.csv$/i.test(chosen.name) || chosen.type === 'text/csv';
    submit.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    result.replaceChildren();
    progressText.textContent = `Uploading ${chosen.name}…`;
    try {
      const answer = await upload('/shoppers/import', chosen, csv ? 'text/csv' : 'application/x-ndjson', (sent, total) => {
        progress.value = total > 0 ? Math.round((sent / total) * 100) : 0;
        progressText.textContent = `Uploaded ${formatNumber(sent)} of ${formatNumber(total)} bytes`;
      });
      progress.value = 100;
      progressText.textContent = `${chosen.name}: done.`;
      result.replaceChildren(...[
        el('dl', {class: 'cards', id: 'import-counts'},
          ['created', 'skipped', 'rejected'].map((k) => el('div', {class: 'card'},
            el('dt', {}, k[0].toUpperCase() + k.slice(1)),
            el('dd', {id: `import-${k}`, 'data-value': answer[k]}, formatNumber(answer[k]))))),
        answer.errors.length === 0 ? null : sortableTable({id: 'import-errors',
          caption: answer.errorsTruncated ? `The first ${answer.errors.length} rejected rows` : 'Rejected rows',
          rows: answer.errors.map((e) => ({...e, id: String(e.line)})), sortKey: 'line', columns: [
            {key: 'line', label: 'Line', numeric: true},
            {key: 'reason', label: 'Why'},
          ]})].filter(Boolean));
    } catch (error) {
      if (error.status === 401) return;
      progressText.textContent = '';
      const p = error.problem || {};
      importError.textContent = `Import: ${error.message}`
        + (p.lastLine ? ` (created ${p.created}, skipped ${p.skipped}, rejected ${p.rejected})` : '');
    } finally {
      submit.disabled = false;
    }
  }

  loadHealth();
}

/** A component's details as one line: "database: H2, validationQuery: isValid()". */
function describe(details, components) {
  if (components) {
    return Object.entries(components).map(([n, c]) => `${n}: ${c.status}`).join(', ');
  }
  if (!details) return '—';
  return Object.entries(details).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ');
}
