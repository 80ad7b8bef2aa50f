import { h } from './dom.js';

// A staged rollout plan drawn as its stages: the ones done, the current one with its soak time left, the ones to
// come, and the gate the current stage must pass (the success rate) before the plan advances.

/** ISO 8601 duration (PnDTnHnMnS) in milliseconds; 0 when it does not parse. */
export function durationMs(iso) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso || '');
  if (!m) {
    return 0;
  }
  const [d, hr, min, sec] = m.slice(1).map((x) => Number(x || 0));
  return (((d * 24 + hr) * 60 + min) * 60 + sec) * 1000;
}

/** "1 h 5 min", "45 s". */
export function span(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  const parts = [[Math.floor(s / 86400), 'd'], [Math.floor(s / 3600) % 24, 'h'], [Math.floor(s / 60) % 60, 'min']];
  const shown = parts.filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}`);
  return shown.length ? shown.join(' ') : `${s} s`;
}

function rate(x) {
  return Math.round(x * 1000) / 10 + '%';
}

/** The plan of rollout {@code r} (which has one), with its stats {@code s}, at time {@code now}. */
export function planFigure(r, s, now = Date.now()) {
  const gate = r.plan.advanceAtSuccessRate ?? 0.95;
  const stages = r.plan.stages.map((st, i) => {
    const where = i < r.stage ? 'done' : i === r.stage ? 'current' : 'next';
    return h('li', { class: 'stage ' + where, 'aria-current': where === 'current' ? 'step' : false },
      h('span', { class: 'value' }, st.percent + '%'), h('span', { class: 'help' }, 'soak ' + span(durationMs(st.soak))),
      h('span', { class: 'help' }, { done: 'done', current: 'now', next: 'to come' }[where]));
  });
  const current = r.plan.stages[r.stage];
  const left = new Date(r.stageStartedAt).getTime() + durationMs(current.soak) - now;
  const last = r.stage === r.plan.stages.length - 1;
  const passes = s.successRate >= gate;
  const state = r.state === 'paused' ? 'Paused: the plan does not advance until it is resumed. '
    : last ? 'Last stage: the plan is complete once its soak ends. ' : '';
  return h('section', { class: 'card plan', 'data-rollout': r.id, 'aria-label': `Staged plan of ${s.version}` },
    h('h2', {}, `${s.version}: stage ${r.stage + 1} of ${r.plan.stages.length}`),
    h('ol', { class: 'stages' }, stages),
    h('p', { class: 'soak' }, state, left > 0 ? `Soak left: ${span(left)}.` : 'Soak time over.'),
    h('p', { class: 'gate ' + (passes ? 'ok' : 'error') }, `Gate: advances when the success rate is at least ${rate(gate)}`
      + ` — now ${rate(s.successRate)}, ` + (passes ? 'passing.' : 'not passing.')));
}
