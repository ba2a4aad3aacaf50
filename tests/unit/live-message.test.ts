import { describe, expect, it } from 'vitest';
import { readMessage } from '../../src-shared/api/live-message';

/** What a screen does with each live message: read it, or say why it cannot (then it asks to be reloaded). */
describe('readMessage', () => {
  it('reads a message of the contract', () => {
    const parsed = readMessage(JSON.stringify({ kind: 'signed-out', reason: 'signed-out' }));
    expect(parsed.ok ? parsed.value.kind : parsed.problem).toBe('signed-out');
  });

  it('says a message that is not JSON is unreadable', () => {
    expect(readMessage('{"kind": "queue", "event": ')).toEqual({ ok: false, problem: { reason: 'not-json', kind: null } });
  });

  it('says a message outside the contract is unreadable, naming its kind', () => {
    expect(readMessage(JSON.stringify({ kind: 'from-a-newer-hub' }))).toEqual({ ok: false, problem: { reason: 'not-in-contract', kind: 'from-a-newer-hub' } });
    expect(readMessage(JSON.stringify({ kind: 'queue', event: { seq: 'one' } }))).toEqual({ ok: false, problem: { reason: 'not-in-contract', kind: 'queue' } });
    expect(readMessage('[1, 2]')).toEqual({ ok: false, problem: { reason: 'not-in-contract', kind: null } });
    expect(readMessage('null')).toEqual({ ok: false, problem: { reason: 'not-in-contract', kind: null } });
  });
});
