import { existsSync, mkdirSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';

export const logRotation = { maxBytes: 20 * 1024 * 1024, keep: 14 };

/**
 * A log file for an unattended machine: at each start the previous file is kept under its date
 * when it is from an earlier day or too large, and only the newest few are kept.
 */
export function rotateLogs(dir: string, name: string, now: Date = new Date()): string {
  mkdirSync(dir, { recursive: true });
  const current = join(dir, `${name}.log`);
  if (existsSync(current)) {
    const stat = statSync(current);
    const day = stat.mtime.toISOString().slice(0, 10);
    if (day !== now.toISOString().slice(0, 10) || stat.size > logRotation.maxBytes) {
      let target = join(dir, `${name}-${day}.log`);
      for (let n = 1; existsSync(target) && n < 1000; n += 1) target = join(dir, `${name}-${day}.${n}.log`);
      renameSync(current, target);
    }
  }
  const old = readdirSync(dir)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.log'))
    .sort()
    .reverse();
  for (const file of old.slice(logRotation.keep)) unlinkSync(join(dir, file));
  return current;
}

export function openRotatingLog(dir: string, name: string): pino.DestinationStream {
  return pino.destination({ dest: rotateLogs(dir, name), sync: false, mkdir: true });
}
