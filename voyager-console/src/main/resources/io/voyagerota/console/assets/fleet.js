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
      h('div', { class: 'figures', id: 'fleet-recent' }, ...recent(s).map(([id, label, n]) => figure(id, label, n))),
      h('section', { class: 'card', 'aria-labelledby': 'versions-title' },
        h('h2', { id: 'versions-title' }, 'Versions running now'),
        s.versions.length ? barChart('Devices by version', s.versions.map((v) => ({ label: v.version,
          value: v.devices }))) : h('p', {}, 'No device has checked in yet.')),
      h('section', { class: 'card', 'aria-labelledby': 'timeline-title' },
        h('h2', { id: 'timeline-title' }, `Update outcomes, ${s.from} to ${s.to}`),
        timelineChart('Update outcomes per day', s.days),
        h('p', { class: 'legend' }, h('span', { class: 'key ok' }), 'succeeded ', h('span', { class: 'key fail' }),
          'failed ', h('span', { class: 'key back' }), 'rolled back')),
      h('section', { class: 'card', 'aria-labelledby': 'outcomes-title' },
        h('h2', { id: 'outcomes-title' }, 'Outcomes and failures'),
        barChart('Outcomes', [{ label: 'succeeded', value: s.succeeded }, { label: 'failed', value: s.failed },
          { label: 'rolled back', value: s.rolledBack }]),
        failures(s.failuresByCode)),
      downloads(s.downloads));
  } catch (e) {
    replace(holder, errorBox(e));
  }
}

/** Outcomes on the range's last day and over its last 7 and 30 days, as far as the range reaches back. */
function recent(s) {
  const outcomes = (days) => days.reduce((n, d) => n + d.succeeded + d.failed + d.rolledBack, 0);
  return [[1, 'fleet-today', `updates on ${s.to}`], [7, 'fleet-week', `in the 7 days to ${s.to}`],
    [30, 'fleet-month', `in the 30 days to ${s.to}`]]
    .filter(([n]) => n <= s.days.length)
    .map(([n, id, label]) => [id, label, String(outcomes(s.days.slice(-n)))]);
}

/** Failed and rolled-back updates by the error code devices reported, most frequent first. */
function failures(byCode) {
  const rows = Object.entries(byCode).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (!rows.length) {
    return h('p', { id: 'failure-codes' }, 'No failures in this range.');
  }
  return h('div', { id: 'failure-codes' },
    barChart('Failures by error code', rows.map(([code, n]) => ({ label: code, value: n }))));
}

function seconds(ms) {
  return (ms / 1000).toFixed(ms < 10000 ? 1 : 0) + ' s';
}

function speed(bytesPerSecond) {
  return bytesPerSecond >= 1024 * 1024 ? (bytesPerSecond / 1024 / 1024).toFixed(1) + ' MiB/s'
    : Math.round(bytesPerSecond / 1024) + ' KiB/s';
}

/** How long downloads took and how fast they went, from the reports that measured them. */
function downloads(d) {
  const body = d.samples === 0 ? [h('p', {}, 'No report in this range measured its download.')] : [
    h('div', { class: 'figures' },
      h('div', { class: 'figure', id: 'download-time' }, h('span', { class: 'value' }, seconds(d.averageMs)),
        h('span', { class: 'help' }, `average download time (95% within ${seconds(d.p95Ms)})`)),
      h('div', { class: 'figure', id: 'download-speed' },
        h('span', { class: 'value' }, speed(d.averageBytesPerSecond)),
        h('span', { class: 'help' }, `average speed (95th percentile ${speed(d.p95BytesPerSecond)})`))),
    h('p', { class: 'help' }, `From ${d.samples} ${d.samples === 1 ? 'report' : 'reports'} that measured the download.`)];
  return h('section', { class: 'card', id: 'fleet-downloads', 'aria-labelledby': 'downloads-title' },
    h('h2', { id: 'downloads-title' }, 'Downloads'), ...body);
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
