import { createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isIP } from 'node:net';
import type { Logger } from 'pino';
import type { HubConfig } from '../../src-shared/config/schema';

/**
 * LAN mode. On 127.0.0.1 (or localhost, ::1) the hub speaks plain HTTP: nothing leaves the
 * machine. On any other address it serves HTTPS — with the configured certificate, or a self-signed
 * one it makes once in <data>/tls/ — unless `server.allowInsecureLan` says otherwise, loudly.
 */
export type TlsSetup =
  | { mode: 'local' }
  | { mode: 'insecure-lan' }
  | { mode: 'https'; key: string; cert: string; certFile: string; fingerprint256: string; selfSigned: boolean };

const localOnlyHosts = new Set(['127.0.0.1', 'localhost', '::1']);

export function isLocalOnlyHost(host: string): boolean {
  return localOnlyHosts.has(host.toLowerCase());
}

export function resolveTls(options: { host: string; server: HubConfig['server']; configFile: string; dataDir: string; logger: Logger }): TlsSetup {
  const { host, server, logger } = options;
  if (isLocalOnlyHost(host)) return { mode: 'local' };
  if (server.allowInsecureLan && !server.tls) {
    logger.warn(
      { host },
      'server.allowInsecureLan is on: the hub serves plain HTTP on the network, so passwords, PINs and session cookies can be read by anyone on it. Use HTTPS (server.tls, or leave it out for a self-signed certificate).',
    );
    return { mode: 'insecure-lan' };
  }
  if (server.tls) {
    const base = dirname(resolve(options.configFile));
    const certFile = resolve(base, server.tls.certFile);
    const keyFile = resolve(base, server.tls.keyFile);
    const cert = readFileSync(certFile, 'utf8');
    const key = readFileSync(keyFile, 'utf8');
    const parsed = new X509Certificate(cert);
    if (!parsed.checkPrivateKey(createPrivateKey(key))) throw new Error(`server.tls: the key in ${keyFile} does not belong to the certificate in ${certFile}.`);
    if (Date.parse(parsed.validTo) < Date.now()) logger.warn({ certFile, validTo: parsed.validTo }, 'the configured TLS certificate has expired');
    return { mode: 'https', key, cert, certFile, fingerprint256: parsed.fingerprint256, selfSigned: false };
  }
  return { mode: 'https', ...selfSignedCertificate(join(options.dataDir, 'tls'), host, logger), selfSigned: true };
}

/** Names the certificate must cover for this host: the host itself, this machine's names and addresses. */
export function namesFor(host: string): { dns: string[]; ips: string[] } {
  const dns = new Set<string>(['localhost']);
  const ips = new Set<string>(['127.0.0.1', '::1']);
  const own = hostname();
  if (/^[A-Za-z0-9.-]{1,253}$/.test(own)) {
    dns.add(own.toLowerCase());
    if (!own.includes('.')) dns.add(`${own.toLowerCase()}.local`);
  }
  if (host === '0.0.0.0' || host === '::') {
    for (const list of Object.values(networkInterfaces())) {
      for (const nic of list ?? []) if (!nic.internal) ips.add(nic.address.split('%')[0]!);
    }
  } else if (isIP(host)) {
    ips.add(host);
  } else {
    dns.add(host.toLowerCase());
  }
  return { dns: [...dns], ips: [...ips] };
}

