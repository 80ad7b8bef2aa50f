import { api, seg } from './api.js';
import { h, replace } from './dom.js';

// Alerts, on every page while signed in: rollouts that paused themselves (their guard saw too many failures) and
// alert webhooks the outbox failed to deliver. Polled every ALERTS_MS while the tab is visible: two small reads
// (the product's rollouts and releases) and one page of failed outbox events.
export const ALERTS_MS = 5000;

let timer = 0;
let running = false;

/** Starts polling for {@code ctx.product}'s alerts into the #alerts region; again after a product change. */
export function watchAlerts(ctx) {
  stopAlerts();
  running = true;
  const tick = async () => {
    if (!document.hidden) {
      await show(ctx);
    }
    if (running) {
      timer = setTimeout(tick, ALERTS_MS);
    }
  };
  tick();
}

export function stopAlerts() {
  running = false;
  clearTimeout(timer);
  replace(document.getElementById('alerts'));
}

async function show(ctx) {
  const region = document.getElementById('alerts');
  try {
    const [outbox, rollouts, releases] = await Promise.all([api('GET', '/outbox?state=failed&limit=500'),
      ctx.product ? api('GET', '/products/' + seg(ctx.product) + '/rollouts') : { rollouts: [] },
      ctx.product ? api('GET', '/products/' + seg(ctx.product) + '/releases') : { releases: [] }]);
    const version = new Map(releases.releases.map((r) => [r.id, r]));
    const paused = rollouts.rollouts.filter((r) => r.state === 'paused' && autoPaused(r.pauseReason)
      && (version.get(r.releaseId) || {}).state !== 'revoked');
    const hooks = outbox.events.filter((e) => e.type === 'alert.webhook');
    const items = [
      ...paused.map((r) => h('li', { class: 'alert', 'data-alert': 'paused' },
        `The rollout of ${(version.get(r.releaseId) || {}).version || r.releaseId} paused itself: ${r.pauseReason}. `,
        h('a', { href: '#/rollouts' }, 'Rollouts'))),
      hooks.length ? h('li', { class: 'alert', 'data-alert': 'webhook' },
        `${hooks.length} alert webhook${hooks.length === 1 ? '' : 's'} could not be delivered: `
        + (hooks[hooks.length - 1].lastError || 'no error recorded') + '. ', h('a', { href: '#/operations' }, 'Operations'))
        : '',
    ].filter(Boolean);
    const text = items.map((i) => i.textContent).join('\n');
    if (region.dataset.shown !== text) { // unchanged alerts are not announced again
      region.dataset.shown = text;
      replace(region, items.length ? h('ul', { 'aria-label': 'Alerts' }, items) : '');
    }
  } catch (e) {
    // a failed poll leaves the alerts as they were; a refused token signs out through the API module
  }
}

/** A pause by the rollout's guard: its reason is the rule that fired (RolloutEvaluator's wording). */
function autoPaused(reason) {
  return /^failure rate /.test(reason || '');
}
