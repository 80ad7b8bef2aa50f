import { api, seg } from './api.js';
import { h, replace, toast, actionButton } from './dom.js';
import { confirmAction } from './dialog.js';

// A device's entry in the server's directory: its tags (rollout targets, the "tester" beta channel) and its
// credential — issued with the secret shown once, here only, with a copy button; or revoked.

export function directory(deviceId, holder, reload) {
  const path = '/devices/' + seg(deviceId);
  const tags = h('input', { id: 'device-tags', name: 'tags', autocomplete: 'off',
    'aria-describedby': 'device-tags-help' });
  const secret = h('div', { id: 'device-secret', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', id: 'tags-form', 'aria-labelledby': 'tags-title' },
    h('h2', { id: 'tags-title' }, 'Tags'),
    h('label', { for: 'device-tags' }, 'Tags, separated by commas or spaces'), tags,
    h('span', { class: 'help', id: 'device-tags-help' }, '"tester" is offered staging releases; tag rollouts match'
      + ' these. Empty clears them.'),
    h('p', {}, h('button', { type: 'submit', class: 'primary', id: 'save-tags' }, 'Save tags')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const list = tags.value.split(/[\s,]+/).filter(Boolean);
      const saved = await api('PUT', path + '/tags', { tags: list });
      tags.value = saved.tags.join(', ');
      toast(saved.tags.length ? 'Tags saved: ' + saved.tags.join(', ') + '.' : 'Tags cleared.');
      reload();
    } catch (err) {
      toast(err.message, 'bad');
    }
  });
  api('GET', path).then((d) => { tags.value = d.tags.join(', '); }).catch(() => {});
  const issue = actionButton({ class: 'primary', id: 'issue-credential' }, 'Issue a credential…', async () => {
    const ok = await confirmAction({ title: `Issue a credential for ${deviceId}?`, confirm: 'Issue',
      message: 'A new secret replaces the device\'s earlier one at once: until it is given the new secret, the'
        + ' device cannot check or report. The secret is shown once, here.' });
    if (!ok) {
      return '';
    }
    const c = await api('POST', path + '/credentials');
    showSecret(secret, c.secret);
    return 'Credential issued: copy the secret now.';
  }, () => {});
  const revoke = actionButton({ class: 'danger', id: 'revoke-credential' }, 'Revoke the credential…', async () => {
    const ok = await confirmAction({ title: `Revoke ${deviceId}'s credential?`, confirm: 'Revoke', danger: true,
      message: 'The device\'s secret stops working at once: it cannot check or report until it is issued a new one.' });
    if (!ok) {
      return '';
    }
    await api('DELETE', path + '/credentials');
    replace(secret);
    return 'Credential revoked.';
  }, () => {});
  replace(holder, form, h('section', { class: 'card', 'aria-labelledby': 'credential-title' },
    h('h2', { id: 'credential-title' }, 'Credential'),
    h('p', { class: 'help' }, 'The device\'s bearer secret for checks and reports; the server keeps only its hash.'),
    h('p', {}, issue, ' ', revoke), secret));
}

function showSecret(holder, value) {
  const code = h('code', { class: 'secret', id: 'secret-value' }, value);
  const copy = h('button', { type: 'button', class: 'secondary', id: 'copy-secret' }, 'Copy the secret');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(value);
      toast('Secret copied.');
    } catch (e) {
      getSelection().selectAllChildren(code); // no clipboard access: selected, for Ctrl+C
      toast('Copying is not allowed here: the secret is selected, press Ctrl+C.', 'bad');
    }
  });
  replace(holder, h('p', {}, 'Give this secret to the device now: it is not shown again.'), code, copy);
  copy.focus(); // brings the secret into view, and Enter copies it
}
