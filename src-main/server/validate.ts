import { z } from 'zod';
import { formatPath } from '../config/load-config';
import { HubError } from '../errors';

/**
 * A union of object shapes is checked against the branch whose fields the request names (a body
 * with `pin` against the PIN sign-in), so the error speaks of that branch's field.
 */
function branchFor(schema: z.ZodType, value: unknown): z.ZodType {
  if (!(schema instanceof z.ZodUnion) || typeof value !== 'object' || value === null) return schema;
  const keys = new Set(Object.keys(value));
  let best: z.ZodType = schema;
  let bestScore = -1;
  for (const option of schema.options as readonly z.ZodType[]) {
    if (!(option instanceof z.ZodObject)) return schema;
    const score = Object.keys(option.shape).filter((k) => keys.has(k)).length;
    if (score > bestScore) {
      best = option;
      bestScore = score;
    }
  }
  return best;
}

/** Validates part of a request against its contract schema; the error names the field. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown, where: 'body' | 'query' | 'params'): z.output<T> {
  const input = value ?? {};
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const reported = branchFor(schema, input).safeParse(input);
  const issue = (reported.success ? result.error : reported.error).issues[0];
  const field = issue ? formatPath(issue.path) : '';
  throw new HubError('VALIDATION_FAILED', issue ? `${field || where}: ${issue.message}` : `The request ${where} is not valid.`, {
    ...(field ? { field } : {}),
  });
}
