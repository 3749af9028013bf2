// A list of any length that holds in the DOM only the rows in view (and a few either side). Rows
// have one fixed height; they are fetched by pages from the Rust side as they come into view, and
// forgotten when the list is reset. A page's request names the row before it when that row is
// known, so the backend seeks to it instead of counting rows from the top.
//
// The scroll container holds a spacer as tall as the whole list; rows are placed in it absolutely.
// Nothing runs while nothing scrolls: drawing happens on scroll, resize, and when a page arrives.

const PAGE = 100;
/** Rows drawn beyond each edge of the view, so a fast scroll shows rows rather than gaps. */
const OVERSCAN = 6;
/** Pages kept once fetched; beyond, those farthest from the view are let go (and fetched again if
 * scrolled back to), so scrolling the whole of a large bank does not keep it all in memory. */
const KEEP_PAGES = 24;

export class VirtualList {
  /**
   * @param {object} o
   * @param {HTMLElement} o.scroller the element that scrolls
   * @param {HTMLElement} o.list the list element (role listbox), inside `scroller`
   * @param {number} o.rowHeight each row's height in CSS pixels
   * @param {(offset: number, limit: number, before: object|undefined) => Promise<object[]>} o.fetch
   * @param {(row: object, index: number) => HTMLElement} o.row draws one row
   * @param {(index: number) => HTMLElement} o.placeholder draws a row still on its way
   * @param {() => void} [o.drawn] told after each draw
   */
  constructor(o) {
    Object.assign(this, o);
    this.pages = new Map();
    this.pending = new Map();
    /** The rows drawn, by index: `{ row, li }`. */
    this.nodes = new Map();
    this.total = 0;
    this.generation = 0;
    this.drawnKey = '';
    this.spacer = document.createElement('div');
    this.spacer.className = 'vlist-spacer';
    this.list.before(this.spacer);
    this.spacer.append(this.list);
    /** The scroller's scrollTop and clientHeight, as last seen when layout was already done (on
     * scroll and resize) or as set here: draw() reads these rather than the element, so drawing
     * after a change never forces a layout of the whole page before the frame would do it. */
    this.top = 0;
    this.height = 0;
    this.scroller.addEventListener('scroll', () => { this.top = this.scroller.scrollTop; this.draw(); }, { passive: true });
    new ResizeObserver(() => { this.height = this.scroller.clientHeight; this.draw(); }).observe(this.scroller);
  }

  /**
   * Forgets every row and shows the list from the top, `total` rows long (if known yet), once its
   * first page has come. Until then the rows on screen stay as they are: a keystroke in a search
   * changes nothing in the list, so the frame after it has nothing to lay out, and the new rows
   * replace the old in one draw instead of after a blank list.
   */
  async reset(total = 0) {
    this.generation += 1;
    this.pending.clear();
    this.swapping = true;
    await this.page(0, () => {
      this.swapping = false;
      this.pages.clear();
      this.nodes.clear();
      if (this.top !== 0) this.scrollTo(0);
      this.setTotal(total);
    });
    this.draw();
  }

  /** Sets the scroll position, and what draw() takes it to be. */
  scrollTo(top) {
    this.scroller.scrollTop = top;
    this.top = this.scroller.scrollTop;
  }

  setTotal(total) {
    this.total = total;
    this.spacer.style.height = `${total * this.rowHeight}px`;
    this.list.dataset.total = String(total);
    this.drawnKey = '';
  }

  /** The row at `index`, if it has arrived. */
  rowAt(index) {
    return this.pages.get(Math.floor(index / PAGE))?.[index % PAGE];
  }

  /** The row at `index`, fetching its page if need be. */
  async ensure(index) {
    await this.page(Math.floor(index / PAGE));
    return this.rowAt(index);
  }

  /** Index of the loaded row for which `match` is true, or -1. */
  findIndex(match) {
    for (const [p, rows] of this.pages) {
      const i = rows.findIndex(match);
      if (i >= 0) return p * PAGE + i;
    }
    return -1;
  }

  /** How many rows fit in the view. */
  get visibleRows() {
    return Math.max(1, Math.floor(this.scroller.clientHeight / this.rowHeight));
  }

  /** Scrolls the least needed to show row `index` whole. */
  scrollToIndex(index) {
    const top = index * this.rowHeight;
    const height = this.height || this.scroller.clientHeight;
    if (top < this.top) this.scrollTo(top);
    else if (top + this.rowHeight > this.top + height) this.scrollTo(top + this.rowHeight - height);
    this.draw();
  }

