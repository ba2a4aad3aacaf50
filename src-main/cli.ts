import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { ConfigError, loadHubConfig, sampleHubFile } from './config/load-config';
import { hashExitPin } from './shell/exit-pin';
import { defaultDataDir } from './shell/data-dir';
import { findElectronBinary, planKioskWindow } from './shell/electron-binary';
import { startHub } from './start-hub';

const usage = `Front Door hub

Usage: npm start -- [options]      (or: npm run hub -- [options] to skip rebuilding the screens)

Options:
  --config FILE   hub configuration (JSON or YAML); default: the sample hub
  --data DIR      data folder (database, keys, logs); default: FRONTDOOR_DATA_DIR or the user's data directory
  --host HOST     address to listen on; default: the configuration's server.host (127.0.0.1).
                  Any other address than 127.0.0.1 serves HTTPS (server.tls, or a self-signed
                  certificate made once in <data>/tls/) unless server.allowInsecureLan is true
  --port PORT     port to listen on (0 = any free port); default: the configuration's server.port (4610)
  --no-electron   never open the kiosk window, even where Electron is available
  --check         check the configuration and exit
  --hash-pin      read a kiosk exit PIN from standard input and print its hash for kiosk.exitPinHash
  --help          this text
`;

/** Writes to the terminal; the product logs through pino, but the CLI talks to a person. */
function say(text: string, stream: NodeJS.WriteStream = process.stdout): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        config: { type: 'string' },
        data: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        'no-electron': { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
        'hash-pin': { type: 'boolean', default: false },
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
  if (args['hash-pin']) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    try {
      say(hashExitPin(Buffer.concat(chunks).toString('utf8').trim()));
      return 0;
    } catch (error) {
      say((error as Error).message, process.stderr);
      return 2;
    }
  }
  const port = args.port === undefined ? undefined : Number(args.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    say(`--port must be a whole number from 0 to 65535, not "${args.port}".`, process.stderr);
    return 2;
  }

  const configFile = resolve(args.config ?? process.env['FRONTDOOR_CONFIG'] ?? sampleHubFile);
  let config;
  try {
    config = loadHubConfig(configFile);
  } catch (error) {
    if (error instanceof ConfigError) {
      say(error.message, process.stderr);
      say('Front Door did not start. Fix the configuration and start it again.', process.stderr);
      return 2;
    }
    throw error;
  }
  if (args.check) {
    say(`${configFile}: OK (hub "${config.hub.id}", version ${config.hub.version}, ${config.hub.partners.length} partners)`);
    return 0;
  }

  const dataDir = resolve(args.data ?? defaultDataDir());
  const logger = pino({ level: process.env['FRONTDOOR_LOG_LEVEL'] ?? 'info' }, pino.destination({ dest: 2, sync: false }));
  let running;
  try {
    running = await startHub({ dataDir, config, logger, ...(args.host ? { host: args.host } : {}), ...(port !== undefined ? { port } : {}) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      say(`Port ${port ?? config.hub.server.port} is already in use (is another Front Door running?). Choose another with --port.`, process.stderr);
      return 3;
    }
    say(`Front Door could not start: ${(error as Error).message}`, process.stderr);
    return 1;
  }

  say(`Front Door — ${config.hub.name.en}`);
  say(`data folder: ${dataDir}`);
  say(`configuration: ${configFile} (version ${config.hub.version})`);
  for (const [screen, url] of Object.entries(running.screenUrls)) say(`${screen.padEnd(10)} ${url}`);
  if (running.tls) {
    say(`HTTPS certificate: ${running.tls.certFile}${running.tls.selfSigned ? ' (self-signed by this hub)' : ''}`);
    say(`  SHA-256 fingerprint: ${running.tls.fingerprint256}`);
    if (running.tls.selfSigned) say('  Browsers will warn once; check that the fingerprint they show matches this one before accepting it.');
  }
  if (running.insecureLan) {
    say('WARNING: plain HTTP on the network (server.allowInsecureLan): passwords and sessions can be read by anyone on it.', process.stderr);
  }
  if (running.setup) {
    say('');
    say('First run: no administrator account exists yet.');
    say(`  open        ${running.setup.url}`);
    say(`  setup token ${running.setup.token}`);
    say(`  The token works once, until ${running.setup.expiresAt}; restart the hub for a new one. Nobody has a default password.`);
  }

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await running.close();
    logger.flush();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  if (!args['no-electron'] && !process.env['FRONTDOOR_NO_ELECTRON'] && !process.env['CI']) {
    openKioskWindow(running.screenUrls.kiosk, logger);
  }
  return -1;
}

/** Opens the kiosk in Electron where its binary is present; never downloads it (`npm run electron:fetch` does). */
function openKioskWindow(kioskUrl: string, logger: pino.Logger): void {
  const shellMain = fileURLToPath(new URL('../out/main/main.js', import.meta.url));
  const plan = planKioskWindow(findElectronBinary(), existsSync(shellMain));
  if (!plan.open) {
    say(plan.message);
    return;
  }
  const child = spawn(plan.binary, [shellMain, `--attach-url=${kioskUrl}`], { stdio: 'inherit' });
  child.on('exit', (code) => logger.info({ code }, 'kiosk window closed'));
  say('kiosk window: opened in Electron');
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    say(`Front Door stopped on an unexpected error: ${(error as Error).message}`, process.stderr);
    process.exit(1);
  },
);
