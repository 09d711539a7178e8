// The Leadline playground: a thin client over /playground/api (DESIGN.md, "One command language").
// Every sentence on a card comes from the server's catalogs; only the page's own few labels live here (labels.js).
import { el, renderCard } from './dom.js';
import { LABELS } from './labels.js';

const $ = (id) => document.getElementById(id);
const state = {
  locale: 'zh-CN',
  labels: LABELS['zh-CN'],
  people: [],
  demo: false,
  teams: new Map(),
  as: null,
  /** The inbox as last fetched, newest first, and its JSON to notice changes. */
  inbox: [],
  inboxKey: '',
  where: 'dm',
  /** Inbox message id → the card a click put in its place, until the server's copy changes. */
  overrides: new Map(),
  /** Person id → what only they see: their commands and the ephemeral replies. */
  privates: new Map(),
};
let localSeq = 0;

async function api(path, body) {
  const res = await fetch(`/playground/api/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json.message || `HTTP ${res.status}`);
  return json;
}

function privateList() {
  if (!state.privates.has(state.as)) state.privates.set(state.as, []);
  return state.privates.get(state.as);
}

function addPrivate(entry) {
  const list = privateList();
  // Every answer carries the time it came, as the inbox's messages do.
  list.push({ ...entry, at: entry.at ?? Date.now() });
  if (list.length > 60) list.splice(0, list.length - 60);
}

function renderPrivate() {
  const box = $('private');
  box.replaceChildren(
    ...privateList().map((e) =>
      e.echo !== undefined
        ? el('p', { class: 'echo' }, `› ${e.echo}`)
        : el(
            'div',
            { class: 'message' },
            el(
              'time',
              {},
              new Date(e.at).toLocaleString(state.locale, { dateStyle: 'short', timeStyle: 'short' }),
            ),
            renderCard(e.card, e.id, click, state.labels),
          ),
    ),
  );
  box.scrollTop = box.scrollHeight;
}

function whereName(where) {
  if (where === 'dm') return state.labels.dm;
  const id = where.replace(/^team:/, '');
  return `# ${state.teams.get(id) || id}`;
}

function renderInbox() {
  const me = state.people.find((p) => p.id === state.as);
  const wheres = ['dm'];
  if (me && me.team) wheres.push(`team:${me.team}`);
  for (const m of state.inbox) if (!wheres.includes(m.where)) wheres.push(m.where);
  if (!wheres.includes(state.where)) state.where = 'dm';
  $('conversations').replaceChildren(
    ...wheres.map((w) =>
      el(
        'button',
        {
          type: 'button',
          class: w === state.where ? 'active' : undefined,
          'data-where': w,
          onclick: () => {
            state.where = w;
            renderInbox();
          },
        },
        el('span', {}, whereName(w)),
        el('span', { class: 'count' }, String(state.inbox.filter((m) => m.where === w).length)),
      ),
    ),
  );
  $('conversation-title').textContent = whereName(state.where);
  const box = $('messages');
  const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  const here = state.inbox.filter((m) => m.where === state.where).reverse();
  box.replaceChildren(
    ...(here.length === 0
      ? [el('p', { class: 'empty' }, state.labels.empty)]
      : here.map((m) =>
          el(
            'div',
            { class: 'message' },
            el(
              'time',
              {},
              new Date(m.at).toLocaleString(state.locale, { dateStyle: 'short', timeStyle: 'short' }),
            ),
            renderCard(state.overrides.get(m.id)?.card || m.card, m.id, click, state.labels),
          ),
        )),
  );
  if (atBottom) box.scrollTop = box.scrollHeight;
}

async function refreshInbox() {
  const as = state.as;
  if (as === null) return;
  try {
    const { messages } = await api(`inbox?as=${encodeURIComponent(as)}`);
    if (as !== state.as) return;
    const key = JSON.stringify(messages);
    if (key === state.inboxKey) return;
    state.inbox = messages;
    state.inboxKey = key;
    // A card we replaced after a click stays until the server's copy of it changes (the outbox updated it).
    for (const [id, o] of state.overrides) {
      const m = messages.find((x) => x.id === id);
      if (!m || JSON.stringify(m.card) !== o.base) state.overrides.delete(id);
    }
    renderInbox();
  } catch {
    // The next poll tries again; a server restart should not flood the page with errors.
  }
}

function showError(err) {
  addPrivate({
    id: `local-${++localSeq}`,
    card: { title: `${state.labels.failed}: ${err.message}`, level: 'red' },
  });
  renderPrivate();
}

/** in_place replaces the card that was clicked; open_form opens the dialog; the rest only the speaker sees. */
/** Field kinds only the phone page can show (a position, files): such a form opens as that page. */
const PAGE_ONLY = new Set(['place', 'files']);

function handleReplies(replies, messageId, at) {
  for (const card of replies) {
    if (
      card.mode === 'open_form' &&
      card.form &&
      card.pageUrl &&
      card.form.fields.some((f) => PAGE_ONLY.has(f.kind))
    )
      addPrivate({
        id: `local-${++localSeq}`,
        card: {
          title: card.title || card.form.title,
          level: 'info',
          page: { href: card.pageUrl, label: state.labels.openPage, hint: state.labels.pageHint },
        },
        at,
      });
    else if (card.mode === 'open_form' && card.form) openForm(card);
    else if (card.mode === 'in_place' && typeof messageId === 'string' && messageId.startsWith('local-')) {
      const entry = privateList().find((e) => e.id === messageId);
      if (entry) entry.card = card;
    } else if (card.mode === 'in_place' && messageId !== undefined) {
      const m = state.inbox.find((x) => x.id === messageId);
      if (m) state.overrides.set(messageId, { card, base: JSON.stringify(m.card) });
      renderInbox();
    } else addPrivate({ id: `local-${++localSeq}`, card, at });
  }
  renderPrivate();
}

async function click(messageId, action, cardNode) {
  const buttons = cardNode ? [...cardNode.querySelectorAll('button')] : [];
  for (const b of buttons) b.disabled = true;
  try {
    const { replies, at } = await api('click', {
      as: state.as,
      messageId,
      actionId: action.id,
      value: action.value,
    });
    handleReplies(replies, messageId, at);
  } catch (err) {
    showError(err);
  } finally {
    for (const b of buttons) if (b.isConnected) b.disabled = false;
  }
}

function formControl(f) {
  const common = { name: f.name, id: `field-${f.name}`, required: f.required, placeholder: f.placeholder };
  if (f.kind === 'select') {
    return el(
      'select',
      common,
      (f.options || []).map((o) =>
        el('option', { value: o.value, selected: o.value === f.initial }, o.label),
      ),
    );
  }
  if (f.kind === 'textarea') return el('textarea', { ...common, rows: 3 }, f.initial || '');
  if (f.kind === 'checks') {
    const chosen = new Set((f.initial || '').split(',').filter(Boolean));
    return el(
      'span',
      { class: 'checks' },
      (f.options || []).map((o) =>
        el(
          'label',
          { class: 'check' },
          el('input', { type: 'checkbox', name: f.name, value: o.value, checked: chosen.has(o.value) }),
          ` ${o.label}`,
        ),
      ),
    );
  }
  return el('input', { ...common, type: f.kind === 'number' ? 'number' : 'text', value: f.initial });
}

function openForm(card) {
  const form = card.form;
  const dialog = $('form-dialog');
  $('form-title').textContent = card.title || form.title;
  $('form-submit').textContent = form.submitLabel;
  $('form-fields').replaceChildren(
    ...form.fields
      .filter((f) => !PAGE_ONLY.has(f.kind))
      .map((f) => el('label', {}, el('span', {}, f.label + (f.required ? ' *' : '')), formControl(f))),
    card.pageUrl
      ? el(
          'p',
          { class: 'page-link' },
          el('a', { href: card.pageUrl, target: '_blank', rel: 'noopener' }, state.labels.openPage),
        )
      : null,
  );
  $('form').onsubmit = async (e) => {
    e.preventDefault();
    const values = {};
    for (const f of form.fields) {
      if (PAGE_ONLY.has(f.kind)) continue;
      const control = $('form').elements[f.name];
      values[f.name] =
        f.kind === 'checks'
          ? [...$('form').querySelectorAll(`input[name="${f.name}"]:checked`)].map((c) => c.value).join(',')
          : control.value;
    }
    dialog.close();
    try {
      const body = { as: state.as, formId: form.id, values };
      if (form.context !== undefined) body.context = form.context;
      const { replies, at } = await api('submit', body);
      handleReplies(replies, undefined, at);
    } catch (err) {
      showError(err);
    }
  };
  if (!dialog.open) dialog.showModal();
}

async function say(e) {
  e.preventDefault();
  const input = $('command');
  const text = input.value.trim();
  if (text === '' || state.as === null) return;
  input.value = '';
  addPrivate({ echo: text });
  renderPrivate();
  try {
    const { replies, at } = await api('say', { as: state.as, text });
    handleReplies(replies, undefined, at);
  } catch (err) {
    showError(err);
  }
}

/** A file with the typed text as its caption (`evidence D12 [item]`): the evidence upload of F11. */
async function attach(e) {
  const file = e.target.files[0];
  e.target.value = '';
  if (file === undefined || state.as === null) return;
  const input = $('command');
  const text = input.value.trim();
  input.value = '';
  addPrivate({ echo: `📎 ${file.name}${text === '' ? '' : ` — ${text}`}` });
  renderPrivate();
  try {
    const data = await new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
    const { replies, at } = await api('upload', { as: state.as, text, fileName: file.name, data });
    handleReplies(replies, undefined, at);
  } catch (err) {
    showError(err);
  }
}

function become(id) {
  state.as = id;
  state.where = 'dm';
  state.inbox = [];
  state.inboxKey = '';
  state.overrides.clear();
  localStorage.setItem('leadline.playground.as', id);
  const url = new URL(location.href);
  url.searchParams.set('as', id);
  history.replaceState(null, '', url);
  const person = state.people.find((p) => p.id === id);
  if (person && person.locale && person.locale !== state.locale) applyLabels(person.locale);
  $('who').value = id;
  renderInbox();
  renderPrivate();
  void refreshInbox();
}

async function poll() {
  await refreshInbox();
  setTimeout(poll, 2000);
}

/** The page's own words in a language: the org's at first, then the chosen person's. */
function applyLabels(locale) {
  state.locale = locale in LABELS ? locale : 'zh-CN';
  const L = (state.labels = LABELS[state.locale]);
  document.documentElement.lang = state.locale;
  $('subtitle').textContent = L.subtitle;
  $('who-label').textContent = L.youAre;
  $('send').textContent = L.send;
  $('command').placeholder = L.placeholder;
  $('private-title').textContent = L.onlyYou;
  $('form-cancel').textContent = L.cancel;
  $('attach-label').title = L.attach;
  if (state.demo) {
    $('demo-banner').textContent = L.demo;
    $('demo-banner').hidden = false;
  }
  const chosen = $('who').value;
  $('who').replaceChildren(
    ...state.people.map((p) =>
      el(
        'option',
        { value: p.id },
        [p.name, L.roles[p.role] || p.role, p.teamName].filter(Boolean).join(' · '),
      ),
    ),
  );
  if (chosen) $('who').value = chosen;
}

async function start() {
  const info = await api('people');
  state.people = info.people;
  state.demo = info.demo;
  state.teams = new Map(info.teams.map((t) => [t.id, t.name]));
  applyLabels(info.locale);
  $('who').addEventListener('change', (e) => become(e.target.value));
  $('say').addEventListener('submit', say);
  $('file').addEventListener('change', attach);
  $('form-cancel').addEventListener('click', () => $('form-dialog').close());
  const wanted =
    new URL(location.href).searchParams.get('as') || localStorage.getItem('leadline.playground.as');
  const first =
    info.people.find((p) => p.id === wanted) || info.people.find((p) => p.role === 'rep') || info.people[0];
  if (first) become(first.id);
  document.body.dataset.ready = 'true';
  setTimeout(poll, 2000);
}

start().catch(showError);
