/** Request input (JSON body, query, path parameters) checked with zod; problems become an AdminInputError. */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { AdminInputError, type InputProblem } from '../service/admin/admin-service';
import { MAX_CSV_BYTES, MAX_JSON_BYTES, mediaTypeOf, readBody } from './request-body';
import { UnsupportedMediaTypeError } from './request-errors';

export function problemsOf(error: z.ZodError, prefix: string): InputProblem[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AdminInputError(problemsOf(parsed.error, prefix));
  return parsed.data;
}

/** The JSON body, or undefined when there is none. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const raw = await readBody(req, MAX_JSON_BYTES);
  if (raw.length === 0) return undefined;
  const type = mediaTypeOf(req);
  if (type !== 'application/json') throw new UnsupportedMediaTypeError(type || 'no content type', 'application/json');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (err) {
    throw new AdminInputError([{ path: 'body', message: `is not valid JSON (${(err as Error).message}); send a JSON object` }]);
  }
}

export async function readCsv(req: IncomingMessage): Promise<string> {
  const type = mediaTypeOf(req);
  if (type !== 'text/csv' && type !== 'text/plain') throw new UnsupportedMediaTypeError(type || 'no content type', 'text/csv');
  const text = (await readBody(req, MAX_CSV_BYTES)).toString('utf8');
  if (text.trim() === '')
    throw new AdminInputError([{ path: 'body', message: 'is empty; send the CSV file, starting with its header row' }]);
  return text;
}

/** The query string as a plain object (the last value wins for repeated names). */
export function queryOf(req: IncomingMessage): Record<string, string> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  return Object.fromEntries(url.searchParams.entries());
}
