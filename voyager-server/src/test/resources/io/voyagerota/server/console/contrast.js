// WCAG 2.x contrast of every visible piece of text on the page against the background it is drawn on: 4.5:1 for
// normal text, 3:1 for large text (24 px, or 18.66 px bold). Returns the offenders, each described in one line,
// and the lowest ratio seen, as [lowest, offender...]. Backgrounds with transparency are blended over their parent's.
const parse = (c) => {
  const m = c.match(/rgba?\(([^)]+)\)/);
  if (!m) return [255, 255, 255, 1];
  const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
};
const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
const background = (el) => {
  const chain = [];
  for (let e = el; e; e = e.parentElement) chain.push(parse(getComputedStyle(e).backgroundColor));
  return chain.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]);
};
const luminance = (rgb) => {
  const [r, g, b] = rgb.slice(0, 3).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const ratio = (a, b) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};
let lowest = 21;
const offenders = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const el = node.parentElement;
  if (!el || !node.textContent.trim() || el.closest('svg, [hidden], template')) continue;
  const rect = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  if (rect.width === 0 || rect.height === 0 || style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
  const bg = background(el);
  const fg = over(parse(style.color), bg);
  const r = ratio(fg, bg);
  const size = parseFloat(style.fontSize);
  const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
  lowest = Math.min(lowest, r);
  if (r < (large ? 3 : 4.5)) {
    offenders.push(`${r.toFixed(2)}:1 "${node.textContent.trim().slice(0, 40)}" in ${el.tagName.toLowerCase()}`
      + `${el.id ? '#' + el.id : ''}.${el.className} (${style.color} on rgb(${bg.slice(0, 3).map(Math.round)}))`);
  }
}
return [Math.round(lowest * 100) / 100, ...offenders];
