import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { onsTenFive } from '../src-shared/reports/suppression';
import { Collector } from './collector';
import { openCollectorDatabase, startCollector } from './start-collector';

const usage = `Front Door collector: the programme's store of every hub's events

Usage: npm run collector -- --data DIR [options]

  --data DIR             data folder of the embedded PostgreSQL (PGlite); default: ./collector-data
  --database URL         a PostgreSQL server instead (postgres://user:password@host/db)
  --host HOST            address to listen on (default 127.0.0.1; put HTTPS in front of it beyond this machine)
  --port PORT            port to listen on (default 4620; 0 = any free port)
  --add-hub HUB_ID       register a hub, print its upload token once, and exit
  --suppress-below N     programme figures: hide counts from 1 to N−1 (default 10, the ONS 10-5 rule)
  --round-to N           programme figures: round the counts shown to a multiple of N (default 5)
  --add-programme-token NAME
                         make a token for the programme view (GET /api/hubs, /api/programme/…), print it once, and exit
  --help                 this text
`;

function say(text: string, stream: NodeJS.WriteStream = process.stdout): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        data: { type: 'string' },
        database: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        'add-hub': { type: 'string' },
        'add-programme-token': { type: 'string' },
        'suppress-below': { type: 'string' },
        'round-to': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    say(`${(error as Error).message}\n\n${usage}`, process.stderr);
    return 2;
  }
  if (args.help) {
    say(usage);
    return 0;
  }
  const port = args.port === undefined ? 4620 : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    say(`--port must be a whole number from 0 to 65535, not "${args.port}".`, process.stderr);
    return 2;
  }
  const threshold = args['suppress-below'] === undefined ? onsTenFive.threshold : Number(args['suppress-below']);
  const roundTo = args['round-to'] === undefined ? onsTenFive.roundTo : Number(args['round-to']);
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > 1000) {
    say(`--suppress-below must be a whole number from 1 to 1000, not "${args['suppress-below']}".`, process.stderr);
    return 2;
  }
  if (!Number.isInteger(roundTo) || roundTo < 1 || roundTo > 1000) {
    say(`--round-to must be a whole number from 1 to 1000, not "${args['round-to']}".`, process.stderr);
    return 2;
  }
  const suppression = { threshold, roundTo, hideZeros: onsTenFive.hideZeros };
  const where = args.database ? { database: args.database } : { dataDir: resolve(args.data ?? 'collector-data') };

  if (args['add-hub'] || args['add-programme-token']) {
    const db = await openCollectorDatabase(where);
    try {
      const collector = new Collector(db);
      if (args['add-hub']) {
        const token = await collector.addHub(args['add-hub']);
        say(`hub "${args['add-hub']}" registered. Its upload token (shown once; only its hash is kept):`);
        say(token);
        say(`On the hub: put it in the environment variable upstream.tokenEnv names (e.g. FRONTDOOR_UPLOAD_TOKEN).`);
      } else {
        const token = await collector.addProgrammeToken(args['add-programme-token']!);
        say(`programme token "${args['add-programme-token']}" (shown once; only its hash is kept):`);
        say(token);
      }
      return 0;
    } catch (error) {
      say((error as Error).message, process.stderr);
      return 1;
    } finally {
      await db.close();
    }
  }

  const logger = pino({ level: process.env['FRONTDOOR_LOG_LEVEL'] ?? 'info' }, pino.destination({ dest: 2, sync: false }));
  let running;
  try {
    running = await startCollector({ ...where, port, logger, suppression, ...(args.host ? { host: args.host } : {}) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      say(`Port ${port} is already in use. Choose another with --port.`, process.stderr);
      return 3;
    }
    say(`The collector could not start: ${(error as Error).message}`, process.stderr);
    return 1;
  }
  say(`Front Door collector`);
  say(`database: ${args.database ? 'PostgreSQL server' : `embedded, ${where.dataDir}`}`);
  say(`listening ${running.url}`);
  const shutdown = async () => {
    await running.close();
    logger.flush();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    say(`The collector stopped on an unexpected error: ${(error as Error).message}`, process.stderr);
    process.exit(1);
  },
);
