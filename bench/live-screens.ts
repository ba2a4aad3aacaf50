import WebSocket from 'ws';

/**
 * The screens of the live catch-up benchmark: `displays` anonymous displays that stay connected,
 * and `catchingUp` consoles that each connect ~490 events behind, wait until they have caught up,
 * go away and come back, over and over.
 */
export type ScreensSetup = { hubUrl: string; cookie: string; displays: number; catchingUp: number; behind: number };

function open(url: string, cookie: string | null): Promise<WebSocket> {
  const socket = new WebSocket(url, cookie ? { headers: { cookie } } : {});
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

async function lastSeq(hubUrl: string): Promise<number> {
  const res = await fetch(`${hubUrl}/api/health`);
  return ((await res.json()) as { lastSeq: number }).lastSeq;
}

/** Opens the displays, then keeps the consoles catching up until `stop`, which answers how many catch-ups there were. */
export async function startScreens(setup: ScreensSetup): Promise<{ stop: () => Promise<number> }> {
  const wsUrl = setup.hubUrl.replace(/^http/, 'ws');
  const sockets: WebSocket[] = [];
  for (let opened = 0; opened < setup.displays; opened += 100) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, setup.displays - opened) }, () => open(`${wsUrl}/api/live?since=0`, null)))));
  }
  let stopping = false;
  let catchUps = 0;
  const catchUpForever = async (): Promise<void> => {
    while (!stopping) {
      const target = await lastSeq(setup.hubUrl);
      const socket = await open(`${wsUrl}/api/live?since=${Math.max(1, target - setup.behind)}`, setup.cookie);
      await new Promise<void>((resolve) => {
        socket.on('message', (data) => {
          const text = String(data);
          if (text.includes(`"seq":${target},`) || text.includes('"kind":"reload"')) resolve();
        });
        socket.once('close', () => resolve());
      });
      catchUps += 1;
      socket.terminate();
    }
  };
  const consoles = Array.from({ length: setup.catchingUp }, () => catchUpForever());
  return {
    stop: async () => {
      stopping = true;
      await Promise.all(consoles);
      for (const socket of sockets) socket.terminate();
      return catchUps;
    },
  };
}
