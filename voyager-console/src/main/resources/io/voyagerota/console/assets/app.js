import { api, token, signOut, whenSignedOut } from './api.js';
import { h, page, errorBox, replace, toast } from './dom.js';
import { showSignIn } from './signin.js';
import { productForm } from './products.js';
import * as releases from './releases.js';
import * as rollouts from './rollouts.js';
import * as fleet from './fleet.js';
import * as device from './device.js';
import * as operations from './ops.js';
import { watchAlerts, stopAlerts } from './alerts.js';

// The shell: sign-in, the product picker, and a page per route (#/releases, #/rollouts, #/fleet, #/devices/{id}).
// Alerts (alerts.js) show above every page. A page's render(ctx) may return a function that stops what it started (the rollouts page's polling).

const PAGES = { releases, rollouts, fleet, operations };
const ctx = { products: [], product: '', reloadProducts };
let stopPage = () => {};
let signedIn = false;

whenSignedOut(() => {
  if (signedIn) {
    leave('Your session ended: the server refused the admin token. Sign in again.');
  }
});

function leave(message) {
  signedIn = false;
  stopPage();
  stopPage = () => {};
  stopAlerts();
  document.getElementById('topbar').hidden = true;
  showSignIn(message, enter);
}

/** After a successful sign-in: the products it returned, then the page the hash names. */
function enter(products) {
  signedIn = true;
  setProducts(products);
  document.getElementById('topbar').hidden = false;
  watchAlerts(ctx);
  if (!location.hash || location.hash === '#/') {
    location.hash = '#/releases';
  } else {
    route();
  }
}

function setProducts(products) {
  ctx.products = products;
  if (!products.some((p) => p.id === ctx.product)) {
    ctx.product = products.length ? products[0].id : '';
  }
  const picker = document.getElementById('product');
  replace(picker, products.map((p) => h('option', { value: p.id, selected: p.id === ctx.product }, `${p.name} (${p.id})`)));
  picker.disabled = products.length === 0;
}

async function reloadProducts(selected) {
  const { products } = await api('GET', '/products');
  if (selected) {
    ctx.product = selected;
  }
  setProducts(products);
  route();
}

function route() {
  if (!signedIn) {
    return;
  }
  stopPage();
  stopPage = () => {};
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const name = parts[0] || 'releases';
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.page === name) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  try {
    let stop;
    if (name === 'operations') {
      stop = operations.render(ctx);
    } else if (name === 'devices' && parts[1]) {
      stop = device.render(ctx, parts[1]);
    } else if (!ctx.product) {
      page('Create your first product', h('p', {}, 'Releases, rollouts and devices belong to a product.'),
        productForm(ctx));
    } else if (PAGES[name]) {
      stop = PAGES[name].render(ctx);
    } else {
      page('Not found', h('p', {}, 'There is no such page. ', h('a', { href: '#/releases' }, 'Releases')));
    }
    if (typeof stop === 'function') {
      stopPage = stop;
    }
  } catch (e) {
    page('Something went wrong', errorBox(e));
  }
}

window.addEventListener('hashchange', route);
document.getElementById('product').addEventListener('change', (e) => {
  ctx.product = e.target.value;
  watchAlerts(ctx);
  route();
});
document.getElementById('sign-out').addEventListener('click', () => {
  signOut();
  toast('Signed out.');
  leave('');
});

// A token kept in this tab's session (a reload) is tried again; otherwise the sign-in page.
if (token()) {
  api('GET', '/products').then(({ products }) => enter(products)).catch((e) => leave(e.status === 401 ? '' : e.message));
} else {
  leave('');
}
