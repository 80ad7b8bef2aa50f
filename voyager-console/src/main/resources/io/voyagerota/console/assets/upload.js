import { api, seg, uploadArtifact } from './api.js';
import { h, errorBox, toast, replace } from './dom.js';
import { markdown } from './markdown.js';

/**
 * The upload form: version, changelog (with a safe preview), the compatible models (every one by default: the
 * release then fits the product's models, also ones added later), whether the update is required, and the image, by
 * file input or dropped on the drop zone. It creates the draft (or reuses a draft of that version), then uploads
 * the file with a progress bar and shows the server's validation.
 */
export function uploadForm(ctx, refresh) {
  let file = null;
  const version = h('input', { id: 'release-version', name: 'version', required: true, placeholder: '1.4.2',
    pattern: '\\d+\\.\\d+\\.\\d+([\\-+].*)?', 'aria-describedby': 'version-help' });
  const changelog = h('textarea', { id: 'release-changelog', name: 'changelog', rows: 4,
    'aria-describedby': 'changelog-help' });
  const preview = h('div', { id: 'changelog-preview', class: 'preview', 'aria-live': 'polite' });
  const required = h('input', { id: 'release-required', name: 'required', type: 'checkbox' });
  const product = (ctx.products || []).find((p) => p.id === ctx.product);
  const models = (product ? product.models : []).map((m) => ({ name: m.name, box: h('input', { type: 'checkbox',
    id: 'release-model-' + m.name, name: 'models', value: m.name, checked: true }), chip: m.chip }));
  const modelSet = h('fieldset', { id: 'release-models', 'aria-describedby': 'models-help' },
    h('legend', {}, 'Compatible models'),
    h('p', { id: 'models-help', class: 'help' }, 'With every model ticked, the release also fits models added later.'),
    models.map((m) => h('p', { class: 'check' }, m.box, h('label', { for: m.box.id }, `${m.name} (${m.chip})`))));
  const input = h('input', { id: 'release-file', name: 'file', type: 'file', accept: '.bin,application/octet-stream' });
  const chosen = h('span', { id: 'file-chosen' }, 'No file chosen.');
  const drop = h('div', { class: 'dropzone', id: 'dropzone' },
    h('label', { for: 'release-file' }, 'Firmware image (.bin): choose a file or drop it here'), input, chosen);
  const progress = h('progress', { id: 'upload-progress', max: 100, value: 0, 'aria-label': 'Upload progress' });
  const percent = h('span', { id: 'upload-percent' }, '');
  const result = h('div', { id: 'upload-result', 'aria-live': 'polite' });
  let failedId = null; // the release the result says failed validation
  const submit = h('button', { type: 'submit', class: 'primary', id: 'upload' }, 'Create draft and upload');

  const pick = (f) => {
    file = f || null;
    chosen.textContent = file ? `${file.name} (${file.size} bytes)` : 'No file chosen.';
  };
  input.addEventListener('change', () => pick(input.files[0]));
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    pick(e.dataTransfer.files[0]);
  });
  changelog.addEventListener('input', () => replace(preview, changelog.value ? markdown(changelog.value) : ''));

  const form = h('form', { class: 'card', id: 'upload-form' },
    h('h2', {}, 'New release'),
    h('p', {}, h('label', { for: 'release-version' }, 'Version'), version,
      h('span', { id: 'version-help', class: 'help' }, 'SemVer, newer than every release of the product.')),
    h('p', {}, h('label', { for: 'release-changelog' }, 'Changelog'), changelog,
      h('span', { id: 'changelog-help', class: 'help' }, 'Markdown: **bold**, *italic*, `code`, - lists, # headings.'
        + ' HTML is shown as text.')),
    h('div', {}, h('span', { class: 'help' }, 'Preview'), preview),
    modelSet,
    h('p', { class: 'check' }, required, h('label', { for: 'release-required' }, 'Required update (the offer tells devices'
      + ' it must be installed)')),
    drop,
    h('p', {}, progress, ' ', percent),
    result,
    h('p', {}, submit));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!file) {
      replace(result, h('p', { class: 'error', role: 'alert' }, 'Choose the firmware image to upload.'));
      return;
    }
    const compatible = models.filter((m) => m.box.checked).map((m) => m.name);
    if (models.length && !compatible.length) {
      replace(result, h('p', { class: 'error', role: 'alert' }, 'Pick at least one model the image runs on.'));
      return;
    }
    submit.disabled = true;
    replace(result);
    progress.value = 0;
    try {
      const existing = (ctx.releases || []).find((r) => r.version === version.value.trim() && r.state === 'draft');
      const draft = existing || await api('POST', '/products/' + seg(ctx.product) + '/releases', {
        version: version.value.trim(), changelog: changelog.value, required: required.checked,
        ...(compatible.length < models.length ? { models: compatible } : {}),
      });
      const release = await uploadArtifact(draft.id, file, (fraction) => {
        progress.value = Math.round(fraction * 100);
        percent.textContent = Math.round(fraction * 100) + '%';
      });
      progress.value = 100;
      percent.textContent = '100%';
      const passed = release.validation && release.validation.status === 'passed';
      failedId = passed ? null : release.id;
      replace(result, h('p', { class: passed ? 'ok' : 'error', role: 'status' }, passed
        ? `Uploaded ${release.version}: validation passed. Stage it from the list above.`
        : `Uploaded ${release.version}, but validation failed: `
          + release.validation.steps.filter((s) => !s.passed).map((s) => s.message).join('; ')));
      toast(`Release ${release.version} uploaded.`);
      form.reset();
      pick(null);
      replace(preview);
      refresh();
    } catch (err) {
      replace(result, errorBox(err));
    } finally {
      submit.disabled = false;
    }
  });
  // A release whose upload failed validation for want of a signature passes once signed from its row: the message
  // about the upload then says so instead of the failure it no longer has.
  form.listed = (releases) => {
    const now = failedId && releases.find((r) => r.id === failedId);
    if (now && now.validation && now.validation.status === 'passed') {
      failedId = null;
      replace(result, h('p', { class: 'ok', role: 'status' },
        `${now.version} passes validation now. Stage it from the list above.`));
    }
  };
  return form;
}
