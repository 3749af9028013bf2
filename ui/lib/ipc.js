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

// The app's events arrive in batches, each the answer to a `next_events` call that waits until
// there is one, so one call is always waiting while the page is open (it costs nothing while it
// waits). Tauri's own events are not used: each listener and each event is delivered by evaluating
// script in the page, which starts a JavaScript engine in the app's process as well.
const handlers = new Map(); // event name -> Set of handlers
let collecting = null; // resolves once events are being collected

function collect() {
  collecting ??= tauri.invoke('next_events', { after: null }).catch((e) => {
    collecting = null; // the next listener tries again
    throw e;
  }).then(({ seq }) => {
    (async () => {
      for (;;) {
        let batch;
        try {
          batch = await tauri.invoke('next_events', { after: seq });
        } catch (e) {
          // Not expected: the next listener starts collecting again.
          console.error('onsite: events stopped', e);
          collecting = null;
          return;
        }
        seq = batch.seq;
        for (const { event, payload } of batch.events) {
          for (const handler of handlers.get(event) ?? []) {
            try {
              handler(payload);
            } catch (e) {
              console.error(`onsite: a handler of ${event} failed`, e);
            }
          }
        }
      }
    })();
  });
  return collecting;
}

/** Listens for an event from the Rust side; returns a function that stops listening. */
export function on(event, handler) {
  const own = (payload) => handler(payload); // the same handler may listen twice
  if (!handlers.has(event)) handlers.set(event, new Set());
  handlers.get(event).add(own);
  const stop = () => handlers.get(event)?.delete(own);
  /** Resolves once events are collected: from then on, none sent is missed. */
  stop.ready = collect().then(() => {});
  return stop;
}
