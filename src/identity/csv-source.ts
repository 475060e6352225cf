/**
 * The bytes of an admin's CSV file, whatever they come from (the whole text, or chunks as they arrive), in
 * pieces small enough that parsing one yields a few hundred records at most, and never more than
 * MAX_CSV_BYTES of them. The first line is read ahead: it decides the delimiter.
 */
import type { CsvProblems } from './csv-problems';

/** The file's text, or its bytes as they arrive (a request body, a file stream). */
export type CsvSource = string | AsyncIterable<string | Uint8Array>;

/** Generous for a directory of 100,000 users, small enough that a wrong file is refused before parsing. */
export const MAX_CSV_BYTES = 32 * 1024 * 1024;

const CHUNK_CHARS = 64 * 1024;

/** The file's first line and all its bytes (the first line included); undefined for an empty or refused file. */
export async function openCsvBytes(
  source: CsvSource,
  problems: CsvProblems,
): Promise<{ firstLine: string; bytes: AsyncGenerator<Buffer> } | undefined> {
  if (typeof source === 'string' && Buffer.byteLength(source) > MAX_CSV_BYTES) return refuseLargeFile(problems);
  const bytes = sizeLimited(chunksOf(source), problems);
  const head: Buffer[] = [];
  for (;;) {
    const next = await bytes.next();
    if (next.done) break;
    head.push(next.value);
    if (next.value.includes(0x0a) || next.value.includes(0x0d)) break;
  }
  if (head.length === 0) return undefined;
  const text = Buffer.concat(head).toString('utf8');
  return { firstLine: text.slice(0, text.search(/\r|\n|$/)), bytes: replay(head, bytes) };
}

async function* replay(head: Buffer[], rest: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* head;
    yield* rest;
  } finally {
    await rest.return(undefined); // a reader that stops early stops the source too
  }
}

async function* chunksOf(source: CsvSource): AsyncGenerator<Buffer> {
  if (typeof source === 'string') {
    for (let at = 0; at < source.length;) {
      let end = Math.min(at + CHUNK_CHARS, source.length);
      const last = source.charCodeAt(end - 1);
      if (end < source.length && last >= 0xd800 && last <= 0xdbff) end--; // keep a surrogate pair together
      yield Buffer.from(source.slice(at, end), 'utf8');
      at = end;
    }
    return;
  }
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let at = 0; at < bytes.length; at += CHUNK_CHARS) yield bytes.subarray(at, at + CHUNK_CHARS);
  }
}

async function* sizeLimited(chunks: AsyncGenerator<Buffer>, problems: CsvProblems): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > MAX_CSV_BYTES) return refuseLargeFile(problems);
    yield chunk;
  }
}

function refuseLargeFile(problems: CsvProblems): undefined {
  problems.refuseFile(`the file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB; split it or remove unused columns.`);
  return undefined;
}
