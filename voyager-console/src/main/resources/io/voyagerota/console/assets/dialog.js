import { h } from './dom.js';

/**
 * A modal confirmation that says what will happen, with optional fields (a reason, a percentage) and content to
 * read ({@code extra}, such as a manifest to sign). Resolves to the
 * fields' values when confirmed, or null when cancelled (Cancel, Escape). Focus starts on the first field, or on
 * Cancel when there is none, so Enter never confirms a destructive action by accident.
 */
export function confirmAction({ title, message, confirm, danger = false, fields = [], extra = '' }) {
  return new Promise((resolve) => {
    const inputs = fields.map((f) => {
      const input = f.type === 'textarea'
        ? h('textarea', { name: f.name, id: 'dlg-' + f.name, required: f.required, maxlength: f.maxlength, rows: 3 })
        : h('input', {
          name: f.name, id: 'dlg-' + f.name, type: f.type || 'text', required: f.required,
          min: f.min, max: f.max, step: f.step, value: f.value, maxlength: f.maxlength, pattern: f.pattern,
        });
      return { field: f, input };
    });
    const cancel = h('button', { type: 'button', class: 'secondary', id: 'dlg-cancel' }, 'Cancel');
    const ok = h('button', { type: 'submit', class: danger ? 'danger' : 'primary', id: 'dlg-confirm' }, confirm);
    const form = h('form', { method: 'dialog' },
      h('h2', { id: 'dlg-title' }, title),
      h('p', { id: 'dlg-message' }, message),
      extra,
      inputs.map(({ field, input }) => h('p', {}, h('label', { for: input.id }, field.label), input)),
      h('div', { class: 'actions' }, cancel, ok));
    const dialog = h('dialog', { 'aria-labelledby': 'dlg-title', 'aria-describedby': 'dlg-message' }, form);
    let result = null;
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!form.reportValidity()) {
        return;
      }
      result = Object.fromEntries(inputs.map(({ field, input }) => [field.name, input.value]));
      dialog.close();
    });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
    (inputs.length ? inputs[0].input : cancel).focus();
  });
}
