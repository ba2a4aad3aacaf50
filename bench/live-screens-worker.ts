import { parentPort, workerData } from 'node:worker_threads';
import { startScreens, type ScreensSetup } from './live-screens';

// The screens of the live catch-up benchmark, on a thread of their own (see startScreensApart).
const port = parentPort;
if (!port) throw new Error('live-screens-worker runs as a worker thread');
const screens = await startScreens(workerData as ScreensSetup);
port.postMessage({ kind: 'ready' });
port.once('message', () => {
  void screens.stop().then((result) => port.postMessage({ kind: 'stopped', ...result }));
});
