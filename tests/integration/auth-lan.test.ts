import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isLoopbackAddress } from '../../src-main/server/security';
import { makeSelfSignedCertificate } from '../../src-main/server/security-tls';
import { LiveClient } from '../helpers/live-client';
import { queueTestHub } from '../helpers/queue-hub';
import { call, startTestHub, testPassword } from '../helpers/running-hub';
import { makeTempDir } from '../helpers/temp-dir';

const root = join(import.meta.dirname, '..', '..');
/** LAN mode is tried on another loopback address only: no packet leaves this machine. */
const lanHost = '127.0.0.2';

type HttpsReply = { status: number; headers: Record<string, string | string[] | undefined>; body: string; fingerprint256: string };

function httpsCall(url: string, ca: string, options: { method?: string; body?: unknown } = {}): Promise<HttpsReply> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      { method: options.method ?? 'GET', ca, headers: options.body === undefined ? {} : { 'content-type': 'application/json' } },
      (res) => {
        const fingerprint256 = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, fingerprint256 }));
      },
    );
    req.on('error', reject);
    req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) });
  return { logger, lines };
}

describe('security headers', () => {
  it('sends the screens’ CSP (the same as index.html’s meta tag) and the other headers on every response', async () => {
    const hub = await startTestHub({ hub: queueTestHub() });
    try {
      const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(readFileSync(join(root, 'src-renderer', 'index.html'), 'utf8'))![1];
      expect(contentSecurityPolicy).toBe(meta);
      expect(contentSecurityPolicy).toContain("frame-ancestors 'none'");
      for (const path of ['/api/health', '/api/nothing-here', '/kiosk', '/api/auth/me']) {
        const res = await fetch(`${hub.url}${path}`);
        expect(res.headers.get('content-security-policy'), path).toBe(contentSecurityPolicy);
        expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
        expect(res.headers.get('x-frame-options'), path).toBe('DENY');
        expect(res.headers.get('strict-transport-security'), path).toBeNull();
        if (path.startsWith('/api/')) expect(res.headers.get('cache-control'), path).toBe('no-store');
        await res.text();
      }
    } finally {
      await hub.dispose();
    }
  });

  it('tells the hub’s own machine from the network', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(address), address).toBe(true);
    // The rest of 127.0.0.0/8 is the network as far as trust goes: containers and tunnels hand such addresses out.
    for (const address of ['127.4.5.6', '127.0.0.2', '::ffff:127.0.0.2', '192.168.1.5', '10.0.0.1', '::ffff:10.0.0.1', 'fe80::1', '0.0.0.0', undefined]) {
      expect(isLoopbackAddress(address), String(address)).toBe(false);
    }
  });
});

