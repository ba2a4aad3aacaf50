import { useCallback, useEffect, useRef } from 'react';
import type { HubView, TicketView } from '../../src-shared/api/contract';
import { callChime, playTones } from '../staff/audio';
import { callPhrase } from './call-phrases';

function synth(): SpeechSynthesis | null {
  return typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : null;
}

function voiceFor(voices: readonly SpeechSynthesisVoice[], language: string): SpeechSynthesisVoice | undefined {
  const wanted = language.toLowerCase();
  const base = wanted.split('-')[0] ?? wanted;
  // Close relatives first: Simplified Chinese voices are tagged by region; a UK hub prefers en-GB.
  const near = base === 'zh' ? ['zh-cn', 'zh-hans', 'zh-sg'] : base === 'en' ? ['en-gb'] : [];
  return (
    voices.find((v) => v.lang.toLowerCase() === wanted) ??
    voices.find((v) => near.includes(v.lang.toLowerCase().replace('_', '-'))) ??
    voices.find((v) => v.lang.toLowerCase().replace('_', '-').split('-')[0] === base)
  );
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function say(text: string, voice: SpeechSynthesisVoice): Promise<void> {
  const s = synth();
  if (!s) return Promise.resolve();
  return new Promise((resolve) => {
    // Some engines never fire "end"; never let one stuck utterance hold up the next call.
    const guard = setTimeout(resolve, 10_000);
    const done = () => {
      clearTimeout(guard);
      resolve();
    };
    try {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.rate = 0.9;
      utterance.onend = done;
      utterance.onerror = done;
      s.speak(utterance);
    } catch {
      done();
    }
  });
}

/**
 * Announces calls one after another: the chime, then the call spoken in the hub's language and in
 * the visitor's own where the platform has a voice for it (silent where it has none). Only the
 * ticket number and desk are spoken, and the name only where the hub's display shows names.
 */
export function useCallAnnouncer(hub: HubView): (ticket: TicketView) => void {
  const voices = useRef<SpeechSynthesisVoice[]>([]);
  const queue = useRef<TicketView[]>([]);
  const busy = useRef(false);
  const settings = useRef(hub.display);
  const defaultLanguage = useRef(hub.languages.default);
  useEffect(() => {
    settings.current = hub.display;
    defaultLanguage.current = hub.languages.default;
  }, [hub]);

  useEffect(() => {
    const s = synth();
    if (!s) return;
    const update = () => {
      try {
        voices.current = s.getVoices();
      } catch {
        voices.current = [];
      }
    };
    update();
    s.addEventListener('voiceschanged', update);
    return () => {
      s.removeEventListener('voiceschanged', update);
      try {
        s.cancel();
      } catch {
        // nothing to stop
      }
    };
  }, []);

  const pump = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    try {
      for (let ticket = queue.current.shift(); ticket; ticket = queue.current.shift()) {
        const { chime, speak, showName } = settings.current;
        if (chime && playTones(callChime)) await wait(1500);
        if (!speak || !ticket.desk) continue;
        const languages = [...new Set([defaultLanguage.current, ticket.language ?? defaultLanguage.current])];
        for (const language of languages) {
          const text = callPhrase(language, { number: ticket.number, desk: ticket.desk, name: showName ? ticket.displayName : null });
          const voice = voiceFor(voices.current, language);
          if (text && voice) await say(text, voice);
        }
        await wait(400);
      }
    } finally {
      busy.current = false;
    }
  }, []);

  return useCallback(
    (ticket: TicketView) => {
      queue.current.push(ticket);
      void pump();
    },
    [pump],
  );
}
