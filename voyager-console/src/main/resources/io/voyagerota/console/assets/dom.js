// Small DOM helpers. Text always goes in as text nodes, never as HTML, so nothing from the API is ever parsed.

/** Creates an element: attributes (with on* as listeners, class as className), then children (strings are text). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAll(el, attrs);
  append(el, children);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';

/** Creates an SVG element, as {@link h}. */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  setAll(el, attrs);
  append(el, children);
  return el;
}

function setAll(el, attrs) {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on')) {
      el.addEventListener(name.substring(2), value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, String(value));
    }
  }
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** The page's main area, emptied, with a heading that gets the keyboard focus. */
export function page(title, ...children) {
  const main = document.getElementById('main');
  const heading = h('h1', { tabindex: '-1' }, title);
  replace(main, heading, ...children);
  heading.focus();
  return main;
}

let toastTimer;

/** A short message in the live region, read out by screen readers. */
export function toast(message, kind = 'info') {
  const el = document.getElementById('toast');
  el.className = 'toast shown ' + kind;
  el.textContent = message;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.className = 'toast'; }, 6000);
}

/** An error box for a failed call. */
export function errorBox(error) {
  return h('p', { class: 'error', role: 'alert' }, error.message || String(error));
}

/** A table: column headings, then rows of cells (nodes or text). */
export function table(caption, headings, rows, attrs = {}) {
  return h('div', { class: 'scroll' }, h('table', attrs,
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headings.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows)));
}

/** A time from the API, as local date and time. */
export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

/** "1 device", "1,234 devices". */
export function devices(n) {
  return n.toLocaleString('en') + (n === 1 ? ' device' : ' devices');
}

/** A state as a badge. */
export function badge(state) {
  return h('span', { class: 'badge ' + state }, state);
}

/**
 * A button that runs an action: {@code run} resolves to a message to show (then {@code after} runs) or to
 * nothing when the operator cancelled; a failure is shown as an error.
 */
export function actionButton(attrs, label, run, after) {
  return h('button', {
    type: 'button', class: 'secondary', ...attrs,
    onclick: async () => {
      try {
        const done = await run();
        if (done) {
          toast(done);
          after();
        }
      } catch (e) {
        toast(e.message, 'bad');
      }
    },
  }, label);
}
