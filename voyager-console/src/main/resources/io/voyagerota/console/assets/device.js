import { api, seg } from './api.js';
import { h, page, table, errorBox, replace, when, badge } from './dom.js';
import { directory } from './credentials.js';

/** One device: what the server knows of it, its tags and credential, and its reports, newest first. */
export function render(ctx, deviceId) {
  const details = h('div', { id: 'device-details' }, h('p', { class: 'help' }, 'Loading…'));
  const history = h('div', { id: 'device-history' });
  const manage = h('div', { id: 'device-directory' });
  page('Device ' + deviceId, h('p', {}, h('a', { href: '#/fleet' }, '← Fleet')), details, manage,
    h('h2', {}, 'History'), history);
  directory(deviceId, manage, () => load(deviceId, details, history));
  load(deviceId, details, history);
}

async function load(deviceId, details, history) {
  try {
    const [d, { reports }] = await Promise.all([api('GET', '/devices/' + seg(deviceId)),
      api('GET', '/devices/' + seg(deviceId) + '/history?limit=100')]);
    const item = (term, value) => [h('dt', {}, term), h('dd', {}, value)];
    replace(details, h('dl', { class: 'facts' },
      item('Product', d.productId), item('Model', d.model || '—'), item('Version', d.currentVersion),
      item('Last status', d.lastStatus || '—'), item('Last error', d.lastError || '—'),
      item('Last seen', when(d.lastSeen)), item('Updates', `${d.updatesSucceeded} succeeded, ${d.updatesFailed} failed`),
      item('Tags', d.tags.length ? d.tags.join(', ') : 'none')));
    replace(history, reports.length ? table(`Reports of ${deviceId}, newest first`, ['When', 'Status', 'From', 'To',
      'Running', 'Error', 'Counted'], reports.map((r) => h('tr', {},
      h('td', {}, when(r.reportedAt)),
      h('td', {}, badge(r.status)),
      h('td', {}, r.fromVersion), h('td', {}, r.toVersion), h('td', {}, r.runningVersion),
      h('td', {}, [r.errorCode, r.errorMessage].filter(Boolean).join(': ')),
      h('td', {}, r.counted ? 'yes' : 'no (' + (r.notCountedReason || '') + ')'))), { id: 'history' })
      : h('p', {}, 'No reports yet.'));
  } catch (e) {
    replace(details, errorBox(e));
  }
}
