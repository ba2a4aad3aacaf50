import type { z } from 'zod';
import { formatPath } from '../config/load-config';
import { HubError } from '../errors';

/** Validates part of a request against its contract schema; the error names the field. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown, where: 'body' | 'query' | 'params'): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue ? formatPath(issue.path) : '';
  throw new HubError('VALIDATION_FAILED', issue ? `${field || where}: ${issue.message}` : `The request ${where} is not valid.`, {
    ...(field ? { field } : {}),
  });
}
