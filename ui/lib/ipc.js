// The only module that touches window.__TAURI__: every call to the Rust side goes through here.

const tauri = window.__TAURI__;

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
    return await tauri.core.invoke(cmd, args);
  } catch (e) {
    if (e && typeof e === 'object' && 'code' in e) throw new IpcError(e.code, e.message);
    throw new IpcError('internal', typeof e === 'string' ? e : String(e?.message ?? e));
  }
}

/** Listens for an event from the Rust side; returns a function that stops listening. */
export function on(event, handler) {
  let stop = null;
  let stopped = false;
  tauri.event.listen(event, (e) => handler(e.payload)).then((unlisten) => {
    if (stopped) unlisten();
    else stop = unlisten;
  });
  return () => {
    stopped = true;
    if (stop) stop();
  };
}
