import { useEffect, useState } from 'react';

/**
 * Sounds made with WebAudio (no audio files to ship or load): the reception alarm and the
 * display's chime. Browsers start audio suspended until someone presses a key or clicks; the
 * first such gesture on the page unlocks it, and screens show when sound is still blocked.
 */

export type Tone = { frequency: number; at: number; duration: number; gain?: number; type?: OscillatorType };
export type SoundState = 'running' | 'blocked' | 'unavailable';

let context: AudioContext | null = null;
let unlockInstalled = false;
const stateListeners = new Set<() => void>();

function getContext(): AudioContext | null {
  if (context) return context;
  try {
    if (typeof AudioContext === 'undefined') return null;
    context = new AudioContext();
    context.addEventListener('statechange', () => stateListeners.forEach((l) => l()));
  } catch {
    context = null;
  }
  return context;
}

function installUnlock(): void {
  if (unlockInstalled) return;
  unlockInstalled = true;
  const unlock = () => {
    void unlockAudio();
  };
  window.addEventListener('pointerdown', unlock, { capture: true });
  window.addEventListener('keydown', unlock, { capture: true });
}

export function soundState(): SoundState {
  const ctx = getContext();
  if (!ctx) return 'unavailable';
  return ctx.state === 'running' ? 'running' : 'blocked';
}

/** Call from a click or key press: browsers allow audio to start only after one. */
export async function unlockAudio(): Promise<void> {
  const ctx = getContext();
  if (!ctx || ctx.state === 'running') return;
  try {
    await ctx.resume();
  } catch {
    // Still blocked; the screen keeps showing its "turn sound on" control.
  }
}

/** Plays the tones now; false when audio is blocked or missing (nothing is queued for later). */
export function playTones(tones: readonly Tone[]): boolean {
  const ctx = getContext();
  if (!ctx || ctx.state !== 'running') return false;
  try {
    const start = ctx.currentTime + 0.02;
    for (const tone of tones) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = tone.type ?? 'sine';
      osc.frequency.value = tone.frequency;
      const t0 = start + tone.at;
      const peak = tone.gain ?? 0.25;
      // A short attack and an exponential release: a bell, not a click.
      gain.gain.setValueAtTime(0.0001, t0);
      gain.gain.exponentialRampToValueAtTime(peak, t0 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + tone.duration);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0);
      osc.stop(t0 + tone.duration + 0.05);
    }
    return true;
  } catch {
    return false;
  }
}

/** Two falling bell tones ("ding-dong") before a call on the display. */
export const callChime: readonly Tone[] = [
  { frequency: 880, at: 0, duration: 0.9, gain: 0.3 },
  { frequency: 659.25, at: 0.45, duration: 1.2, gain: 0.3 },
];

/** Three quick high beeps, repeated at reception until the alert is acknowledged. */
export const alarmTones: readonly Tone[] = [
  { frequency: 1046.5, at: 0, duration: 0.18, gain: 0.22, type: 'square' },
  { frequency: 1046.5, at: 0.25, duration: 0.18, gain: 0.22, type: 'square' },
  { frequency: 1318.5, at: 0.5, duration: 0.3, gain: 0.22, type: 'square' },
];

/** Whether sound can play now; re-renders when the browser unlocks it. */
export function useSoundState(): SoundState {
  const [state, setState] = useState<SoundState>(() => soundState());
  useEffect(() => {
    installUnlock();
    const update = () => setState(soundState());
    stateListeners.add(update);
    update();
    return () => {
      stateListeners.delete(update);
    };
  }, []);
  return state;
}

/** Rings `alarmTones` every few seconds for as long as `ringing` is true. */
export function useAlarm(ringing: boolean, everyMs = 4000): void {
  const state = useSoundState();
  useEffect(() => {
    if (!ringing || state !== 'running') return;
    playTones(alarmTones);
    const timer = setInterval(() => playTones(alarmTones), everyMs);
    return () => clearInterval(timer);
  }, [ringing, state, everyMs]);
}
