/**
 * A route that reads a body states the media type it takes; a body of another type is refused with 415 naming
 * the expected one, before the body is read (so it is never mistaken for, say, a badly signed event).
 */
import type { Next, Request, RequestHandler, Response } from 'restify';
import { sendRefusal } from './refusal';

/** `application/json` also admits its structured-syntax variants such as `application/ld+json`, and any charset. */
export function mediaTypeMatches(contentType: string | undefined, expected: string): boolean {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === expected) return true;
  return expected === 'application/json' && /^application\/[a-z0-9.!#$&^_-]+\+json$/.test(type);
}

export function requireMediaType(expected: string): RequestHandler {
  return function requireBodyMediaType(req: Request, res: Response, next: Next) {
    if (mediaTypeMatches(req.headers['content-type'], expected)) return next();
    const got = (req.headers['content-type'] ?? '').split(';')[0].trim().slice(0, 80) || 'no content type';
    sendRefusal(
      res,
      415,
      'unsupportedMediaType',
      `The request body is sent as '${got}', but this route takes ${expected}. Set the Content-Type header to ${expected}.`,
    );
    req.resume();
    next(false);
  };
}
