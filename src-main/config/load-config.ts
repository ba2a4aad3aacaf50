import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { hubConfig, type HubConfig } from '../../src-shared/config/schema';
import { validateTriage } from '../../src-shared/triage/engine';

export type ConfigProblem = { path: string; message: string };

/** A configuration that cannot be used, with every problem named by file and field. */
export class ConfigError extends Error {
  readonly file: string;
  readonly problems: ConfigProblem[];

  constructor(file: string, problems: ConfigProblem[]) {
    super(
      `The hub configuration ${file} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n` +
        problems.map((p) => `  - ${p.path || '(whole file)'}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.file = file;
    this.problems = problems;
  }
}

export type LoadedConfig = {
  file: string;
  hub: HubConfig;
  /** Content hash of the parsed configuration: visits record it with hub.version. */
  hash: string;
};

export const sampleHubFile = fileURLToPath(new URL('../../resources/hubs/sample-hub.yaml', import.meta.url));

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}${issue.input === undefined ? ', but it is missing' : `, got ${typeof issue.input === 'object' ? (Array.isArray(issue.input) ? 'a list' : issue.input === null ? 'null' : 'an object') : typeof issue.input}`}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}

/** Parses and checks a configuration object; `file` is only used to name it in errors. */
export function parseHubConfig(raw: unknown, file: string): LoadedConfig {
  const result = hubConfig.safeParse(raw, { reportInput: true });
  if (!result.success) {
    throw new ConfigError(
      file,
      result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: describeIssue(issue) })),
    );
  }
  const hub = result.data;
  const triageProblems = validateTriage(hub);
  if (triageProblems.length > 0) {
    throw new ConfigError(file, triageProblems.map((p) => ({ path: formatPath(p.path), message: p.message })));
  }
  const hash = createHash('sha256').update(JSON.stringify(hub)).digest('hex').slice(0, 16);
  return { file, hub, hash };
}

/** Reads a hub configuration file (JSON or YAML). */
export function loadHubConfig(file: string = sampleHubFile): LoadedConfig {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (error as Error).message;
    throw new ConfigError(path, [{ path: '', message: `cannot be read: ${reason}` }]);
  }
  let raw: unknown;
  try {
    raw = extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new ConfigError(path, [{ path: '', message: `is not valid ${extname(path) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}` }]);
  }
  return parseHubConfig(raw, path);
}
