// The UI's state, in one place, changed only through the named actions below.

const state = {
  view: 'questions',
  info: null, // { version, dataDir, notices }
  overview: null, // { total, categories, errors, userPacksDir }
  settings: null,
  filters: { level: '', category: '', kind: '', difficulty: '', tried: '' },
  text: '',
  selectedId: null,
  round: null, // the round on screen (live or just finished), as the Rust side last sent it
  roundAt: 0, // performance.now() when `round` arrived: the countdown adds the time since
  library: { packId: null, editId: null }, // the pack of one's own open in the Library, and a question to edit there
};

const actions = {
  navigate(s, view) { s.view = view; },
  loaded(s, { info, overview, settings }) { Object.assign(s, { info, overview, settings }); },
  setFilter(s, { name, value }) {
    s.filters = { ...s.filters, [name]: value };
    if (name === 'level') s.filters.category = '';
  },
  clearFilters(s) { s.filters = { level: '', category: '', kind: '', difficulty: '', tried: '' }; s.text = ''; },
  setText(s, text) { s.text = text; },
  select(s, id) { s.selectedId = id; },
  /** Shows question `id` in the Questions view, from anywhere; that view brings it into its list. */
  openQuestion(s, id) { s.selectedId = id; s.view = 'questions'; },
  settingsSaved(s, settings) { s.settings = settings; },
  roundLoaded(s, view) { s.round = view; s.roundAt = performance.now(); },
  roundClosed(s) { s.round = null; },
  bankChanged(s, overview) { s.overview = overview; },
  openPack(s, id) { s.library = { ...s.library, packId: id }; },
  editQuestion(s, id) { s.library = { ...s.library, editId: id }; },
  dismissNotice(s, i) { s.info = { ...s.info, notices: s.info.notices.filter((_, j) => j !== i) }; },
};

const listeners = new Set();

export function getState() {
  return state;
}

export function dispatch(action, payload) {
  actions[action](state, payload);
  for (const fn of listeners) fn(state, action);
}

/** Calls `fn(state, action)` after every action; returns a function that unsubscribes. */
export function subscribe(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
