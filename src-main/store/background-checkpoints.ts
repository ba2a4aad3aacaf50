import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { HubDatabase } from './database';

/** SQLite's default: a commit that finds this many pages in the WAL checkpoints them itself. */
const defaultAutoCheckpointPages = 1000;
/** While the worker checkpoints, the WAL file is cut back to this size each time the WAL starts again. */
export const walSizeLimitBytes = 4 * 1024 * 1024;
/** How long to wait for the checkpointing thread to answer before giving up on it. */
const answerTimeoutMs = 30_000;

// Runs in the worker thread (CommonJS): its own connection checkpoints the WAL, PASSIVE (never
// blocking the hub's writes), each time it is asked to drain.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const checkpoint = () => {
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    return { ok: true, log: r.log, checkpointed: r.checkpointed };
  } catch (error) {
    return { ok: false, message: String(error && error.message) };
  }
};
parentPort.on('message', (message) => {
  if (message === 'drain') parentPort.postMessage({ kind: 'drained', ...checkpoint() });
  if (message === 'stop') {
    db.close();
    parentPort.postMessage({ kind: 'stopped' });
  }
});
parentPort.postMessage({ kind: 'ready' });
`;

type Answer = { kind: 'ready' | 'drained' | 'stopped'; ok?: boolean; log?: number; checkpointed?: number; message?: string };

/**
 * Checkpoints the WAL from a worker thread while a long job writes (the retention job): the
 * commits of the hub's own connection no longer checkpoint (copying pages into the database file
 * and waiting for the disk), so neither the job nor a check-in between its batches waits for the
 * disk. The job asks it to drain every so often and waits (without holding the event loop); its
 * next commit then starts the WAL again from the beginning, and the file is cut back to a few MB.
 * Only for a database on disk; the hub's own checkpointing comes back when it stops.
 */
export class BackgroundCheckpoints {
  private stopped = false;
  /** The worker has ended (or failed): nothing waits for it any more. */
  private exited = false;

  private constructor(
    private readonly db: HubDatabase,
    private readonly worker: Worker,
    private readonly answers: Answer[],
    private readonly waiting: ((answer: Answer | null) => void)[],
  ) {}

  static async start(db: HubDatabase, problem?: (error: unknown) => void): Promise<BackgroundCheckpoints | null> {
    if (db.memory || db.readonly) return null;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(workerSource, { eval: true, workerData: { driver, file: db.name } });
    worker.unref();
    const answers: Answer[] = [];
    const waiting: ((answer: Answer | null) => void)[] = [];
    worker.on('message', (answer: Answer) => {
      const next = waiting.shift();
      if (next) next(answer);
      else answers.push(answer);
    });
    // A worker that fails or ends answers nobody again: whoever waits hears null at once.
    const running: { instance: BackgroundCheckpoints | null } = { instance: null };
    const gone = (error?: unknown) => {
      if (running.instance) running.instance.exited = true;
      if (error !== undefined) problem?.(error);
      for (const next of waiting.splice(0)) next(null);
    };
    worker.on('error', gone);
    worker.on('exit', () => gone());
    running.instance = new BackgroundCheckpoints(db, worker, answers, waiting);
    const instance = running.instance;
    const ready = await instance.next();
    if (ready?.kind !== 'ready') {
      await worker.terminate();
      return null;
    }
    db.pragma('wal_autocheckpoint = 0');
    // Each time the WAL starts again from its beginning, its file is cut back to this size.
    db.pragma(`journal_size_limit = ${walSizeLimitBytes}`);
    return instance;
  }

  /** One more checkpoint in the worker, now; resolves when it is done, false when the worker is gone. */
  async drain(): Promise<boolean> {
    // Answers come back in the order asked (the worker takes its messages one at a time).
    if (this.stopped || this.exited) return false;
    this.worker.postMessage('drain');
    const answer = await this.next();
    return answer?.kind === 'drained' && answer.ok === true;
  }

  /** Whether the worker still answers. */
  get alive(): boolean {
    return !this.stopped && !this.exited;
  }

  /** Stops the worker and gives checkpointing back to the hub's connection. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.db.open) {
      this.db.pragma(`wal_autocheckpoint = ${defaultAutoCheckpointPages}`);
      this.db.pragma('journal_size_limit = -1');
    }
    if (this.exited) return;
    this.worker.postMessage('stop');
    // Its connection closed (or it did not answer): the thread ends either way.
    await this.next();
    await this.worker.terminate();
  }

  /** The worker's next answer, or null when it has not answered in time (or has ended). */
  private next(): Promise<Answer | null> {
    const queued = this.answers.shift();
    if (queued) return Promise.resolve(queued);
    if (this.exited) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(answered);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(null);
      }, answerTimeoutMs);
      timer.unref();
      const answered = (answer: Answer | null) => {
        clearTimeout(timer);
        resolve(answer);
      };
      this.waiting.push(answered);
    });
  }
}
