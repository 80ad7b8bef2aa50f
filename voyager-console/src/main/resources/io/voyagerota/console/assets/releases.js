import { api, apiText, seg, devicesOn } from './api.js';
import { h, page, table, badge, when, errorBox, replace, actionButton, devices } from './dom.js';
import { confirmAction } from './dialog.js';
import { markdown } from './markdown.js';
import { uploadForm } from './upload.js';
import { productForm } from './products.js';

// Releases of the selected product: the list with each one's lifecycle actions, and the upload form.
// A staging release is the beta channel (devices tagged "tester"); production is the stable one.

export function render(ctx) {
  const list = h('div', { id: 'release-list' }, h('p', { class: 'help' }, 'Loading releases…'));
  let upload = null;
  const refresh = () => load(ctx, list, (releases) => upload.listed(releases));
  upload = uploadForm(ctx, refresh);
  page('Releases', list, upload, h('details', { class: 'card' },
    h('summary', {}, 'New product'), productForm(ctx)));
  refresh();
}

async function load(ctx, list, listed) {
  try {
    const { releases } = await api('GET', '/products/' + seg(ctx.product) + '/releases');
    ctx.releases = releases;
    listed(releases);
    const again = () => load(ctx, list, listed);
    const shown = releases.filter((r) => !r.deleted).reverse();
    const deleted = releases.filter((r) => r.deleted).reverse();
    replace(list, shown.length
      ? table(`Releases of ${ctx.product}, newest first`, ['Version', 'State', 'Validation', 'Size', 'Created',
        'Changelog', 'Actions'], shown.map((r) => row(ctx, r, again)), { id: 'releases' })
      : h('p', {}, 'No releases yet: upload the first one below.'),
    deleted.length ? h('details', { class: 'card', id: 'deleted-releases' },
      h('summary', {}, `Deleted releases (${deleted.length})`),
      table('Deleted releases, restorable until housekeeping purges their files', ['Version', 'State', 'Updated',
        'Actions'], deleted.map((r) => h('tr', { 'data-version': r.version },
        h('th', { scope: 'row' }, r.version), h('td', { class: 'state' }, badge(r.state)), h('td', {}, when(r.updatedAt)),
        h('td', { class: 'actions' }, actionButton({ 'data-action': 'restore', 'data-version': r.version },
          'Restore…', () => restore(r), again)))), { id: 'deleted' })) : '');
  } catch (e) {
    replace(list, errorBox(e));
  }
}

function row(ctx, r, refresh) {
  const state = r.state === 'staging' ? [badge('staging'), ' testers only'] : [badge(r.state)];
  const notes = r.changelog ? h('details', {}, h('summary', {}, 'Changelog'), markdown(r.changelog)) : '';
  return h('tr', { 'data-version': r.version },
    h('th', { scope: 'row' }, r.version, r.required ? h('span', { class: 'tag' }, 'required') : '',
      h('div', { class: 'help models' }, r.models && r.models.length ? r.models.join(', ') : 'every model')),
    h('td', { class: 'state' }, state, r.revocationReason ? h('div', { class: 'help' }, 'Reason: ' + r.revocationReason) : ''),
    h('td', { class: 'validation' }, validation(r)),
    h('td', {}, r.artifact ? kib(r.artifact.size) : '—'),
    h('td', {}, when(r.createdAt)),
    h('td', {}, notes),
    h('td', { class: 'actions' }, actions(ctx, r, refresh)));
}

function validation(r) {
  const v = r.validation || { status: 'not-run', steps: [] };
  const failed = (v.steps || []).filter((s) => !s.passed);
  return [badge(v.status), failed.length ? h('ul', { class: 'help' }, failed.map((s) => h('li', {}, `${s.name}: ${s.message}`))) : ''];
}

function kib(bytes) {
  return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + ' MiB' : Math.ceil(bytes / 1024) + ' KiB';
}

