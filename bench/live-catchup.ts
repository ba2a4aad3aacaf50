import { queueTestHub } from '../tests/helpers/queue-hub';
import { fillQueueHistory } from '../tests/helpers/queue-history';
import { signInAs, startTestHub } from '../tests/helpers/running-hub';
import { startScreensApart } from './live-screens';
import { percentile, type BenchResult } from './stats';

/**
 * The live channel under load (issue "The hub under attack"): call-next latency at a desk while
 * 50 consoles keep catching up (each from nearly 500 events back, reconnecting as soon as it has
 * caught up) and 2,000 anonymous displays are connected and hear every call. The screens run on a
 * thread of their own (as real screens run on other machines); on two cores they still compete with
 * the hub for the CPU.
 *
 * Budget: call-next answers within 50 ms at p99 — catch-ups are sent in slices between other
 * work, so they must not hold a desk's call back.
 */
export const liveCatchUpBudgets = {
  /** p99, ms, of one call-next over HTTP while the screens catch up. */
  callNextP99Ms: 50,
};

type Options = { displays?: number; catchingUp?: number; calls?: number; warmup?: number };

export async function runLiveCatchUp(options: Options = {}): Promise<BenchResult[]> {
  const displays = options.displays ?? 2000;
  const catchingUp = options.catchingUp ?? 50;
  const calls = options.calls ?? 300;
  const warmup = options.warmup ?? 20;
  const base = queueTestHub();
  // Every screen connects from 127.0.0.1 here: the caps are raised to let 2,000 in.
  const cap = displays + catchingUp + 100;
  // Thousands of connections and catch-ups from one address: a flood to the rate limits, which are
  // not what is measured here.
  const generous = { max: 1_000_000, windowSeconds: 60 };
  const hub = await startTestHub({
    hub: queueTestHub({
      server: {
        ...base.server,
        rateLimits: { read: generous, kiosk: generous, 'sign-in': generous, staff: generous, live: generous },
        live: { ...base.server.live, maxPerAddress: cap, maxConnections: cap },
      },
    }),
  });
  try {
    const desk = await signInAs(hub, 'reception');
    // Visitors for every call, and a history long enough that each console replays ~490 events.
    fillQueueHistory(hub.hub, { visits: calls + warmup + 100, calls: 50, recalls: 400 });
    const screens = await startScreensApart({ hubUrl: hub.url, cookie: desk.cookieHeader, displays, catchingUp, behind: 490 });

    const latencies: number[] = [];
    for (let i = 0; i < calls + warmup; i += 1) {
      const t0 = performance.now();
      const res = await desk.call('POST', '/api/services/money/call-next', { desk: i % 2 ? 'Desk 1' : 'Desk 2' });
      const ms = performance.now() - t0;
      if (res.status !== 200) throw new Error(`call-next failed: ${res.status} ${JSON.stringify(res.body)}`);
      if (i >= warmup) latencies.push(ms);
    }
    const { catchUps, stuck } = await screens.stop();
    if (stuck > 0) throw new Error(`${stuck} console catch-ups never reached the hub's last event`);
    return [
      {
        name: 'live: call-next during catch-ups',
        unit: 'ms',
        samples: latencies.length,
        median: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        budgetP99: liveCatchUpBudgets.callNextP99Ms,
        note: `${catchingUp} consoles catching up (${catchUps} catch-ups of ~490 events), ${displays} displays connected`,
      },
    ];
  } finally {
    await hub.dispose();
  }
}
