import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiTableMarkdown, endpointKey, endpoints, pathOf, type EndpointSpec } from '../../src-shared/api/endpoints';

const all = Object.values(endpoints as Record<string, EndpointSpec>);

describe('the endpoint table', () => {
  it('is what the README says, row for row', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('\n', readme.indexOf('<!-- api-table')) + 1;
    const end = readme.indexOf('<!-- /api-table -->');
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    expect(readme.slice(start, end).trim()).toBe(apiTableMarkdown());
  });

  it('names each method and path once', () => {
    const keys = all.map(endpointKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('declares a params schema exactly where the path has parameters, naming the same ones', () => {
    for (const e of all) {
      const inPath = [...e.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]).sort();
      const shape = e.params && 'shape' in e.params ? Object.keys(e.params.shape as object).sort() : [];
      expect(shape, endpointKey(e)).toEqual(inPath);
    }
  });

  it('gives GET endpoints no body and every POST one (so a request is always checked)', () => {
    for (const e of all) {
      if (e.method === 'GET') expect(e.body, endpointKey(e)).toBeUndefined();
      else expect(e.body, endpointKey(e)).toBeDefined();
    }
  });

  it('fills path parameters, encoded, and refuses a missing one', () => {
    expect(pathOf(endpoints.recall, { ticketId: 'a/b c' })).toBe('/api/tickets/a%2Fb%20c/recall');
    expect(() => pathOf(endpoints.recall, {})).toThrow(/ticketId/);
  });
});
