import { Worker } from 'node:worker_threads';
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

/** How long one console's catch-up may take before it counts as stuck. */
const catchUpLimitMs = 30_000;

/** Opens the displays, then keeps the consoles catching up until `stop`, which answers how many catch-ups there were. */
export async function startScreens(setup: ScreensSetup): Promise<{ stop: () => Promise<{ catchUps: number; stuck: number }> }> {
  const wsUrl = setup.hubUrl.replace(/^http/, 'ws');
  const sockets: WebSocket[] = [];
  for (let opened = 0; opened < setup.displays; opened += 100) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, setup.displays - opened) }, () => open(`${wsUrl}/api/live?since=0`, null)))));
  }
  let stopping = false;
  let catchUps = 0;
  let stuck = 0;
  const catchUpForever = async (): Promise<void> => {
    while (!stopping) {
      const target = await lastSeq(setup.hubUrl);
      const socket = await open(`${wsUrl}/api/live?since=${Math.max(1, target - setup.behind)}`, setup.cookie);
      // A catch-up that has not reached its target in catchUpLimitMs counts as stuck (and fails the run).
      const done = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), catchUpLimitMs);
        const finish = () => {
          clearTimeout(timer);
          resolve(true);
        };
        socket.on('message', (data) => {
          const text = String(data);
          const seq = /"seq":(\d+)/.exec(text);
          if ((seq && Number(seq[1]) >= target) || text.includes('"kind":"reload"')) finish();
        });
        socket.once('close', finish);
      });
      if (done) catchUps += 1;
      else stuck += 1;
      socket.terminate();
    }
  };
  const consoles = Array.from({ length: setup.catchingUp }, () => catchUpForever());
  return {
    stop: async () => {
      stopping = true;
      await Promise.all(consoles);
      for (const socket of sockets) socket.terminate();
      return { catchUps, stuck };
    },
  };
}

type WorkerMessage = { kind: 'ready' } | { kind: 'stopped'; catchUps: number; stuck: number };

/**
 * The same screens on a thread of their own, as real screens are on other machines: their work of
 * reading and parsing messages is not counted in the hub's latency (on two cores, it still competes
 * for the CPU).
 */
export async function startScreensApart(setup: ScreensSetup): Promise<{ stop: () => Promise<{ catchUps: number; stuck: number }> }> {
  // The thread registers tsx itself, then loads the screens (a worker does not inherit the loader).
  const entry = new URL('./live-screens-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(boot, { eval: true, workerData: setup });
  const next = () =>
    new Promise<WorkerMessage>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  const ready = await next();
  if (ready.kind !== 'ready') throw new Error('the screens thread did not start');
  return {
    stop: async () => {
      const stopped = next();
      worker.postMessage('stop');
      const result = await stopped;
      await worker.terminate();
      if (result.kind !== 'stopped') throw new Error('the screens thread did not stop');
      return { catchUps: result.catchUps, stuck: result.stuck };
    },
  };
}
