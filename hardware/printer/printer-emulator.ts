import type { Unsubscribe } from '../../src-shared/devices/types';
import { EscPosSyntaxError, EscPosTokenizer } from './escpos-grammar';
import type { StatusBytes } from './status';

/**
 * The behaviour of a TM-T88-class printer, without any wire: the fake network printer and the
 * in-process simulated printer both drive this, so the demo hub and the tests see the same
 * status bytes, the same job boundaries and the same refusals.
 */

export type PrinterCondition = 'ready' | 'near-end' | 'paper-out' | 'cover-open' | 'cutter-error' | 'offline';

/** A condition, or a fault of the link: "silent" never answers, "refusing" drops every connection. */
export type FakePrinterState = PrinterCondition | 'silent' | 'refusing';

export const fakePrinterStates: readonly FakePrinterState[] = ['ready', 'near-end', 'paper-out', 'cover-open', 'cutter-error', 'offline', 'silent', 'refusing'];

/** DLE EOT 1–4 replies measured on a TM-T88-class printer (see the facts). */
export const conditionStatusBytes: Record<PrinterCondition, StatusBytes> = {
  ready: [0x12, 0x12, 0x12, 0x12],
  'near-end': [0x12, 0x12, 0x12, 0x1e],
  'paper-out': [0x1a, 0x32, 0x12, 0x7e],
  'cover-open': [0x1a, 0x16, 0x12, 0x12],
  'cutter-error': [0x1a, 0x52, 0x1a, 0x12],
  offline: [0x1a, 0x12, 0x12, 0x12],
};

export type ReceivedJob = {
  /** Everything the job sent, without the real-time status requests. */
  bytes: Uint8Array;
  receivedAt: string;
  /** The printer's condition when the job ended; only 'ready' and 'near-end' put ink on paper. */
  condition: PrinterCondition;
  printed: boolean;
  /** False when the connection ended before a cut. */
  cut: boolean;
};

export type EmulatorOptions = {
  state?: FakePrinterState;
  /** How many of the latest jobs to keep with their bytes (a demo hub runs for days). */
  keepJobs?: number;
  clock?: () => Date;
};

type JobListener = (job: ReceivedJob) => void;

export class PrinterEmulator {
  private current: FakePrinterState;
  /** The condition reported while "silent" or "refusing" (the link fails, the printer is fine). */
  private condition: PrinterCondition;
  private readonly clock: () => Date;
  private readonly jobListeners = new Set<JobListener>();
  private readonly stateListeners = new Set<(state: FakePrinterState) => void>();
  private nextCutState: FakePrinterState | null = null;
  /** The latest jobs, oldest first (at most `keepJobs`). */
  readonly jobs: ReceivedJob[] = [];
  /** Every job received since the start, including those no longer kept. */
  jobsReceived = 0;
  private readonly keepJobs: number;
  /** Commands the printer could not parse, for tests to assert on. */
  readonly protocolErrors: EscPosSyntaxError[] = [];
  /** How many status requests were answered, so tests can tell a query from a job. */
  statusRequestsAnswered = 0;

  constructor(options: EmulatorOptions = {}) {
    this.current = options.state ?? 'ready';
    this.condition = isCondition(this.current) ? this.current : 'ready';
    this.clock = options.clock ?? (() => new Date());
    this.keepJobs = Math.max(1, options.keepJobs ?? 20);
  }

  get state(): FakePrinterState {
    return this.current;
  }

  setState(state: FakePrinterState): void {
    if (!fakePrinterStates.includes(state)) throw new RangeError(`unknown printer state ${String(state)}`);
    this.current = state;
    if (isCondition(state)) this.condition = state;
    for (const listener of this.stateListeners) listener(state);
  }

  /** Simulates something going wrong while a job prints (e.g. the roll running out). */
  changeStateOnNextCut(state: FakePrinterState): void {
    this.nextCutState = state;
  }