  /**
   * Fetches page `p` once; answers for a list since reset are dropped. With `fresh` (a reset's
   * first page) it is fetched whatever is held, and `fresh` runs as it arrives, before it is kept.
   */
  page(p, fresh) {
    if (!fresh && (this.pages.has(p) || p < 0)) return Promise.resolve();
    if (!fresh && this.pending.has(p)) return this.pending.get(p);
    const generation = this.generation;
    const before = fresh ? undefined : this.pages.get(p - 1)?.[PAGE - 1];
    if (this.list.getAttribute('aria-busy') !== 'true') this.list.setAttribute('aria-busy', 'true');
    const done = this.fetch(p * PAGE, PAGE, before).then((rows) => {
      if (generation !== this.generation) return;
      fresh?.();
      this.pages.set(p, rows);
      this.forgetFarPages();
      // A short page is the last: the list ends there, whatever the count said.
      if (rows.length < PAGE && p * PAGE + rows.length !== this.total) this.setTotal(p * PAGE + rows.length);
      else if (p * PAGE + rows.length > this.total) this.setTotal(p * PAGE + rows.length);
    }).finally(() => {
      if (generation !== this.generation) return;
      this.pending.delete(p);
      if (!this.pending.size) this.list.setAttribute('aria-busy', 'false');
      this.draw();
    });
    this.pending.set(p, done);
    return done;
  }

  /** Lets go of the pages farthest from the view, past the most kept. */
  forgetFarPages() {
    if (this.pages.size <= KEEP_PAGES) return;
    const here = Math.floor(this.top / this.rowHeight / PAGE);
    const far = [...this.pages.keys()].sort((a, b) => Math.abs(b - here) - Math.abs(a - here));
    for (const p of far.slice(0, this.pages.size - KEEP_PAGES)) this.pages.delete(p);
  }

  /** Draws the rows in view (fetching the pages they are on) and nothing else. */
  draw() {
    // While a reset waits for its first page, the old rows stay as they were.
    if (this.swapping) return;
    // A hidden list still draws a screenful, so it is ready when shown.
    const height = this.height || this.scroller.clientHeight || 800;
    // A list made shorter is scrolled back by the browser, which says so only with the next
    // scroll event: until then, the top is where it can at most be.
    const top = Math.min(this.top, Math.max(0, this.total * this.rowHeight - height));
    const first = Math.max(0, Math.floor(top / this.rowHeight) - OVERSCAN);
    const last = Math.min(this.total, Math.ceil((top + height) / this.rowHeight) + OVERSCAN);
    for (let p = Math.floor(first / PAGE); p <= Math.floor(Math.max(first, last - 1) / PAGE); p++) {
      if (p * PAGE < this.total || p === 0) this.page(p);
    }
    const key = `${first}:${last}:${[...this.pages.keys()].join(',')}`;
    if (key === this.drawnKey && !this.dirty) return;
    this.drawnKey = key;
    this.dirty = false;
    // A row still in view keeps its element, untouched: a scroll adds the rows coming into view
    // and removes those going out, and moves nothing that stays on screen. That keeps each frame's
    // work to a row or two, and the element under the pointer (or a test's hand) the same one.
    const kept = new Map();
    const rows = [];
    const size = String(this.total);
    for (let i = first; i < last; i++) {
      const row = this.rowAt(i);
      const before = this.nodes.get(i);
      const entry = before && before.row === row ? before : { row, li: row ? this.row(row, i) : this.placeholder(i) };
      const { li } = entry;
      if (entry !== before) {
        li.style.transform = `translateY(${i * this.rowHeight}px)`;
        li.setAttribute('aria-posinset', String(i + 1));
      }
      if (li.getAttribute('aria-setsize') !== size) li.setAttribute('aria-setsize', size);
      kept.set(i, entry);
      rows.push(li);
    }
    this.nodes = kept;
    // Rows stay in the DOM in list order, for assistive technology: those gone are removed, and
    // each new one goes in before the first kept row after it.
    const wanted = new Set(rows);
    for (const child of [...this.list.children]) if (!wanted.has(child)) child.remove();
    let next = this.list.firstElementChild;
    for (const li of rows) {
      if (li === next) next = next.nextElementSibling;
      else this.list.insertBefore(li, next);
    }
    this.drawn?.();
  }

  /** Draws again even if the same rows are in view (a row's content changed). */
  redraw() {
    this.dirty = true;
    this.draw();
  }
}
