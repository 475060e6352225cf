/**
 * Optional second way to tell the PBX the routing state: a flag in a Kamailio htable, set over
 * JSON-RPC (`htable.sets <table> <extension>::state <state>`), for PBX routing logic that checks a
 * flag rather than presence. Parameters are strings (pbx.md gotcha 3).
 */
import { CodedError } from '../../coded-error';
import { z } from 'zod';
import type { RoutingState } from '../../sync/states';

export interface HtableFlagSettings {
  /** e.g. http://127.0.0.1:5071/RPC */
  rpcUrl: string;
  table: string;
  timeoutMs: number;
}

export class JsonRpcError extends CodedError {
  readonly code = 'jsonRpcFailed';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, "check the PBX's JSON-RPC URL in the SIP settings, that it listens, and that its htable exists.", options);
  }
}

const JsonRpcAnswer = z.object({
  result: z.unknown().optional(),
  error: z.object({ code: z.number().optional(), message: z.string().optional() }).optional(),
});

export class HtableRoutingFlag {
  private nextId = 1;

  constructor(
    private readonly settings: HtableFlagSettings,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async set(extension: string, state: RoutingState): Promise<void> {
    await this.call('htable.sets', [this.settings.table, `${extension}::state`, state]);
  }

  async call(method: string, params: string[]): Promise<unknown> {
    const where = `${method} at ${this.settings.rpcUrl}`;
    let response: Response;
    try {
      response = await this.fetchFn(this.settings.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', method, params, id: this.nextId++ }),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (error) {
      throw new JsonRpcError(`JSON-RPC ${where} failed: ${(error as Error).message}. Check the PBX's JSON-RPC URL and that it listens.`, {
        cause: error,
      });
    }
    const text = await response.text();
    if (!response.ok) throw new JsonRpcError(`JSON-RPC ${where} answered HTTP ${response.status}: ${text.slice(0, 200)}`);
    let parsed;
    try {
      parsed = JsonRpcAnswer.parse(JSON.parse(text));
    } catch (error) {
      throw new JsonRpcError(`JSON-RPC ${where} answered something that is not JSON-RPC: ${text.slice(0, 200)}`, { cause: error });
    }
    if (parsed.error) {
      throw new JsonRpcError(
        `JSON-RPC ${where} refused: ${parsed.error.message ?? 'no message'} (code ${parsed.error.code ?? '?'}). Check that the htable "${this.settings.table}" exists.`,
      );
    }
    return parsed.result;
  }
}
