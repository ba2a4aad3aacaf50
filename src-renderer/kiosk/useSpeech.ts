import { useCallback, useEffect, useState } from 'react';

export type Speech = {
  /** The platform has at least one voice; without one the kiosk offers no read-aloud at all. */
  available: boolean;
  /** Reads `text` in `language` if a voice for it exists; silent otherwise (never in the wrong accent). */
  speak: (text: string, language: string) => void;
  cancel: () => void;
};

function synth(): SpeechSynthesis | null {
  return typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : null;
}

function voicesNow(): SpeechSynthesisVoice[] {
  try {
    return synth()?.getVoices() ?? [];
  } catch {
    return [];
  }
}

function voiceFor(voices: SpeechSynthesisVoice[], language: string): SpeechSynthesisVoice | undefined {
  const wanted = language.toLowerCase();
  const base = wanted.split('-')[0] ?? wanted;
  return (
    voices.find((v) => v.lang.toLowerCase() === wanted) ??
    voices.find((v) => v.lang.toLowerCase().startsWith(`${base}-`) || v.lang.toLowerCase() === base)
  );
}

/** Read-aloud through the Web Speech API where the platform has voices (EN 301 549 speech output). */
export function useSpeech(): Speech {
  const [voices, setVoices] = useState<SpeechSynthesisVoice[]>(voicesNow);

  useEffect(() => {
    const s = synth();
    if (!s) return;
    // Voices load asynchronously in Chromium; the list arrives with this event.
    const update = () => setVoices(voicesNow());
    s.addEventListener('voiceschanged', update);
    return () => s.removeEventListener('voiceschanged', update);
  }, []);

  const speak = useCallback(
    (text: string, language: string) => {
      const s = synth();
      const voice = voiceFor(voices, language);
      if (!s || !voice || !text.trim()) return;
      try {
        s.cancel();
        const utterance = new SpeechSynthesisUtterance(text);
        utterance.voice = voice;
        utterance.lang = voice.lang;
        utterance.rate = 0.9;
        s.speak(utterance);
      } catch {
        // Speech is a help, never a requirement: a platform error must not break the screen.
      }
    },
    [voices],
  );

  const cancel = useCallback(() => {
    try {
      synth()?.cancel();
    } catch {
      // as above
    }
  }, []);

  return { available: voices.length > 0, speak, cancel };
}
