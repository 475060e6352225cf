/**
 * Applies the outbound address policy where connections are made, after DNS: the address a name resolves
 * to is judged in the very lookup that hands it to the socket, so a name that resolved to a public address
 * when Setup saved it and to 127.0.0.1 now (DNS rebinding) is refused at connect time. Node skips the lookup
 * for an address written as such, so `checkHost` judges those before any connect.
 */
import { CodedError } from '../coded-error';
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, buildConnector, fetch as undiciFetch, WebSocket as UndiciWebSocket, type Dispatcher } from 'undici';
import { parseIp, type AddressClass, type OutboundAddressPolicy } from './outbound-address-policy';

/** A connection the outbound address policy refused (a tenant admin's URL pointing inside the network). */
export class OutboundAddressRefusedError extends CodedError {
  readonly code = 'outboundAddressRefused';
  constructor(
    message: string,
    readonly addressClass: AddressClass,
  ) {
    super(
      message,
      'use an address on the public internet, or ask the operator to allow this kind of address in the outbound address policy.',
    );
  }
}

/** The refusal somewhere in `error`'s cause chain (fetch wraps it in "fetch failed"). */
export function outboundRefusalIn(error: unknown): OutboundAddressRefusedError | undefined {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof OutboundAddressRefusedError) return e;
  }
  return undefined;
}

/** dns.lookup's shape, always asked for every address: what the guard needs from a resolver (tests fake it). */
export type ResolveAll = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

export interface OutboundGuard {
  readonly policy: OutboundAddressPolicy;
  /** Throws OutboundAddressRefusedError for a host written as a refused address; names pass (lookup judges them). */
  checkHost(host: string): void;
  /** For net.connect, tls.connect, http.request and dgram: resolves, then keeps only allowed addresses. */
  readonly lookup: LookupFunction;
  /** All addresses of `host`, each judged (Setup's check before saving). */
  resolveAndCheck(host: string): Promise<void>;
  /** An undici dispatcher whose every connection goes through `checkHost` and `lookup` (fetch, WebSocket). */
  dispatcher(): Dispatcher;
  /** Closes the dispatcher's connections (at shutdown). */
  close(): Promise<void>;
}

export function createOutboundGuard(
  policy: OutboundAddressPolicy,
  resolve: ResolveAll = dnsLookup as unknown as ResolveAll,
): OutboundGuard {
  const refuse = (address: string, host: string): OutboundAddressRefusedError | undefined => {
    const v = policy.verdict(address, host);
    return v.allowed ? undefined : new OutboundAddressRefusedError(v.message, v.addressClass);
  };

  const checkHost = (host: string): void => {
    const bare = host.replace(/^\[(.*)\]$/, '$1');
    if (parseIp(bare)) {
      const refusal = refuse(bare, bare);
      if (refusal) throw refusal;
    }
  };

  const lookup = ((
    hostname: string,
    options: LookupOptions | number | ((...args: unknown[]) => void),
    callback?: (...args: unknown[]) => void,
  ) => {
    const cb = (typeof options === 'function' ? options : callback) as (error: Error | null, address?: unknown, family?: number) => void;
    const opts: LookupOptions = typeof options === 'number' ? { family: options } : typeof options === 'object' ? options : {};
    // An address written as such needs no resolver (dns.lookup would hand it back unchanged).
    const literal = parseIp(hostname) ? hostname.replace(/^\[(.*)\]$/, '$1') : undefined;
    const resolveAll: ResolveAll = literal
      ? (_h, _o, cb) => cb(null, [{ address: literal, family: literal.includes(':') ? 6 : 4 }])
      : resolve;
    resolveAll(hostname, { ...opts, all: true }, (error, addresses) => {
      if (error) return cb(error);
      let firstRefusal: OutboundAddressRefusedError | undefined;
      const allowed = addresses.filter((a) => {
        const refusal = refuse(a.address, hostname);
        firstRefusal ??= refusal;
        return refusal === undefined;
      });
      if (allowed.length === 0) return cb(firstRefusal ?? Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }));
      if (opts.all) return cb(null, allowed);
      cb(null, allowed[0].address, allowed[0].family);
    });
  }) as LookupFunction;

  const resolveAndCheck = (host: string): Promise<void> => {
    const bare = host.replace(/^\[(.*)\]$/, '$1');
    if (parseIp(bare)) {
      checkHost(bare);
      return Promise.resolve();
    }
    return new Promise((ok, fail) => {
      resolve(bare, { all: true }, (error, addresses) => {
        // A name that does not resolve from here may resolve where the service runs later: the connect-time
        // lookup judges it then.
        if (error) return ok();
        for (const a of addresses) {
          const refusal = refuse(a.address, bare);
          if (refusal) return fail(refusal);
        }
        ok();
      });
    });
  };

  let agent: Agent | undefined;
  const dispatcher = (): Dispatcher => {
    if (agent) return agent;
    const connect = buildConnector({ lookup } as buildConnector.BuildOptions);
    agent = new Agent({
      connect: (options, callback) => {
        try {
          checkHost(options.hostname);
        } catch (error) {
          callback(error as Error, null);
          return;
        }
        connect(options, callback);
      },
    });
    return agent;
  };

  const close = async (): Promise<void> => {
    const open = agent;
    agent = undefined;
    await open?.close();
  };

  return Object.freeze({ policy, checkHost, lookup, resolveAndCheck, dispatcher, close });
}

/** fetch whose connections go through the guard (the webhook connector, ARI's REST calls). */
export function guardedFetch(guard: OutboundGuard): (url: string, init: RequestInit) => Promise<Response> {
  return (url, init) => undiciFetch(url, { ...(init as object), dispatcher: guard.dispatcher() }) as unknown as Promise<Response>;
}

/** A WebSocket whose connection goes through the guard (ARI's events). */
export function guardedWebSocket(guard: OutboundGuard, url: string): WebSocket {
  return new UndiciWebSocket(url, { dispatcher: guard.dispatcher() }) as unknown as WebSocket;
}
