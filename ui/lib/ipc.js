// The only module that touches Tauri: every call to the Rust side goes through here. It uses the
// bridge Tauri injects into every page (window.__TAURI_INTERNALS__), as Tauri's own JS API does,
// so the page carries no global with Tauri's whole API (withGlobalTauri is off).

const tauri = window.__TAURI_INTERNALS__;

/** An error from a command, with the stable `code` the Rust side gave it. */
export class IpcError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'IpcError';
    this.code = code;
  }
}

/** Invokes a command; a rejection becomes an IpcError carrying `.code`. */
export async function call(cmd, args = {}) {
  try {
    return await tauri.invoke(cmd, args);
  } catch (e) {
    if (e && typeof e === 'object' && 'code' in e) throw new IpcError(e.code, e.message);
    throw new IpcError('internal', typeof e === 'string' ? e : String(e?.message ?? e));
  }
}

/** Listens for an event from the Rust side; returns a function that stops listening. */
export function on(event, handler) {
  let stopped = false;
  // Tauri runs the callback with `{ event, id, payload }`.
  const callback = tauri.transformCallback((e) => {
    if (!stopped) handler(e.payload);
  });
  const listening = tauri.invoke('plugin:event|listen', { event, target: { kind: 'Any' }, handler: callback });
  const stop = () => {
    if (stopped) return;
    stopped = true;
    // The callback goes only once Rust has stopped sending to it, so no event finds it missing.
    listening
      .then((eventId) => tauri.invoke('plugin:event|unlisten', { event, eventId }))
      .finally(() => tauri.unregisterCallback(callback));
  };
  /** Resolves once Rust will send this event here: from then on, none is missed. */
  stop.ready = listening.then(() => {});
  return stop;
}
