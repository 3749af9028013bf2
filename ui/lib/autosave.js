// Debounced saving that reports its status, and a way to flush every pending save before the window closes.

const pending = new Set();

/**
 * Saves `value` with `save(value)` once typing pauses for `delay` ms, and at least every `maxWait` ms
 * while typing goes on. `onStatus` receives 'dirty' | 'saving' | 'saved' (with the result) |
 * 'error' (with the error).
 */
export class Autosaver {
  constructor(save, onStatus, delay = 600, maxWait = 3000) {
    Object.assign(this, { save, onStatus, delay, maxWait, timer: 0, maxTimer: 0, value: null, dirty: false, running: null });
  }

  schedule(value) {
    this.value = value;
    this.dirty = true;
    pending.add(this);
    this.onStatus('dirty');
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush().catch(() => {}), this.delay);
    this.maxTimer ||= setTimeout(() => this.flush().catch(() => {}), this.maxWait);
  }

  /** Resolves once nothing is unsaved and no save is running; rejects if a save fails. */
  async flush() {
    clearTimeout(this.timer);
    clearTimeout(this.maxTimer);
    this.maxTimer = 0;
    for (;;) {
      if (this.running) {
        await this.running;
        continue;
      }
      if (!this.dirty) return;
      await this.saveOnce();
    }
  }

  async saveOnce() {
    const value = this.value;
    this.dirty = false;
    this.onStatus('saving');
    let result;
    this.running = (async () => {
      try {
        result = await this.save(value);
      } catch (e) {
        this.dirty = true; // kept: tried again shortly, or by the next keystroke or flush
        this.onStatus('error', e);
        clearTimeout(this.retry);
        this.retry = setTimeout(() => this.flush().catch(() => {}), 5000);
        throw e;
      }
    })();
    try {
      await this.running;
    } finally {
      this.running = null;
    }
    if (this.dirty) {
      this.onStatus('dirty'); // typed on while it saved: more to come
    } else {
      pending.delete(this);
      this.onStatus('saved', result);
    }
  }
}

/** Saves everything pending, for when the window is about to close. True when all of it is on disk. */
export async function flushAll() {
  const results = await Promise.allSettled([...pending].map((a) => a.flush()));
  return results.every((r) => r.status === 'fulfilled');
}
