// Small DOM helpers shared by the pages: elements without innerHTML (service text is never parsed as markup),
// tables with captions and header cells, numbers and times, a confirmation dialog, errors shown where they happened.

/** {@code h('button', {type: 'button', onclick: f}, 'Promote')}: attributes, event handlers (on*), children. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  Object.entries(attributes || {}).forEach(([name, value]) => {
    if (value === undefined || value === null || value === false) {
      return;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  });
  append(element, children);
  return element;
}

function append(element, children) {
  children.flat(Infinity).forEach(child => {
    if (child === undefined || child === null || child === false) {
      return;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  });
}

/** Replaces an element's children. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A table: {@code table('Versions', ['Version', 'Stage'], rows.map(r => [r.version, r.stage]), {id})}. */
export function table(caption, headers, rows, attributes = {}) {
  return h('table', attributes,
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map(header => h('th', { scope: 'col' }, header)))),
    h('tbody', {}, rows.map(row => row instanceof Node ? row : h('tr', {}, row.map(cell => h('td', {}, cell))))));
}

export function number(value, digits = 3) {
  if (value === undefined || value === null || Number.isNaN(value)) {
    return '—';
  }
  if (typeof value !== 'number') {
    return String(value);
  }
  return Number.isInteger(value) ? value.toLocaleString('en') : value.toFixed(digits);
}

export function time(iso) {
  if (!iso) {
    return '—';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function duration(ms) {
  if (ms === undefined || ms === null) {
    return '—';
  }
  return ms < 1000 ? `${ms} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60_000).toFixed(1)} min`;
}

/** A status word styled by its meaning (UP/DEGRADED/DOWN, SUCCEEDED/FAILED, Production/Staging...). */
export function badge(status) {
  const word = status === undefined || status === null ? 'unknown' : String(status);
  return h('span', { class: `badge badge-${word.toLowerCase().replace(/[^a-z]+/g, '-')}` }, word);
}

/** An error shown in place: the service's message, and the field it names. */
export function errorBox(error) {
  const field = error && error.field ? ` (field: ${error.field})` : '';
  return h('p', { class: 'error', role: 'alert' }, `${error && error.message ? error.message : error}${field}`);
}

/** A section with a heading: {@code section('Versions', {id: 'versions'}, ...children)}. */
export function section(title, attributes = {}, ...children) {
  const id = attributes.id ? `${attributes.id}-title` : undefined;
  return h('section', { ...attributes, 'aria-labelledby': id }, h('h3', { id }, title), ...children);
}

/**
 * Asks before an irreversible act; the dialog names what will happen. Resolves true on confirm, false on cancel.
 * {@code if (await confirmAction('Promote v3 to Production', 'v3 will serve every prediction; v2 will be archived.')) ...}
 */
export function confirmAction(title, consequence, confirmLabel = 'Confirm') {
  return new Promise(resolve => {
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text' },
      h('h3', { id: 'confirm-title' }, title),
      h('p', { id: 'confirm-text' }, consequence),
      h('form', { method: 'dialog' },
        h('button', { value: 'cancel', type: 'submit', id: 'confirm-cancel' }, 'Cancel'),
        h('button', { value: 'confirm', type: 'submit', id: 'confirm-ok', class: 'primary' }, confirmLabel)));
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'confirm');
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** Runs an async action from a button: disabled while it runs, its error shown in {@code where}. */
export async function act(button, where, action) {
  button.disabled = true;
  try {
    return await action();
  } catch (error) {
    where.prepend(errorBox(error));
    return undefined;
  } finally {
    button.disabled = false;
  }
}
