import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { queueEventTypes } from '../../src-shared/api/contract';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every action the hub writes to its audit log: each dotted `action:` literal in its code, and one per ticket event. */
function writtenActions(): string[] {
  const found = new Set<string>(queueEventTypes.map((t) => `ticket.${t}`));
  for (const file of sources('src-main')) {
    const text = readFileSync(file, 'utf8');
    for (const literal of text.matchAll(/action:[^,}\n]*/g)) for (const code of literal[0].matchAll(/'([a-z]+\.[a-z.-]+)'/g)) found.add(code[1]!);
  }
  return [...found].sort();
}

/** The codes the manager's audit log has words for: `auditAction` in the staff translations (English; Welsh has the same keys, i18n-keys.test.ts). */
function codesWithWords(): Set<string> {
  const staff = JSON.parse(readFileSync('resources/i18n/staff/en.json', 'utf8')) as { auditAction: Record<string, Record<string, string>> };
  return new Set(Object.entries(staff.auditAction).flatMap(([group, words]) => Object.keys(words).map((action) => `${group}.${action}`)));
}

/** The codes the screen offers and puts into words (src-renderer/staff/manager/audit-text.ts, read as text). */
function codesListed(): string[] {
  const text = readFileSync('src-renderer/staff/manager/audit-text.ts', 'utf8');
  const list = text.slice(text.indexOf('export const auditActions'), text.indexOf('] as const', text.indexOf('export const auditActions')));
  return [...list.matchAll(/^\s*'([a-z]+\.[a-z.-]+)',$/gm)].map((m) => m[1]!);
}

describe('the audit log in words', () => {
  it('has plain words for every action the hub records, so no raw code reaches the manager', () => {
    const actions = writtenActions();
    expect(actions).toContain('auth.sign-in-failed');
    expect(actions).toContain('privacy.erased');
    const words = codesWithWords();
    expect(words.size).toBeGreaterThan(30);
    expect(actions.filter((a) => !words.has(a))).toEqual([]);
    // The screen's list and the translations name the same actions.
    expect(codesListed().sort()).toEqual([...words].sort());
    expect(actions.filter((a) => !codesListed().includes(a))).toEqual([]);
  });
});
