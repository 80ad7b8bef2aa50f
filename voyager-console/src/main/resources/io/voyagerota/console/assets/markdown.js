import { h } from './dom.js';

/**
 * Renders a changelog's Markdown as DOM nodes, never as HTML: every character of the source ends up in a text
 * node, so markup in a changelog (a <script>, an onerror=) shows as the text it is. Supported: # headings,
 * - and * lists, 1. lists, paragraphs, **bold**, *italic*, `code`, and [links](https://…) to http(s) only.
 */
export function markdown(source) {
  const root = h('div', { class: 'markdown' });
  let list = null;
  let paragraph = [];
  const flush = () => {
    if (paragraph.length) {
      root.append(h('p', {}, inline(paragraph.join(' '))));
      paragraph = [];
    }
  };
  for (const raw of String(source || '').split(/\r?\n/)) {
    const line = raw.trim();
    let m;
    if (!line) {
      flush();
      list = null;
    } else if ((m = /^(#{1,4})\s+(.*)$/.exec(line))) {
      flush();
      list = null;
      root.append(h('h' + Math.min(6, m[1].length + 2), {}, inline(m[2])));
    } else if ((m = /^([-*]|\d+\.)\s+(.*)$/.exec(line))) {
      flush();
      const tag = /\d/.test(m[1]) ? 'ol' : 'ul';
      if (!list || list.tagName.toLowerCase() !== tag) {
        list = h(tag);
        root.append(list);
      }
      list.append(h('li', {}, inline(m[2])));
    } else {
      list = null;
      paragraph.push(line);
    }
  }
  flush();
  return root;
}

const INLINE = /(\*\*([^*]+)\*\*|\*([^*]+)\*|`([^`]+)`|\[([^\]]+)\]\((https?:\/\/[^\s)]+)\))/;

/** Inline spans as nodes; anything that is not one of them stays text. */
function inline(text) {
  const nodes = [];
  let rest = text;
  let m;
  while ((m = INLINE.exec(rest))) {
    if (m.index > 0) {
      nodes.push(rest.substring(0, m.index));
    }
    if (m[2] !== undefined) {
      nodes.push(h('strong', {}, m[2]));
    } else if (m[3] !== undefined) {
      nodes.push(h('em', {}, m[3]));
    } else if (m[4] !== undefined) {
      nodes.push(h('code', {}, m[4]));
    } else {
      nodes.push(h('a', { href: m[6], rel: 'noopener noreferrer', target: '_blank' }, m[5]));
    }
    rest = rest.substring(m.index + m[0].length);
  }
  if (rest) {
    nodes.push(rest);
  }
  return nodes;
}
