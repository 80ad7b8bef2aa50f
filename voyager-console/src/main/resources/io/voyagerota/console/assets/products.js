import { api } from './api.js';
import { h, errorBox, toast } from './dom.js';

const CHIPS = ['esp32', 'esp32s2', 'esp32s3', 'esp32c2', 'esp32c3', 'esp32c5', 'esp32c6', 'esp32c61', 'esp32h2',
  'esp32p4'];

/** A form that creates a product with one hardware model (and a release key, if given), then selects it. */
export function productForm(ctx) {
  const field = (id, label, attrs = {}) => h('p', {}, h('label', { for: id }, label),
    h('input', { id, name: id, required: true, ...attrs }));
  const error = h('div');
  const form = h('form', { class: 'card', id: 'product-form' },
    h('h2', {}, 'New product'),
    field('product-id', 'Product id', { pattern: '[a-z0-9][a-z0-9\\-]*', placeholder: 'locker' }),
    field('product-name', 'Name', { placeholder: 'Smart locker' }),
    field('model-name', 'Hardware model', { placeholder: 'locker-s3' }),
    h('p', {}, h('label', { for: 'model-chip' }, 'Chip'),
      h('select', { id: 'model-chip', name: 'model-chip' }, CHIPS.map((c) => h('option', { value: c }, c)))),
    h('p', {}, h('label', { for: 'release-key' }, 'Release public key (PEM; optional: releases must then be signed)'),
      h('textarea', { id: 'release-key', name: 'release-key', rows: 4,
        placeholder: '-----BEGIN PUBLIC KEY-----' })),
    error,
    h('p', {}, h('button', { type: 'submit', class: 'primary', id: 'create-product' }, 'Create product')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const value = (id) => form.querySelector('#' + id).value.trim();
    try {
      const body = {
        id: value('product-id'), name: value('product-name'),
        models: [{ name: value('model-name'), chip: value('model-chip') }],
      };
      if (value('release-key')) {
        body.releaseKeyPem = value('release-key') + '\n';
      }
      const product = await api('POST', '/products', body);
      toast(`Product ${product.id} created.`);
      await ctx.reloadProducts(product.id);
    } catch (err) {
      error.replaceChildren(errorBox(err));
    }
  });
  return form;
}
