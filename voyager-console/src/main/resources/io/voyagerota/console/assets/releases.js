import { api, seg } from './api.js';
import { h, page, table, badge, when, errorBox, replace, actionButton } from './dom.js';
import { confirmAction } from './dialog.js';
import { markdown } from './markdown.js';
import { uploadForm } from './upload.js';
import { productForm } from './products.js';

// Releases of the selected product: the list with each one's lifecycle actions, and the upload form.
// A staging release is the beta channel (devices tagged "tester"); production is the stable one.

export function render(ctx) {
  const list = h('div', { id: 'release-list' }, h('p', { class: 'help' }, 'Loading releases…'));
  const refresh = () => load(ctx, list);
  page('Releases', list, uploadForm(ctx, refresh), h('details', { class: 'card' },
    h('summary', {}, 'New product'), productForm(ctx)));
  refresh();
}

async function load(ctx, list) {
  try {
    const { releases } = await api('GET', '/products/' + seg(ctx.product) + '/releases');
    ctx.releases = releases;
    const shown = releases.filter((r) => !r.deleted).reverse();
    replace(list, shown.length
      ? table(`Releases of ${ctx.product}, newest first`, ['Version', 'State', 'Validation', 'Size', 'Created',
        'Changelog', 'Actions'], shown.map((r) => row(r, () => load(ctx, list))), { id: 'releases' })
      : h('p', {}, 'No releases yet: upload the first one below.'));
  } catch (e) {
    replace(list, errorBox(e));
  }
}

function row(r, refresh) {
  const state = r.state === 'staging' ? [badge('staging'), ' testers only'] : [badge(r.state)];
  const notes = r.changelog ? h('details', {}, h('summary', {}, 'Changelog'), markdown(r.changelog)) : '';
  return h('tr', { 'data-version': r.version },
    h('th', { scope: 'row' }, r.version, r.required ? h('span', { class: 'tag' }, 'required') : ''),
    h('td', { class: 'state' }, state, r.revocationReason ? h('div', { class: 'help' }, 'Reason: ' + r.revocationReason) : ''),
    h('td', { class: 'validation' }, validation(r)),
    h('td', {}, r.artifact ? kib(r.artifact.size) : '—'),
    h('td', {}, when(r.createdAt)),
    h('td', {}, notes),
    h('td', { class: 'actions' }, actions(r, refresh)));
}

function validation(r) {
  const v = r.validation || { status: 'not-run', steps: [] };
  const failed = (v.steps || []).filter((s) => !s.passed);
  return [badge(v.status), failed.length ? h('ul', { class: 'help' }, failed.map((s) => h('li', {}, `${s.name}: ${s.message}`))) : ''];
}

function kib(bytes) {
  return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + ' MiB' : Math.ceil(bytes / 1024) + ' KiB';
}

function actions(r, refresh) {
  const button = (action, label, run, cls = 'secondary') => actionButton({ class: cls, 'data-action': action,
    'data-version': r.version }, label, run, refresh);
  const buttons = [];
  if (r.state === 'draft' && r.validation && r.validation.status === 'passed') {
    buttons.push(button('stage', 'Stage', () => stage(r)));
  }
  if (r.state === 'staging') {
    buttons.push(button('promote', 'Promote…', () => promote(r), 'primary'));
  }
  if (r.state === 'staging' || r.state === 'production') {
    buttons.push(button('revoke', 'Revoke…', () => revoke(r), 'danger'));
  }
  return buttons;
}

async function stage(r) {
  const ok = await confirmAction({
    title: `Stage ${r.version}?`,
    message: `Release ${r.version} moves to staging: devices tagged "tester" will be offered it at their next check.`
      + ' Nobody else is offered it until you promote it.',
    confirm: 'Stage',
  });
  if (!ok) {
    return '';
  }
  await api('POST', '/releases/' + seg(r.id) + '/stage');
  return `${r.version} is staging.`;
}

async function promote(r) {
  const values = await confirmAction({
    title: `Promote ${r.version} to production?`,
    message: `A rollout starts at once: the given percentage of the product's devices (chosen by a stable hash of`
      + ` their id) will be offered ${r.version} at their next check. You can pause or widen it on the Rollouts page.`,
    confirm: 'Promote and start the rollout',
    fields: [{ name: 'percent', label: 'Devices to offer it to (%)', type: 'number', min: 0.01, max: 100, step: 0.01,
      value: 10, required: true }],
  });
  if (!values) {
    return '';
  }
  const percent = Number(values.percent);
  const target = percent >= 100 ? { type: 'all' } : { type: 'percent', percent };
  await api('POST', '/releases/' + seg(r.id) + '/promote', { target });
  return `${r.version} is in production, rolling out to ${percent}%.`;
}

async function revoke(r) {
  const values = await confirmAction({
    title: `Revoke ${r.version}?`,
    message: `No device will be offered ${r.version} again and its version stays blocked for good. Devices that`
      + ' already run it are offered a rollback to an earlier production release. This cannot be undone.',
    confirm: `Revoke ${r.version}`,
    danger: true,
    fields: [{ name: 'reason', label: 'Reason (kept with the release)', type: 'textarea', required: true,
      maxlength: 1000 }],
  });
  if (!values) {
    return '';
  }
  await api('POST', '/releases/' + seg(r.id) + '/revoke', { reason: values.reason.trim() });
  return `${r.version} is revoked.`;
}