function actions(ctx, r, refresh) {
  const button = (action, label, run, cls = 'secondary') => actionButton({ class: cls, 'data-action': action,
    'data-version': r.version }, label, run, refresh);
  const buttons = [];
  if (r.state === 'draft' && r.artifact && !r.signature && unsigned(r)) {
    buttons.push(button('sign', 'Sign…', () => sign(r), 'primary'));
  }
  if (r.state === 'draft' && r.validation && r.validation.status === 'passed') {
    buttons.push(button('stage', 'Stage', () => stage(r)));
  }
  if (r.state === 'staging') {
    buttons.push(button('promote', 'Promote…', () => promote(r), 'primary'));
  }
  if (r.state === 'staging' || r.state === 'production') {
    buttons.push(button('revoke', 'Revoke…', () => revoke(ctx, r), 'danger'));
  }
  if (r.state !== 'production') {
    buttons.push(button('delete', 'Delete…', () => remove(ctx, r), 'danger'));
  }
  return buttons;
}

/** Whether the validation's signature step asks for a signature (the product has a release key). */
function unsigned(r) {
  return ((r.validation && r.validation.steps) || []).some((st) => st.name === 'signature' && !st.passed);
}

/**
 * Shows the release manifest, the exact bytes to sign offline with the product's release key, and records the
 * signature the operator pastes back; the private key never comes near the browser.
 */
async function sign(r) {
  const { text, headers } = await apiText('/releases/' + seg(r.id) + '/manifest');
  const file = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const v = await confirmAction({
    title: `Sign ${r.version}'s manifest?`,
    message: 'Sign these exact bytes with the product\'s release key where the key is kept, then paste the'
      + ' signature: openssl dgst -sha256 -sign release.pem manifest.txt | base64 -w0 (or voyager release sign).',
    confirm: 'Record the signature',
    extra: h('div', { class: 'manifest' },
      h('p', {}, h('a', { href: file, download: `manifest-${r.version}.txt`, id: 'manifest-download' },
        'Download manifest.txt'), ' · SHA-256 ', h('code', { id: 'manifest-sha256' },
        headers.get('Voyager-Manifest-Sha256') || '')),
      h('pre', { id: 'manifest-text', tabindex: 0, 'aria-label': 'The release manifest' }, text)),
    fields: [{ name: 'signature', label: 'Signature (base64: DER or r‖s)', type: 'textarea', required: true }],
  });
  URL.revokeObjectURL(file);
  if (!v) {
    return '';
  }
  const signed = await api('PUT', '/releases/' + seg(r.id) + '/signature',
    { algorithm: 'ecdsa-p256-sha256', base64: v.signature.replace(/\s+/g, '') });
  return `Signature recorded for ${r.version}: validation ${signed.validation.status}.`;
}

async function stage(r) {
  return lifecycle(r, 'stage', `${r.version} is staging.`, {
    title: `Stage ${r.version}?`,
    message: `Release ${r.version} moves to staging: devices tagged "tester" will be offered it at their next check.`
      + ' Nobody else is offered it until you promote it.',
    confirm: 'Stage',
  });
}

/** Asks with {@code dialog}, then POSTs the body-less {@code action}; resolves to {@code done}, or '' if cancelled. */
async function lifecycle(r, action, done, dialog) {
  if (!await confirmAction(dialog)) {
    return '';
  }
  await api('POST', '/releases/' + seg(r.id) + '/' + action);
  return done;
}