/** Loads the hub's self-signed certificate, making a new one when missing, expiring or not covering this host. */
export function selfSignedCertificate(folder: string, host: string, logger: Logger): { key: string; cert: string; certFile: string; fingerprint256: string } {
  const certFile = join(folder, 'hub-cert.pem');
  const keyFile = join(folder, 'hub-key.pem');
  const names = namesFor(host);
  if (existsSync(certFile) && existsSync(keyFile)) {
    try {
      const cert = readFileSync(certFile, 'utf8');
      const key = readFileSync(keyFile, 'utf8');
      const parsed = new X509Certificate(cert);
      const fresh = Date.parse(parsed.validTo) > Date.now() + 30 * 86_400_000;
      const covers = names.ips.every((ip) => parsed.checkIP(ip) !== undefined) && names.dns.every((d) => parsed.checkHost(d) !== undefined);
      if (fresh && covers && parsed.checkPrivateKey(createPrivateKey(key))) return { key, cert, certFile, fingerprint256: parsed.fingerprint256 };
      logger.info({ certFile, fresh, covers }, 'making a new self-signed certificate');
    } catch (error) {
      logger.warn({ err: error, certFile }, 'the self-signed certificate could not be read; making a new one');
    }
  }
  const made = makeSelfSignedCertificate({ commonName: `Front Door hub (${names.dns.find((d) => d !== 'localhost') ?? host})`, ...names });
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, made.key, { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  writeFileSync(certFile, made.cert, { mode: 0o644 });
  return { key: made.key, cert: made.cert, certFile, fingerprint256: new X509Certificate(made.cert).fingerprint256 };
}

// ---- a small X.509 writer ------------------------------------------------------------------
// Node can read certificates but not write them. A self-signed server certificate is a short,
// fixed structure (RFC 5280), so it is written here in DER with an ECDSA P-256 key rather than
// adding a package; Node's own X509Certificate checks the result in the tests.

function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
const sequence = (...items: Buffer[]) => der(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => der(0x31, Buffer.concat(items));
const octets = (value: Buffer) => der(0x04, value);
const bits = (value: Buffer, unused = 0) => der(0x03, Buffer.concat([Buffer.from([unused]), value]));
const utf8 = (text: string) => der(0x0c, Buffer.from(text, 'utf8'));
const bool = (value: boolean) => der(0x01, Buffer.from([value ? 0xff : 0x00]));

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [a! * 40 + b!];
  for (const part of rest) {
    const chunk = [part & 0x7f];
    for (let v = part >>> 7; v > 0; v >>>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

function time(at: Date): Buffer {
  const iso = at.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  // UTCTime up to 2049, GeneralizedTime after (RFC 5280 4.1.2.5).
  return at.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(iso.slice(2), 'ascii')) : der(0x18, Buffer.from(iso, 'ascii'));
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return Buffer.concat(groups.map((g) => Buffer.from([parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff])));
}

const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));

function name(commonName: string): Buffer {
  return sequence(set(sequence(oid('2.5.4.10'), utf8('Front Door'))), set(sequence(oid('2.5.4.3'), utf8(commonName))));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [bool(true)] : []), octets(value));
}

export function makeSelfSignedCertificate(options: { commonName: string; dns: string[]; ips: string[]; days?: number; now?: Date }): { key: string; cert: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const now = options.now ?? new Date();
  const serial = randomBytes(16);
  // A positive INTEGER with no leading zero byte.
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  const subject = name(options.commonName);
  const altNames = sequence(
    ...options.dns.map((d) => der(0x82, Buffer.from(d, 'ascii'))),
    ...options.ips.map((ip) => der(0x87, ipBytes(ip))),
  );
  const tbs = sequence(
    der(0xa0, der(0x02, Buffer.from([2]))),
    der(0x02, serial),
    ecdsaWithSha256,
    subject,
    sequence(time(new Date(now.getTime() - 3_600_000)), time(new Date(now.getTime() + (options.days ?? 1095) * 86_400_000))),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
    der(
      0xa3,
      sequence(
        extension('2.5.29.19', true, sequence()),
        extension('2.5.29.15', true, bits(Buffer.from([0x80]), 7)),
        extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))),
        extension('2.5.29.17', false, altNames),
      ),
    ),
  );
  const signature = sign('sha256', tbs, privateKey as KeyObject);
  const certificate = sequence(tbs, ecdsaWithSha256, bits(signature));
  const body = certificate.toString('base64').replace(/.{1,64}/g, '$&\n');
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`,
  };
}
