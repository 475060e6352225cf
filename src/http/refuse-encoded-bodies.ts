/**
 * Before routing: a request whose body is content-encoded (gzip, deflate, br, ...) is refused with 415 on
 * every route. No client of ours compresses what it sends (Bot Connector, PBX webhooks, the tab), and an
 * encoded body's real size is unknown until it is inflated: a 60 KB gzip body can inflate to gigabytes, and
 * a broken one made restify's decompressor throw outside any handler.
 */
import type { Next, Request, Response } from 'restify';
import { sendRefusal } from './refusal';

export function refuseEncodedBodies(req: Request, res: Response, next: Next): void {
  const encoding = req.headers['content-encoding'];
  if (encoding === undefined) return next();
  if (encoding.trim().toLowerCase() === 'identity') {
    delete req.headers['content-encoding']; // "not encoded", said explicitly; body readers need not know the word
    return next();
  }
  sendRefusal(
    res,
    415,
    'unsupportedContentEncoding',
    `The request body is sent with Content-Encoding '${encoding.slice(0, 40)}', but PresenceBridge takes uncompressed bodies only. Send the body as it is, without a Content-Encoding header.`,
  );
  req.resume();
  next(false);
}
