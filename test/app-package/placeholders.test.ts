import { parseEnvFile } from '../../scripts/app-package/env-file';
import { fillPlaceholders, MissingVariablesError, placeholdersIn } from '../../scripts/app-package/placeholders';

test.each<[string, Record<string, string>, string]>([
  ['"${{A}}"', { A: 'x' }, '"x"'],
  ['"${{ A }}-${{B}}"', { A: 'x', B: 'y' }, '"x-y"'],
  ['"Name${{SUFFIX}}"', { SUFFIX: '' }, '"Name"'],
  ['"${{A}}"', { A: 'say "hi"' }, '"say \\"hi\\""'],
  ['"no placeholders"', {}, '"no placeholders"'],
])('fills %s', (text, values, expected) => {
  expect(fillPlaceholders(text, values, 'test')).toBe(expected);
});

test('names every missing variable once', () => {
  expect(() => fillPlaceholders('${{A}} ${{B}} ${{A}}', {}, 'manifest.json')).toThrow(
    new MissingVariablesError(['A', 'B'], 'manifest.json'),
  );
  expect(placeholdersIn('${{A}} ${{B}} ${{A}}')).toEqual(['A', 'B']);
});

test.each<[string, Record<string, string>]>([
  ['A=1', { A: '1' }],
  ['# comment\nA=1\n\nB = two words ', { A: '1', B: 'two words' }],
  ['A="quoted # not a comment"', { A: 'quoted # not a comment' }],
  ["A='single'", { A: 'single' }],
  ['A=value # trailing comment', { A: 'value' }],
  ['A=', { A: '' }],
  ['not a line\nA=1', { A: '1' }],
  ['A=1\r\nB=2\r\n', { A: '1', B: '2' }],
])('parses env file %j', (text, expected) => {
  expect(parseEnvFile(text)).toEqual(expected);
});
