import { api, signIn, signOut } from './api.js';
import { h, page } from './dom.js';

/** The sign-in page: the admin token, checked by listing products; {@code done(products)} once it is accepted. */
export function showSignIn(message, done) {
  const input = h('input', {
    id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false',
    'aria-describedby': 'token-help',
  });
  const status = h('p', { id: 'signin-error', class: message ? 'error' : 'hidden', role: 'alert' }, message);
  const button = h('button', { type: 'submit', class: 'primary', id: 'signin' }, 'Sign in');
  const form = h('form', { class: 'card signin', novalidate: false },
    h('p', {}, h('label', { for: 'token' }, 'Admin token'), input),
    h('p', { id: 'token-help', class: 'help' },
      'The token voyager serve printed at its first start, or one from your secret store. It is kept in this tab',
      ' only, until you sign out or close it.'),
    status,
    h('p', {}, button));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const value = input.value.trim();
    if (!value) {
      return;
    }
    button.disabled = true;
    signIn(value);
    try {
      const { products } = await api('GET', '/products');
      input.value = '';
      done(products);
    } catch (err) {
      signOut();
      status.className = 'error';
      status.textContent = err.status === 401
        ? 'That admin token was refused. Check it and try again.'
        : 'Could not reach the admin API: ' + err.message;
      button.disabled = false;
      input.select();
    }
  });
  page('Sign in to Voyager', form);
  input.focus();
}
