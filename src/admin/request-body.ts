/**
 * Reads a request body after the caller is authenticated, with a hard size limit enforced while reading
 * (restify's bodyReader buffers the whole body before it checks the limit, so a huge body would sit in
 * memory first). Compressed bodies are refused: their real size is unknown until inflated.
 */
import type { IncomingMessage } from 'node:http';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from './request-errors';

export const MAX_JSON_BYTES = 1024 * 1024;
/** Same limit as the CSV reader's (identity/csv-table MAX_CSV_BYTES): a directory of 100,000 users fits. */
export const MAX_CSV_BYTES = 32 * 1024 * 1024;

export function mediaTypeOf(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const encoding = req.headers['content-encoding'];
  if (encoding && encoding !== 'identity') throw new UnsupportedMediaTypeError(`${encoding}-encoded`, 'an uncompressed body');
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > maxBytes) {
    req.resume();
    throw new PayloadTooLargeError(maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Keep draining so the answer reaches the client, but hold no more of the body in memory.
    if (size <= maxBytes) chunks.push(chunk);
  }
  if (size > maxBytes) throw new PayloadTooLargeError(maxBytes);
  return Buffer.concat(chunks);
}