async function promote(r) {
  const values = await confirmAction({
    title: `Promote ${r.version} to production?`,
    message: `A rollout starts at once: the given percentage of the product's devices (chosen by a stable hash of`
      + ` their id) will be offered ${r.version} at their next check. You can pause or widen it on the Rollouts page.`,
    confirm: 'Promote and start the rollout',
    fields: [{ name: 'percent', label: 'Devices to offer it to (%)', type: 'number', min: 0.01, max: 100, step: 0.01,
      value: 10, required: true },
    { name: 'stages', label: 'Or a staged plan: later stages (%), e.g. 50, 100', pattern: '[0-9., ]*' },
    { name: 'soak', label: 'Soak time of each stage (ISO 8601, e.g. PT1H)', value: 'PT1H', pattern: 'P[0-9A-Z.]+' },
    { name: 'tags', label: 'Or only devices tagged (instead of a percentage), e.g. tester, north-wing' },
    { name: 'devices', label: 'Or only these devices (ids, instead of a percentage)' },
    { name: 'pauseAt', label: 'Pause by itself when this share of recent devices failed (%; empty: the server\'s)',
      type: 'number', min: 0.1, max: 100, step: 0.1 },
    { name: 'minSample', label: 'Devices a window needs before its rate counts (empty: the server\'s)',
      type: 'number', min: 1, max: 1000000, step: 1 }],
  });
  if (!values) {
    return '';
  }
  const list = (text) => text.split(/[ ,]+/).filter(Boolean);
  const percent = Number(values.percent);
  const later = list(values.stages).map(Number);
  const guard = {};
  if (values.pauseAt) {
    guard.pauseAtFailureRate = Number(values.pauseAt) / 100;
  }
  if (values.minSample) {
    guard.minSample = Number(values.minSample);
  }
  const spec = Object.keys(guard).length ? { guard } : {};
  let done;
  if (list(values.tags).length) {
    spec.target = { type: 'tags', tags: list(values.tags) };
    done = `rolling out to devices tagged ${spec.target.tags.join(', ')}`;
  } else if (list(values.devices).length) {
    spec.target = { type: 'devices', devices: list(values.devices) };
    done = `rolling out to ${spec.target.devices.length} listed ${spec.target.devices.length === 1 ? 'device' : 'devices'}`;
  } else if (later.length) {
    spec.plan = { stages: [percent, ...later].map((p) => ({ percent: p, soak: values.soak })) };
    done = `rolling out in ${spec.plan.stages.length} stages from ${percent}%`;
  } else {
    spec.target = percent >= 100 ? { type: 'all' } : { type: 'percent', percent };
    done = `rolling out to ${percent}%`;
  }
  await api('POST', '/releases/' + seg(r.id) + '/promote', spec);
  return `${r.version} is in production, ${done}.`;
}

/** Revokes a release, saying how many devices run it and what they will be offered instead. */
export async function revoke(ctx, r) {
  const [on, releases] = await Promise.all([devicesOn(ctx.product, r.version),
    api('GET', '/products/' + seg(ctx.product) + '/releases').then((a) => a.releases)]);
  const back = rollbackTarget(releases, r);
  const fate = back ? `${devices(on)} on it will be offered ${back.version}`
    : `${devices(on)} on it keep running it: there is no earlier production release to roll back to`;
  const values = await confirmAction({
    title: `Revoke ${r.version}?`,
    message: `Revoke ${r.version}: ${fate}. No device will be offered ${r.version} again and its version stays`
      + ' blocked for good. This cannot be undone.',
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

/** Where devices on a revoked {@code r} roll back to: the newest production release below it (oldest first). */
function rollbackTarget(releases, r) {
  const below = releases.slice(0, releases.findIndex((x) => x.id === r.id));
  return below.filter((x) => !x.deleted && x.state === 'production' && x.secureVersion >= r.secureVersion).pop();
}

async function remove(ctx, r) {
  const on = await devicesOn(ctx.product, r.version);
  const who = r.state === 'staging' ? 'Testers are no longer offered it. ' : '';
  return lifecycle(r, 'delete', `${r.version} is deleted.`, {
    title: `Delete ${r.version}?`,
    message: `Delete ${r.version}: ${devices(on)} on it keep running it, and no device is offered it. ${who}`
      + 'It can be restored until housekeeping purges its file (30 days after the deletion by default).',
    confirm: `Delete ${r.version}`,
    danger: true,
  });
}

async function restore(r) {
  return lifecycle(r, 'restore', `${r.version} is restored.`, {
    title: `Restore ${r.version}?`,
    message: `Restore ${r.version}: it comes back as ${r.state}`
      + (r.state === 'staging' ? ', offered to testers again at their next check.' : '.'),
    confirm: `Restore ${r.version}`,
  });
}
