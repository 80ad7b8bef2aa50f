import { api, seg } from './api.js';
import { h, page, table, badge, when, errorBox, replace, actionButton } from './dom.js';
import { confirmAction } from './dialog.js';

// Operations: the outbox (side effects waiting for delivery — webhook alerts, device triggers, artifact clean-up)
// by state, with resubmit and discard for failed events, and housekeeping with a run now.

const STATES = ['failed', 'pending', 'processing', 'processed', 'discarded'];

export function render() {
  const picker = h('select', { id: 'outbox-state' }, STATES.map((s) => h('option', { value: s }, s)));
  const counts = h('p', { id: 'outbox-counts', class: 'help' });
  const list = h('div', { id: 'outbox-list' }, h('p', { class: 'help' }, 'Loading the outbox…'));
  const house = h('div', { id: 'housekeeping' }, h('p', { class: 'help' }, 'Loading housekeeping…'));
  const reload = () => loadOutbox(picker.value, counts, list, reload);
  picker.addEventListener('change', reload);
  page('Operations',
    h('section', { class: 'card', 'aria-labelledby': 'outbox-title' }, h('h2', { id: 'outbox-title' }, 'Outbox'),
      h('label', { for: 'outbox-state' }, 'Events in state'), picker, ' ',
      h('button', { type: 'button', class: 'secondary', id: 'outbox-refresh', onclick: reload }, 'Refresh'),
      counts, list),
    h('section', { class: 'card', 'aria-labelledby': 'housekeeping-title' },
      h('h2', { id: 'housekeeping-title' }, 'Housekeeping'), house));
  reload();
  loadHousekeeping(house);
}

async function loadOutbox(state, counts, list, reload) {
  try {
    const o = await api('GET', '/outbox?state=' + encodeURIComponent(state) + '&limit=100');
    counts.textContent = STATES.map((s) => `${s} ${o.counts[s] || 0}`).join(' · ');
    replace(list, o.events.length ? table(`Outbox events ${state}, oldest first`, ['Event', 'Type', 'About',
      'State', 'Attempts', 'Created', 'Next attempt', 'Last error', 'Actions'], o.events.map((e) => h('tr',
      { 'data-event': e.id },
      h('th', { scope: 'row' }, e.id), h('td', {}, e.type), h('td', {}, e.aggregateId), h('td', {}, badge(e.state)),
      h('td', { class: 'num' }, String(e.attempts)), h('td', {}, when(e.createdAt)), h('td', {}, when(e.nextAttemptAt)),
      h('td', { class: 'last-error' }, e.lastError || ''),
      h('td', { class: 'actions' }, e.state === 'failed' ? actions(e, reload) : ''))), { id: 'outbox' })
      : h('p', {}, `No ${state} events.`), o.next ? h('p', { class: 'help' }, 'Only the first 100 are shown.') : '');
  } catch (e) {
    replace(list, errorBox(e));
  }
}

function actions(e, reload) {
  const path = '/outbox/' + seg(e.id);
  return [
    actionButton({ 'data-action': 'resubmit', 'aria-label': `Resubmit ${e.type} ${e.id}` }, 'Resubmit', async () => {
      const ok = await confirmAction({ title: 'Resubmit this event?', confirm: 'Resubmit',
        message: `${e.type} for ${e.aggregateId} goes back to pending with 0 attempts and is delivered again.` });
      return ok && api('POST', path + '/resubmit').then(() => 'Event resubmitted.');
    }, reload),
    actionButton({ class: 'danger', 'data-action': 'discard', 'aria-label': `Discard ${e.type} ${e.id}` }, 'Discard…',
      async () => {
        const v = await confirmAction({ title: 'Discard this event?', confirm: 'Discard', danger: true,
          message: `${e.type} for ${e.aggregateId} is never delivered. The event stays, discarded, with your reason.`,
          fields: [{ name: 'reason', label: 'Reason', type: 'textarea', required: true, maxlength: 1000 }] });
        return v && api('POST', path + '/discard', { reason: v.reason.trim() }).then(() => 'Event discarded.');
      }, reload),
  ];
}

async function loadHousekeeping(holder) {
  try {
    const k = await api('GET', '/housekeeping');
    const item = (term, value) => [h('dt', {}, term), h('dd', {}, value)];
    const run = k.lastRun;
    replace(holder, h('dl', { class: 'facts', id: 'housekeeping-facts' },
      item('Runs', k.enabled ? `every ${k.interval}` : 'disabled'),
      item('Unreferenced files purged after', k.unreferencedGrace),
      item('Deleted releases restorable for', k.deletedRetention),
      item('Last run', run ? `${when(run.finishedAt)}: ${run.artifactsListed} artifacts listed, `
        + `${run.purges.length} purges queued, ${run.leftoversSwept.length} leftovers swept`
        + (run.problems.length ? '; problems: ' + run.problems.join('; ') : '; no problems') : 'none yet')),
    actionButton({ class: 'primary', id: 'housekeeping-run' }, 'Run housekeeping now', async () => {
      const ok = await confirmAction({ title: 'Run housekeeping now?', confirm: 'Run',
        message: 'Sweeps what interrupted uploads left in storage and queues purges of artifacts no release needs'
          + ' (unreferenced past the grace time, or only referenced by releases deleted past the retention).' });
      return ok && api('POST', '/housekeeping/run').then((r) => `Housekeeping ran: ${r.purges.length} purges queued.`);
    }, () => loadHousekeeping(holder)));
  } catch (e) {
    replace(holder, errorBox(e));
  }
}
