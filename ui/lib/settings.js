// Saves the user's settings, one save at a time. Each change is applied to the settings as the
// save before it left them, so views that change different settings (Settings, the interview
// plan, the optimiser) never undo each other.

import { call } from './ipc.js';
import { dispatch, getState } from './state.js';

let queue = Promise.resolve();

/** Saves `change` (some of the settings' fields) and answers with the settings as stored. */
export function saveSettings(change) {
  const run = queue.then(async () => {
    const saved = await call('set_settings', { settings: { ...getState().settings, ...change } });
    dispatch('settingsSaved', saved);
    return saved;
  });
  queue = run.catch(() => {});
  return run;
}
