import { validExtensions, validRoutingRequest } from '../../../src/pbx/asterisk/extension-list';
import { ConnectorError } from '../../../src/pbx/connector';

describe('validExtensions', () => {
  test('returns valid extensions as they are', () => {
    expect(validExtensions(['1001', 'sales.2', 'a_b+c-d'])).toEqual(['1001', 'sales.2', 'a_b+c-d']);
  });

  test('names every invalid extension in one error that is not retryable', () => {
    const failure = (() => {
      try {
        return validExtensions(['1001', '10 01', 'x\r\nAction: Logoff']);
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(ConnectorError);
    expect((failure as ConnectorError).retryable).toBe(false);
    expect((failure as Error).message).toContain('"10 01"');
    expect((failure as Error).message).toContain('"x\\r\\nAction: Logoff"');
  });
});

describe('validRoutingRequest', () => {
  test('returns the extension of a valid request', () => {
    expect(validRoutingRequest('1001', 'dnd')).toBe('1001');
  });

  test.each([
    ['an invalid extension', '1001)=x', 'busy', /Invalid extension/],
    [
      'an unknown routing state',
      '1001',
      'sleeping',
      /Unknown routing state "sleeping"; use one of available, busy, dnd, away, unavailable/,
    ],
  ])('refuses %s, not retryable', (_what, extension, state, message) => {
    expect(() => validRoutingRequest(extension, state as never)).toThrow(message);
  });
});
