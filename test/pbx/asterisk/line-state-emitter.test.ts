import { LineStateEmitter } from '../../../src/pbx/asterisk/line-state-emitter';
import type { LineStateReport } from '../../../src/pbx/connector';

function emitterWithLog() {
  const warnings: { obj: object; msg: string }[] = [];
  const logger = { info: () => undefined, warn: (obj: object, msg: string) => void warnings.push({ obj, msg }) };
  return { emitter: new LineStateEmitter('contoso', logger), warnings };
}

describe('LineStateEmitter', () => {
  test('hands reports to the handler with a strictly increasing time per extension', () => {
    const { emitter } = emitterWithLog();
    const reports: LineStateReport[] = [];
    emitter.connect((r) => reports.push(r));
    emitter.emit('1001', 'ringing', 1_000);
    emitter.emit('1001', 'onCall', 1_000);
    emitter.emit('1002', 'idle', 1_000);
    expect(reports).toEqual([
      { extension: '1001', state: 'ringing', at: 1_000 },
      { extension: '1001', state: 'onCall', at: 1_001 },
      { extension: '1002', state: 'idle', at: 1_000 },
    ]);
  });

  test('a failing handler is logged with the tenant and later reports still arrive', () => {
    const { emitter, warnings } = emitterWithLog();
    const seen: string[] = [];
    emitter.connect((r) => {
      seen.push(r.state);
      if (r.state === 'ringing') throw new Error('engine busy');
    });
    emitter.emit('1001', 'ringing', 1);
    emitter.emit('1001', 'idle', 2);
    expect(seen).toEqual(['ringing', 'idle']);
    expect(warnings).toEqual([
      { obj: { tenantId: 'contoso', err: expect.stringContaining('engine busy') }, msg: 'line state handler failed' },
    ]);
  });

  test('before a handler is connected reports go nowhere, without an error', () => {
    const { emitter, warnings } = emitterWithLog();
    expect(() => emitter.emit('1001', 'idle', 1)).not.toThrow();
    expect(warnings).toEqual([]);
  });
});
