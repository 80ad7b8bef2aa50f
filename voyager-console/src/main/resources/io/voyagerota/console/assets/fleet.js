import { api, seg } from './api.js';
import { h, page, table, errorBox, replace, when } from './dom.js';
import { barChart, timelineChart } from './chart.js';

// The fleet of the selected product: what versions devices run, update outcomes over a range of UTC days (the
// last 30 by default; the admin API's fleet statistics), and the device list, a page of 100 at a time.

export function render(ctx) {
  const summary = h('div', { id: 'fleet-summary' }, h('p', { class: 'help' }, 'Loading statistics…'));
  const devices = h('div', { id: 'device-list' });
  const from = h('input', { type: 'date', id: 'stats-from', name: 'from' });
  const to = h('input', { type: 'date', id: 'stats-to', name: 'to' });
  const range = h('form', { class: 'range card', id: 'stats-range', 'aria-label': 'Date range of the statistics' },
    h('div', {}, h('label', { for: 'stats-from' }, 'From (UTC day)'), from),
    h('div', {}, h('label', { for: 'stats-to' }, 'To (UTC day)'), to),
    h('button', { type: 'submit', class: 'primary', id: 'stats-apply' }, 'Show'),
    h('span', { class: 'help' }, 'Both days included, at most 366 days; empty: the 30 days up to today.'));
  range.addEventListener('submit', (e) => {
    e.preventDefault();
    loadStats(ctx, summary, from.value, to.value);
  });
  page('Fleet', range, summary, h('h2', {}, 'Devices'), devices);
  loadStats(ctx, summary, '', '');
  loadDevices(ctx, devices, '');
}

async function loadStats(ctx, holder, from, to) {
  try {
    const query = [from && 'from=' + from, to && 'to=' + to].filter(Boolean).join('&');
    const s = await api('GET', '/products/' + seg(ctx.product) + '/stats' + (query ? '?' + query : ''));
    const figure = (id, label, value) => h('div', { class: 'figure', id }, h('span', { class: 'value' }, value),
      h('span', { class: 'help' }, label));
    replace(holder,
      h('div', { class: 'figures' },
        figure('fleet-devices', 'devices', String(s.devices)),
        figure('fleet-succeeded', 'updates succeeded', String(s.succeeded)),
        figure('fleet-failed', 'failed', String(s.failed)),
        figure('fleet-rate', 'success rate', Math.round(s.successRate * 1000) / 10 + '%')),
      h('section', { class: 'card', 'aria-labelledby': 'versions-title' },
        h('h2', { id: 'versions-title' }, 'Versions running now'),
        s.versions.length ? barChart('Devices by version', s.versions.map((v) => ({ label: v.version,
          value: v.devices }))) : h('p', {}, 'No device has checked in yet.')),
      h('section', { class: 'card', 'aria-labelledby': 'timeline-title' },
        h('h2', { id: 'timeline-title' }, `Update outcomes, ${s.from} to ${s.to}`),
        timelineChart('Update outcomes per day', s.days),
        h('p', { class: 'legend' }, h('span', { class: 'key ok' }), 'succeeded ', h('span', { class: 'key fail' }),
          'failed ', h('span', { class: 'key back' }), 'rolled back')));
  } catch (e) {
    replace(holder, errorBox(e));
  }
}

async function loadDevices(ctx, holder, after) {
  try {
    const query = '?limit=100' + (after ? '&after=' + encodeURIComponent(after) : '');
    const { devices, next } = await api('GET', '/products/' + seg(ctx.product) + '/devices' + query);
    const rows = devices.map((d) => h('tr', {},
      h('th', { scope: 'row' }, h('a', { href: '#/devices/' + encodeURIComponent(d.deviceId) }, d.deviceId)),
      h('td', {}, d.model || ''),
      h('td', {}, d.currentVersion),
      h('td', {}, d.lastStatus || ''),
      h('td', {}, when(d.lastSeen)),
      h('td', { class: 'num' }, String(d.updatesSucceeded)),
      h('td', { class: 'num' }, String(d.updatesFailed))));
    const more = next ? h('button', { type: 'button', class: 'secondary', id: 'more-devices',
      onclick: () => loadDevices(ctx, holder, next) }, 'Next 100 devices') : '';
    replace(holder, devices.length
      ? [table(`Devices of ${ctx.product}` + (after ? ` after ${after}` : ''), ['Device', 'Model', 'Version',
        'Last status', 'Last seen', 'Succeeded', 'Failed'], rows, { id: 'devices' }), more]
      : h('p', {}, after ? 'No more devices.' : 'No device has checked in yet.'));
  } catch (e) {
    replace(holder, errorBox(e));
  }
}