  onJob(listener: JobListener): Unsubscribe {
    this.jobListeners.add(listener);
    return () => this.jobListeners.delete(listener);
  }

  onStateChange(listener: (state: FakePrinterState) => void): Unsubscribe {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /**
   * Resolves with the next job, or with job number `index` (counting from 0 since the start) if it
   * has already arrived and is still kept.
   */
  waitForJob(index = this.jobsReceived): Promise<ReceivedJob> {
    const kept = (i: number) => this.jobs[i - (this.jobsReceived - this.jobs.length)];
    if (index < this.jobsReceived) {
      const existing = kept(index);
      return existing ? Promise.resolve(existing) : Promise.reject(new RangeError(`job ${index} is no longer kept (the last ${this.keepJobs} are)`));
    }
    return new Promise((resolve) => {
      const stop = this.onJob(() => {
        const job = index < this.jobsReceived ? kept(index) : undefined;
        if (job) {
          stop();
          resolve(job);
        }
      });
    });
  }

  /** The reply to DLE EOT n in the current state, or null when the printer keeps silent. */
  statusReply(n: number): number | null {
    if (this.current === 'silent' || this.current === 'refusing') return null;
    const byte = conditionStatusBytes[this.condition][n - 1];
    return byte ?? null;
  }

  /** One connection (or one open device file): parses the stream and answers status requests. */
  openSession(reply: (bytes: Uint8Array) => void): EmulatorSession {
    return new EmulatorSession(this, reply);
  }

  /** @internal called by sessions */
  recordJob(bytes: Uint8Array, cut: boolean): void {
    const condition = this.condition;
    const printed = condition === 'ready' || condition === 'near-end';
    const job: ReceivedJob = { bytes, receivedAt: this.clock().toISOString(), condition, printed, cut };
    this.jobs.push(job);
    this.jobsReceived++;
    if (this.jobs.length > this.keepJobs) this.jobs.splice(0, this.jobs.length - this.keepJobs);
    if (cut && this.nextCutState) {
      const next = this.nextCutState;
      this.nextCutState = null;
      this.setState(next);
    }
    for (const listener of this.jobListeners) listener(job);
  }

  /** @internal */
  countStatusAnswer(): void {
    this.statusRequestsAnswered++;
  }
}

export class EmulatorSession {
  private readonly tokenizer = new EscPosTokenizer();
  private job: Uint8Array[] = [];
  private broken = false;

  constructor(
    private readonly printer: PrinterEmulator,
    private readonly reply: (bytes: Uint8Array) => void,
  ) {}

  receive(chunk: Uint8Array): void {
    if (this.broken) {
      // After a command it cannot parse, a printer prints garbage; keep the bytes for the record.
      this.job.push(chunk.slice());
      return;
    }
    this.tokenizer.push(chunk);
    for (;;) {
      let token;
      try {
        token = this.tokenizer.next();
      } catch (error) {
        if (!(error instanceof EscPosSyntaxError)) throw error;
        this.printer.protocolErrors.push(error);
        this.broken = true;
        return;
      }
      if (!token) return;
      if (token.name === 'status-request') {
        const answer = this.printer.statusReply(token.bytes[2] ?? 0);
        if (answer !== null) {
          this.printer.countStatusAnswer();
          this.reply(Uint8Array.of(answer));
        }
        continue;
      }
      this.job.push(token.bytes);
      if (token.name === 'cut') this.flush(true);
    }
  }

  /** The connection ended: whatever came after the last cut is a job of its own. */
  end(): void {
    this.flush(false);
  }

  private flush(cut: boolean): void {
    const length = this.job.reduce((n, b) => n + b.length, 0);
    if (length === 0) return;
    const bytes = new Uint8Array(length);
    let at = 0;
    for (const part of this.job) {
      bytes.set(part, at);
      at += part.length;
    }
    this.job = [];
    this.printer.recordJob(bytes, cut);
  }
}

function isCondition(state: FakePrinterState): state is PrinterCondition {
  return state !== 'silent' && state !== 'refusing';
}