describe('LAN mode: HTTPS beyond 127.0.0.1', () => {
  const temp = makeTempDir('frontdoor-lan-');
  afterAll(() => temp.remove());

  it('makes a self-signed certificate once, serves HTTPS with HSTS and Secure cookies, and refuses plain HTTP', async () => {
    const dataDir = join(temp.path, 'self-signed');
    const hub = await startTestHub({ hub: queueTestHub(), host: lanHost, dataDir });
    let fingerprint: string;
    try {
      expect(hub.url).toMatch(/^https:\/\/127\.0\.0\.2:\d+$/);
      expect(hub.tls).toMatchObject({ selfSigned: true, certFile: join(dataDir, 'tls', 'hub-cert.pem') });
      const cert = readFileSync(hub.tls!.certFile, 'utf8');
      const parsed = new X509Certificate(cert);
      fingerprint = parsed.fingerprint256;
      expect(hub.tls!.fingerprint256).toBe(fingerprint);
      expect(parsed.checkIP(lanHost)).toBe(lanHost);
      expect(parsed.verify(parsed.publicKey)).toBe(true);

      const health = await httpsCall(`${hub.url}/api/health`, cert);
      expect(health.status).toBe(200);
      expect(health.fingerprint256).toBe(fingerprint);
      expect(health.headers['strict-transport-security']).toBe('max-age=31536000');
      expect(health.headers['content-security-policy']).toBe(contentSecurityPolicy);

      const setup = await httpsCall(`${hub.url}/api/auth/setup`, cert, {
        method: 'POST',
        body: { token: hub.setup!.token, username: 'ada', displayName: 'Ada', password: testPassword },
      });
      expect(setup.status).toBe(201);
      expect(String(setup.headers['set-cookie'])).toMatch(/^fd_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Secure$/);

      const live = await LiveClient.connect(hub.url, 0, { ca: cert });
      expect(live.messages[0]).toMatchObject({ kind: 'hello' });
      await live.close();

      const plain = hub.url.replace(/^https:/, 'http:');
      await expect(fetch(`${plain}/api/health`)).rejects.toThrow();
    } finally {
      await hub.close();
    }
    // Generated once: the next start uses the same certificate, so staff trust it once.
    const again = await startTestHub({ hub: queueTestHub(), host: lanHost, dataDir });
    try {
      expect(again.tls!.fingerprint256).toBe(fingerprint);
    } finally {
      await again.close();
    }
  });

  it('uses a configured certificate and key, relative to the configuration file', async () => {
    const made = makeSelfSignedCertificate({ commonName: 'hub.example.org', dns: ['hub.example.org'], ips: [lanHost] });
    writeFileSync(join(temp.path, 'hub.crt'), made.cert);
    writeFileSync(join(temp.path, 'hub.key'), made.key);
    const config = queueTestHub({ server: { host: lanHost, port: 0, tls: { certFile: 'hub.crt', keyFile: 'hub.key' } } });
    const hub = await startTestHub({ hub: config, host: lanHost, dataDir: join(temp.path, 'configured'), configFile: join(temp.path, 'hub.yaml') });
    try {
      expect(hub.tls).toMatchObject({ selfSigned: false, certFile: join(temp.path, 'hub.crt'), fingerprint256: new X509Certificate(made.cert).fingerprint256 });
      const res = await httpsCall(`${hub.url}/api/health`, made.cert);
      expect(res.status).toBe(200);
      expect(res.fingerprint256).toBe(hub.tls!.fingerprint256);
    } finally {
      await hub.dispose();
    }
    const other = makeSelfSignedCertificate({ commonName: 'other', dns: [], ips: [lanHost] });
    writeFileSync(join(temp.path, 'other.key'), other.key);
    const mismatched = queueTestHub({ server: { host: lanHost, port: 0, tls: { certFile: 'hub.crt', keyFile: 'other.key' } } });
    await expect(startTestHub({ hub: mismatched, host: lanHost, dataDir: join(temp.path, 'mismatched'), configFile: join(temp.path, 'hub.yaml') })).rejects.toThrow(
      /does not belong to the certificate/,
    );
  });

  it('serves plain HTTP on the LAN only when server.allowInsecureLan says so, with a warning', async () => {
    const { logger, lines } = capturingLogger();
    const hub = await startTestHub({ hub: queueTestHub({ server: { host: lanHost, port: 0, allowInsecureLan: true } }), host: lanHost, logger, dataDir: join(temp.path, 'insecure') });
    try {
      expect(hub.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
      expect(hub.tls).toBeNull();
      expect(hub.insecureLan).toBe(true);
      expect((await call(hub, 'GET', '/api/health')).status).toBe(200);
      expect(lines.some((l) => l.level === 40 && /allowInsecureLan/.test(l.msg))).toBe(true);
    } finally {
      await hub.dispose();
    }
  });

  it('prints the HTTPS fingerprint and the first-run setup token from the command line', async () => {
    const configFile = join(temp.path, 'cli-hub.json');
    writeFileSync(configFile, JSON.stringify(queueTestHub()));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'src-main', 'cli.ts'), '--data', join(temp.path, 'cli-data'), '--config', configFile, '--host', lanHost, '--port', '0', '--no-electron'],
      { cwd: root, env: { ...process.env, FRONTDOOR_LOG_LEVEL: 'warn', FRONTDOOR_NO_ELECTRON: '1' } },
    );
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (/setup token \S+/.test(text) && /The token works once/.test(text)) resolve(text);
        });
        child.once('exit', (code) => reject(new Error(`the hub exited with ${code}:\n${text}`)));
      });
      const kiosk = /kiosk\s+(https:\/\/127\.0\.0\.2:\d+)\/kiosk/.exec(out);
      expect(kiosk).not.toBeNull();
      const fingerprint = /SHA-256 fingerprint: ([0-9A-F:]{95})/.exec(out)![1];
      const cert = readFileSync(join(temp.path, 'cli-data', 'tls', 'hub-cert.pem'), 'utf8');
      expect(fingerprint).toBe(new X509Certificate(cert).fingerprint256);
      expect(out).toContain(`open        ${kiosk![1]}/manager?setup=1`);
      const token = /setup token (\S+)/.exec(out)![1]!;
      const setup = await httpsCall(`${kiosk![1]}/api/auth/setup`, cert, { method: 'POST', body: { token, username: 'ada', displayName: 'Ada', password: testPassword } });
      expect(setup.status).toBe(201);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
    }
  });
});
