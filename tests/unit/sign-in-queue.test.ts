import { describe, expect, it } from 'vitest';
import { SignInQueue, type SignInQueueEvent } from '../../src-main/auth/sign-in-queue';
import { HubError } from '../../src-main/errors';
import { waitInWords } from '../../src-shared/api/auth-contract';
import { queueTestHub } from '../helpers/queue-hub';

/** A check that finishes when the test says so. */
function heldTask() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { task: () => done, finish };
}

function queueWithLog(limits = { concurrentChecks: 2, queuedPerAddress: 3, queuedTotal: 5 }) {
  const queue = new SignInQueue(limits);
  const events: SignInQueueEvent[] = [];
  queue.observe((e) => events.push(e));
  const started = (address: string) => events.filter((e) => e.kind === 'started' && e.address === address).length;
  return { queue, events, started };
}

/** Lets every settled promise's continuation run (a bounded number of turns, no timers). */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

describe('the sign-in queue', () => {
  it('keeps one check free for other addresses, and refuses what does not fit with a Retry-After', async () => {
    const { queue, events, started } = queueWithLog();
    const held = Array.from({ length: 6 }, () => heldTask());
    const flood = held.map((h) => queue.run('10.0.0.66', h.task).then(
      () => 'done',
      (error: unknown) => error,
    ));
    await settle();
    // One running, three waiting; the other two refused at once.
    expect(started('10.0.0.66')).toBe(1);
    expect(queue.stats()).toEqual({ running: 1, waiting: 3, addressesWaiting: 1 });
    const refusals = events.filter((e) => e.kind === 'refused');
    expect(refusals).toHaveLength(2);
    const refused = (await Promise.race([flood[5]!, Promise.resolve('pending')])) as HubError;
    expect(refused).toBeInstanceOf(HubError);
    expect(refused.code).toBe('TOO_MANY_ATTEMPTS');
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.details).toMatchObject({ scope: 'busy' });

    // Another address starts at once, ahead of the three waiting.
    const manager = heldTask();
    const managerDone = queue.run('10.0.0.20', manager.task);
    expect(events.at(-1)).toMatchObject({ kind: 'started', address: '10.0.0.20', waitedFor: 0 });
    manager.finish();
    await managerDone;
    for (const h of held) h.finish();
    expect(await Promise.all(flood.slice(0, 4))).toEqual(['done', 'done', 'done', 'done']);
    expect(queue.stats()).toEqual({ running: 0, waiting: 0, addressesWaiting: 0 });
  });

  it('takes turns between addresses when a check ends, however many one of them queued', async () => {
    const { queue, events } = queueWithLog({ concurrentChecks: 1, queuedPerAddress: 10, queuedTotal: 20 });
    const tasks = new Map<string, ReturnType<typeof heldTask>[]>();
    const runs: Promise<void>[] = [];
    const enqueue = (address: string) => {
      const h = heldTask();
      tasks.set(address, [...(tasks.get(address) ?? []), h]);
      runs.push(queue.run(address, h.task));
    };
    for (let i = 0; i < 4; i += 1) enqueue('a');
    enqueue('b');
    enqueue('c');
    // Finish whatever runs, one at a time: a bounded loop over the six checks.
    for (let i = 0; i < 6; i += 1) {
      const running = events.filter((e) => e.kind === 'started').at(-1)!;
      const list = tasks.get(running.address)!;
      list.shift()!.finish();
      await settle();
    }
    await Promise.all(runs);
    const order = events.filter((e) => e.kind === 'started').map((e) => e.address);
    expect(order).toEqual(['a', 'b', 'c', 'a', 'a', 'a']);
    const b = events.find((e) => e.kind === 'started' && e.address === 'b');
    expect(b).toMatchObject({ waitedFor: 0 });
  });
});

describe('sign-in settings and words', () => {
  it('reads the earlier setting names under their new meaning', () => {
    const config = queueTestHub({ server: { signIn: { maxFailuresPerUser: 7, lockoutMinutes: 30 } } });
    expect(config.server.signIn).toMatchObject({ failuresBeforeDelay: 7, maxDelayMinutes: 30, maxFailuresPerAddress: 20, concurrentChecks: 2 });
    const renamed = queueTestHub({ server: { signIn: { failuresBeforeDelay: 4, maxFailuresPerUser: 9 } } });
    expect(renamed.server.signIn.failuresBeforeDelay).toBe(4);
  });

  it('says a wait in words', () => {
    expect(waitInWords(1)).toBe('1 second');
    expect(waitInWords(29.2)).toBe('30 seconds');
    expect(waitInWords(60)).toBe('1 minute');
    expect(waitInWords(150)).toBe('2 minutes and 30 seconds');
    expect(waitInWords(3600)).toBe('1 hour');
    expect(waitInWords(3900)).toBe('1 hour and 5 minutes');
    expect(waitInWords(7199)).toBe('2 hours');
  });
});
