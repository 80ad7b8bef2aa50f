import { svg } from './dom.js';

// Hand-drawn SVG charts: a few dozen lines instead of a charting library, styled by console.css classes (no
// inline styles, as the Content-Security-Policy requires), with a text alternative for screen readers.

/** Horizontal bars, one per {label, value}: the version distribution. */
export function barChart(label, rows) {
  const rowHeight = 28;
  const width = 600;
  const labelWidth = 110;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const height = Math.max(1, rows.length) * rowHeight + 8;
  const chart = svg('svg', {
    class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': label + ': ' + rows.map((r) => `${r.label} ${r.value}`).join(', '),
  });
  rows.forEach((r, i) => {
    const y = i * rowHeight + 4;
    const w = Math.max(2, Math.round((width - labelWidth - 60) * r.value / max));
    chart.append(
      svg('text', { x: 0, y: y + 17, class: 'label' }, r.label),
      svg('rect', { x: labelWidth, y, width: w, height: rowHeight - 8, class: 'bar' },
        svg('title', {}, `${r.label}: ${r.value}`)),
      svg('text', { x: labelWidth + w + 6, y: y + 17, class: 'value' }, String(r.value)));
  });
  return chart;
}

const SERIES = [['succeeded', 'ok'], ['failed', 'fail'], ['rolledBack', 'back']];

/** A column per day, stacked succeeded / failed / rolled back: the update timeline. */
export function timelineChart(label, days) {
  const width = 600;
  const height = 160;
  const bottom = height - 20;
  const max = Math.max(1, ...days.map((d) => d.succeeded + d.failed + d.rolledBack));
  const step = width / Math.max(1, days.length);
  const chart = svg('svg', {
    class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': label + ': ' + days.filter((d) => d.succeeded + d.failed + d.rolledBack > 0)
      .map((d) => `${d.day} ${d.succeeded} succeeded, ${d.failed} failed, ${d.rolledBack} rolled back`)
      .join('; ') || label + ': no reports in this range',
  });
  chart.append(svg('line', { x1: 0, y1: bottom, x2: width, y2: bottom, class: 'axis' }));
  days.forEach((d, i) => {
    let y = bottom;
    for (const [key, cls] of SERIES) {
      const h = Math.round((bottom - 10) * d[key] / max);
      if (h > 0) {
        y -= h;
        chart.append(svg('rect', { x: i * step + 1, y, width: Math.max(1, step - 2), height: h, class: cls },
          svg('title', {}, `${d.day}: ${d[key]} ${key}`)));
      }
    }
  });
  if (days.length) {
    chart.append(svg('text', { x: 0, y: height - 4, class: 'label' }, days[0].day),
      svg('text', { x: width, y: height - 4, class: 'label end' }, days[days.length - 1].day));
  }
  return chart;
}
