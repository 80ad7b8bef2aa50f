import { api, seg } from './api.js';
import { h, page, table, badge, errorBox, replace, actionButton } from './dom.js';
import { confirmAction } from './dialog.js';
import { planFigure } from './plan.js';
import { revoke } from './releases.js';

// Rollouts of the selected product, refreshed in place every REFRESH_MS while the tab is visible: counts change
// without a reload, and a row is rebuilt only when its state changes, so the keyboard focus stays where it was.
// Each refresh reads every rollout's stats. Their device counts read every known device of the product; the server
// reuses a count that took long (about 4 s for a million devices) for ten times as long, and says when it counted
// (devicesCountedAt), which the row's device cells show on hover. Every few seconds rather than every second, and
// not at all while the tab is hidden.
export const REFRESH_MS = 5000;

export function render(ctx) {
  const status = h('p', { id: 'rollouts-updated', class: 'help', 'aria-live': 'off' }, 'Loading rollouts…');
  const holder = h('div', { id: 'rollout-list' });
  const plans = h('div', { id: 'plans' });
  page('Rollouts', status, holder, plans);
  let timer = 0;
  let stopped = false;
  const update = () => refresh(ctx, { holder, plans, status }, update);
  const tick = async () => {
    if (!document.hidden) {
      await update();
    }
    if (!stopped) {
      timer = setTimeout(tick, REFRESH_MS);
    }
  };
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

async function refresh(ctx, { holder, plans, status }, again) {
  try {
    const product = '/products/' + seg(ctx.product);
    const [{ rollouts }, { releases }] = await Promise.all([api('GET', product + '/rollouts'),
      api('GET', product + '/releases')]);
    const stats = await Promise.all(rollouts.map((r) => api('GET', '/rollouts/' + seg(r.id) + '/stats')));
    const byId = new Map(releases.map((r) => [r.id, r]));
    let tbody = holder.querySelector('tbody');
    if (!rollouts.length) {
      replace(holder, h('p', {}, 'No rollouts yet: promote a staging release on the Releases page.'));
    } else if (!tbody || tbody.children.length !== rollouts.length) {
      replace(holder, table(`Rollouts of ${ctx.product}`, ['Version', 'Strategy', '%', 'State', 'Eligible',
        'Updated', 'Successes', 'Failures', 'Success rate', 'Actions'], [], { id: 'rollouts' }));
      tbody = holder.querySelector('tbody');
    }
    rollouts.forEach((r, i) => {
      let tr = tbody.querySelector(`tr[data-rollout="${CSS.escape(r.id)}"]`);
      const release = byId.get(r.releaseId);
      const over = !release || release.state === 'revoked';
      if (!tr || tr.dataset.revision !== r.revision + (over ? '-revoked' : '')) {
        const fresh = row(ctx, r, release, again);
        tr ? tr.replaceWith(fresh) : tbody.append(fresh);
        tr = fresh;
      }
      fill(tr, stats[i]);
    });
    replace(plans, rollouts.map((r, i) => (r.plan && (byId.get(r.releaseId) || {}).state !== 'revoked'
      ? planFigure(r, stats[i]) : '')));
    status.textContent = `Updated ${new Date().toLocaleTimeString()}; refreshes every ${REFRESH_MS / 1000} s.`;
  } catch (e) {
    replace(holder, errorBox(e));
  }
}

function strategy(r) {
  const t = r.target;
  if (r.plan) {
    return `staged plan, stage ${r.stage + 1} of ${r.plan.stages.length}`;
  }
  return { all: 'all devices', percent: 'percentage', tags: 'tags: ' + (t.tags || []).join(', '),
    devices: `${(t.devices || []).length} listed devices` }[t.type] || t.type;
}

function percent(t) {
  return t.type === 'all' ? '100' : t.type === 'percent' ? String(t.percent) : '—';
}

/** A rollout's row; one of a revoked release shows that instead of its state, and has no actions. */
function row(ctx, r, release, again) {
  const revoked = !release || release.state === 'revoked';
  const cell = (field) => h('td', { 'data-field': field, class: 'num' }, '');
  const state = revoked ? [badge('revoked'), h('div', { class: 'help' }, 'The release is revoked.')]
    : [badge(r.state), r.pauseReason ? h('div', { class: 'help' }, 'Reason: ' + r.pauseReason) : ''];
  return h('tr', { 'data-rollout': r.id, 'data-revision': r.revision + (revoked ? '-revoked' : '') },
    h('th', { scope: 'row', 'data-field': 'version' }, ''),
    h('td', {}, strategy(r)),
    h('td', { class: 'num', 'data-field': 'percent' }, percent(r.target)),
    h('td', {}, state),
    cell('eligible'), cell('updated'), cell('successes'), cell('failures'), cell('successRate'),
    h('td', { class: 'actions' }, revoked ? '' : [...actions(r, again),
      actionButton({ class: 'danger', 'data-action': 'roll-back' }, 'Roll back…', () => revoke(ctx, release), again)]));
}

function fill(tr, s) {
  const set = (field, value) => {
    const el = tr.querySelector(`[data-field="${field}"]`);
    if (el.textContent !== value) {
      el.textContent = value;
    }
  };
  set('version', s.version);
  set('eligible', String(s.eligible));
  set('updated', String(s.updated));
  const counted = 'Devices counted at ' + new Date(s.devicesCountedAt).toLocaleTimeString();
  for (const field of ['eligible', 'updated']) {
    tr.querySelector(`[data-field="${field}"]`).title = counted;
  }
  set('successes', String(s.successes));
  set('failures', String(s.failures));
  set('successRate', Math.round(s.successRate * 1000) / 10 + '%');
}

function actions(r, again) {
  const button = (action, label, run, cls = 'secondary') => actionButton({ class: cls, 'data-action': action },
    label, run, again);
  const path = '/rollouts/' + seg(r.id);
  const list = [];
  if (r.state === 'active') {
    list.push(button('pause', 'Pause…', async () => {
      const v = await confirmAction({ title: 'Pause this rollout?', confirm: 'Pause', fields: [{ name: 'reason',
        label: 'Reason', type: 'textarea', required: true, maxlength: 1000 }],
        message: 'No new device is offered the release until you resume. Devices already updating carry on.' });
      return v && api('POST', path + '/pause', { reason: v.reason.trim() }).then(() => 'Rollout paused.');
    }));
  } else {
    list.push(button('resume', 'Resume', async () => {
      const ok = await confirmAction({ title: 'Resume this rollout?', confirm: 'Resume',
        message: 'Devices the rollout admits are offered the release again at their next check.' });
      return ok && api('POST', path + '/resume').then(() => 'Rollout resumed.');
    }));
  }
  if (r.plan) {
    list.push(button('edit-plan', 'Edit plan…', () => editPlan(r, path)));
  }
  if (r.target.type === 'percent') { // a staged plan's target is its stage's percentage
    list.push(button('widen', 'Widen…', async () => {
      const v = await confirmAction({ title: 'Widen this rollout?', confirm: 'Widen',
        message: 'Every device admitted now stays admitted; more are offered the release at their next check.'
          + (r.plan ? ' Widening ends the staged plan.' : ''),
        fields: [{ name: 'percent', label: 'New percentage of devices', type: 'number', required: true,
          min: r.target.percent || 0.01, max: 100, step: 0.01, value: Math.min(100, (r.target.percent || 0) * 2 || 100) }] });
      if (!v) {
        return '';
      }
      const p = Number(v.percent);
      const target = p >= 100 ? { type: 'all' } : { type: 'percent', percent: p };
      return api('POST', path + '/widen', { target }).then(() => `Rollout widened to ${p}%.`);
    }, 'primary'));
  }
  return list;
}

/** The stages still to come and their soak: the stages reached keep their percentages (the server insists). */
async function editPlan(r, path) {
  const reached = r.plan.stages.slice(0, r.stage + 1).map((st) => st.percent);
  const ahead = r.plan.stages.slice(r.stage + 1).map((st) => st.percent);
  const v = await confirmAction({
    title: 'Edit the staged plan?', confirm: 'Save plan',
    message: `Stages reached stay as they are: ${reached.map((p) => p + '%').join(', ')}. Nobody admitted leaves, `
      + 'and nobody new is admitted until the next stage begins.',
    fields: [
      { name: 'ahead', label: 'Stages still to come (%), e.g. 50, 100', pattern: '[0-9., ]*', value: ahead.join(', ') },
      { name: 'soak', label: 'Soak time of every stage (ISO 8601, e.g. PT2H)', required: true,
        value: r.plan.stages[r.stage].soak, pattern: 'P.*' },
      { name: 'advanceAt', label: 'Success rate a stage needs to advance (%)', type: 'number', min: 0, max: 100,
        step: 0.1, required: true, value: Math.round(r.plan.advanceAtSuccessRate * 1000) / 10 },
    ],
  });
  if (!v) {
    return '';
  }
  const later = v.ahead.split(/[ ,]+/).filter(Boolean).map(Number);
  const stages = [...reached, ...later].map((p) => ({ percent: p, soak: v.soak }));
  return api('PUT', path + '/plan', { plan: { stages, advanceAtSuccessRate: Number(v.advanceAt) / 100 } })
    .then(() => `Plan saved: ${stages.map((st) => st.percent + '%').join(' → ')}.`);
}
