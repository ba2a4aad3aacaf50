import type { ServerMessage } from '../../src-shared/api/contract';
import { endpoints } from '../../src-shared/api/endpoints';
import { readMessage, type UnreadableMessage } from '../../src-shared/api/live-message';

export type LiveState = 'connecting' | 'open' | 'reconnecting';

/**
 * The hub's live channel with automatic reconnection. It remembers the last queue event it saw and
 * asks for everything after it on reconnect, so a screen neither misses nor repeats an event.
 * Whatever closed it (a restart, `liveCloseCodes.tooSlow` for a screen that fell behind reading, a
 * missed heartbeat) it reconnects and catches up; when the hub answers with a `reload` message
 * instead of a catch-up, the screen reads its snapshot again and live events continue from the
 * message's `lastSeq`.
 */
export function connectLive(options: {
  onMessage: (message: ServerMessage) => void;
  onState: (state: LiveState) => void;
  /** A message arrived that this screen cannot understand; it goes on listening. */
  onUnreadable?: (problem: UnreadableMessage) => void;
  since?: number;
}): () => void {
  let lastSeq = options.since ?? 0;
  let socket: WebSocket | null = null;
  let stopped = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const open = () => {
    if (stopped) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${scheme}://${location.host}${endpoints.live.path}?since=${lastSeq}`);
    socket.onopen = () => {
      attempt = 0;
      options.onState('open');
    };
    socket.onmessage = (message) => {
      const parsed = readMessage(message.data);
      if (!parsed.ok) {
        options.onUnreadable?.(parsed.problem);
        return;
      }
      const { value } = parsed;
      if (value.kind === 'queue') {
        if (value.event.seq <= lastSeq) return;
        lastSeq = value.event.seq;
      }
      if (value.kind === 'hello' && lastSeq === 0) lastSeq = value.lastSeq;
      // Events up to here are covered by the snapshot the screen reads again: a later reconnect asks for what follows.
      if (value.kind === 'reload') lastSeq = Math.max(lastSeq, value.lastSeq);
      options.onMessage(value);
    };
    socket.onclose = () => {
      socket = null;
      if (stopped) return;
      options.onState('reconnecting');
      // Exponential backoff with jitter, capped at 10 s, so a restarted hub is not stampeded.
      const delay = Math.min(10_000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
      attempt += 1;
      timer = setTimeout(open, delay);
    };
  };
  options.onState('connecting');
  open();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    socket?.close();
  };
}
