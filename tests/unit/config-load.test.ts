import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadHubConfig, parseHubConfig, sampleHubFile } from '../../src-main/config/load-config';
import { queueTestHub } from '../helpers/queue-hub';
import { makeTempDir } from '../helpers/temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());

function problemsOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loading a hub configuration', () => {
  it('loads the sample hub and gives it a stable content hash', () => {
    const a = loadHubConfig(sampleHubFile);
    const b = loadHubConfig(sampleHubFile);
    expect(a.hub.id).toBe('riverside-hub');
    expect(a.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(a.hash).toBe(b.hash);
  });

  it('names the file, each field path and what was expected', () => {
    const raw = { ...queueTestHub(), timeZone: 'Mars/Olympus', languages: { default: 'xx', offered: ['en'] } } as Record<string, unknown>;
    (raw['partners'] as { services: { ticketPrefix: string }[] }[])[1]!.services[0]!.ticketPrefix = 'W';
    const error = problemsOf(() => parseHubConfig(raw, '/etc/frontdoor/hub.yaml'));
    expect(error.file).toBe('/etc/frontdoor/hub.yaml');
    expect(error.message).toContain('/etc/frontdoor/hub.yaml');
    const paths = error.problems.map((p) => p.path);
    expect(paths).toContain('timeZone');
    expect(error.problems.find((p) => p.path === 'timeZone')!.message).toMatch(/IANA time zone/);
    expect(error.problems.find((p) => p.path === 'partners[1].services[0].ticketPrefix')!.message).toMatch(/already used by service "welcome"/);
    expect(error.problems.find((p) => p.path === 'languages.default')!.message).toMatch(/must be one of languages.offered/);
  });

  it('says when a required field is missing or has the wrong type', () => {
    const { version: _v, ...withoutVersion } = queueTestHub();
    const error = problemsOf(() => parseHubConfig({ ...withoutVersion, queue: { noShowGraceMinutes: 'five' } }, 'hub.json'));
    expect(error.problems).toContainEqual({ path: 'version', message: 'expected number, but it is missing' });
    expect(error.problems).toContainEqual({ path: 'queue.noShowGraceMinutes', message: 'expected number, got string' });
  });

  it('rejects triage that points at a service that does not exist, naming the rule', () => {
    const hub = queueTestHub();
    hub.triage.rules[0]!.services = ['astrology'];
    const error = problemsOf(() => parseHubConfig(hub, 'hub.yaml'));
    expect(error.problems.some((p) => p.path.startsWith('triage.rules[0]') && /astrology/.test(p.message))).toBe(true);
  });

  it('reports unreadable files and broken YAML or JSON without a stack trace', () => {
    expect(problemsOf(() => loadHubConfig(join(temp.path, 'missing.yaml'))).message).toMatch(/cannot be read: the file does not exist/);
    const yaml = join(temp.path, 'broken.yaml');
    writeFileSync(yaml, 'id: hub\n  name: [unclosed\n');
    expect(problemsOf(() => loadHubConfig(yaml)).message).toMatch(/is not valid YAML/);
    const json = join(temp.path, 'broken.json');
    writeFileSync(json, '{"id": "hub",');
    const error = problemsOf(() => loadHubConfig(json));
    expect(error.message).toMatch(/is not valid JSON/);
    expect(error.message).not.toMatch(/\n\s+at /);
  });
});
