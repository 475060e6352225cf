/**
 * One ARI events WebSocket on Node's built-in WebSocket client. It opens, hands over messages, and says
 * once when it closed; reconnecting is the connector's business.
 */
import { AsteriskUnreachableError } from './errors';

export interface AriEventStreamHandlers {
  onMessage(text: string): void;
  /** Called once, when an open stream closes (not when opening fails: `open` rejects then). */
  onClose(reason: string): void;
}

export class AriEventStream {
  private constructor(private readonly socket: WebSocket) {}

  /** Resolves when the socket is open; rejects (unreachable) when it cannot open within `timeoutMs`. */
  static open(
    url: string,
    redactedUrl: string,
    timeoutMs: number,
    handlers: AriEventStreamHandlers,
    createSocket: (url: string) => WebSocket = (u) => new WebSocket(u),
  ): Promise<AriEventStream> {
    return new Promise((resolve, reject) => {
      const socket = createSocket(url);
      let opened = false;
      const timer = setTimeout(() => {
        socket.close();
        fail(`no answer within ${timeoutMs} ms`);
      }, timeoutMs);
      timer.unref?.();
      const fail = (why: string): void => {
        clearTimeout(timer);
        reject(
          new AsteriskUnreachableError(
            `The ARI events WebSocket ${redactedUrl} did not open (${why}). Check that res_ari is loaded and ` +
              'http.conf allows this address.',
          ),
        );
      };
      socket.addEventListener('open', () => {
        opened = true;
        clearTimeout(timer);
        resolve(new AriEventStream(socket));
      });
      socket.addEventListener('message', (event) => {
        if (typeof event.data === 'string') handlers.onMessage(event.data);
      });
      socket.addEventListener('error', () => {
        if (!opened) fail('connection refused or upgrade rejected');
      });
      socket.addEventListener('close', (event) => {
        if (opened) handlers.onClose(`closed (code ${event.code}${event.reason ? `, ${event.reason}` : ''})`);
        else fail(`closed before opening (code ${event.code})`);
      });
    });
  }

  close(): void {
    this.socket.close();
  }
}
