// Time as the round screens show it. Countdowns are drawn from the time used that the Rust side
// sent, plus the time since it arrived; they never count ticks, so a throttled window changes nothing.

/** `m:ss` (or `h:mm:ss`) for a duration in milliseconds. */
export function clock(ms) {
  const s = Math.floor(Math.max(0, ms) / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * Milliseconds until `clock()` shows another second for a countdown now at `left` ms, whether it is
 * counting down to zero or on past it into overtime (drawn as `+` and `clock(-left)`). For a clock
 * counting up, pass minus the time it shows. 0 means at the change now.
 */
export function untilNextSecond(left) {
  return ((left % 1000) + 1000) % 1000;
}

/** Time used on the current step of `round` at this moment. */
export function usedNow(round, receivedAt) {
  const running = round.status === 'running';
  return round.usedMs + (running ? performance.now() - receivedAt : 0);
}

/** A length of time in whole minutes, as people say it: "55 min", "4 h 14 min". */
export function duration(total) {
  const h = Math.floor(total / 60);
  return h ? `${h} h${total % 60 ? ` ${total % 60} min` : ''}` : `${total} min`;
}

let audio;
/** A soft two-note chime, made on the spot (no sound files, nothing fetched). */
export function chime() {
  try {
    audio ??= new AudioContext();
    const t = audio.currentTime;
    for (const [i, freq] of [660, 880].entries()) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.15, t + i * 0.18 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.18 + 0.35);
      osc.connect(gain).connect(audio.destination);
      osc.start(t + i * 0.18);
      osc.stop(t + i * 0.18 + 0.4);
    }
  } catch {
    // No audio device: the visual cue is enough.
  }
}
