// Debounced saving that reports its status, and a way to flush every pending save before the window closes.

const pending = new Set();

/**
 * Saves `value` with `save(value)` once typing pauses for `delay` ms. `onStatus` receives
 * 'dirty' | 'saving' | 'saved' | 'error' (with the error).
 */
export class Autosaver {
  constructor(save, onStatus, delay = 600) {
    Object.assign(this, { save, onStatus, delay, timer: 0, value: null, dirty: false, running: null });
  }

  schedule(value) {
    this.value = value;
    this.dirty = true;
    pending.add(this);
    this.onStatus('dirty');
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.delay);
  }

  /** Saves now if anything is unsaved; resolves once it is on disk. */
  async flush() {
    clearTimeout(this.timer);
    if (this.running) await this.running.catch(() => {});
    if (!this.dirty) return;
    const value = this.value;
    this.dirty = false;
    this.onStatus('saving');
    this.running = this.save(value);
    try {
      const result = await this.running;
      if (!this.dirty) pending.delete(this);
      this.onStatus('saved', result);
    } catch (e) {
      this.dirty = true; // keep it: the next keystroke or flush tries again
      this.onStatus('error', e);
      throw e;
    } finally {
      this.running = null;
    }
  }
}

/** Saves everything pending, for when the window is about to close. */
export async function flushAll() {
  await Promise.allSettled([...pending].map((a) => a.flush()));
}
