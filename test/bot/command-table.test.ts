import { parseCommand } from '../../bot/command-table';

describe('parseCommand', () => {
  test.each<[string, string | undefined, string | undefined]>([
    ['help', 'help', undefined],
    ['  STATUS ', 'status', undefined],
    ['sync now', 'sync now', undefined],
    ['sync', 'sync now', undefined],
    ['user Adele Vance', 'user', 'Adele Vance'],
    ['user   adele@contoso.com', 'user', 'adele@contoso.com'],
    ['user', 'user', undefined],
    ['unmapped', 'unmapped', undefined],
    ['conflicts', 'conflicts', undefined],
    ['errors', 'errors', undefined],
    ['pause', 'pause', undefined],
    ['Pause Alex Wilber', 'pause', 'Alex Wilber'],
    ['resume alex@contoso.com', 'resume', 'alex@contoso.com'],
    ['alerts here', 'alerts here', undefined],
    ['Alert here', 'alerts here', undefined],
    ['alerts off', 'alerts off', undefined],
    ['make coffee', undefined, undefined],
    ['statuses', undefined, undefined],
    ['', undefined, undefined],
  ])('"%s" -> %s %s', (text, name, argument) => {
    const parsed = parseCommand(text);
    expect(parsed?.command.name).toBe(name);
    expect(parsed?.argument).toBe(argument);
  });
});
