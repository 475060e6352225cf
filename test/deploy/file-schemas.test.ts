/**
 * teamsapp.yml and compose.yaml checked offline against their tools' own JSON schemas (test/deploy/schemas,
 * copied from the toolkit and from dclint): a misspelt key or a wrong type fails here, not at deploy time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { ROOT } from './deployment-files';

function validatorFor(schemaFile: string) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // Both are draft-07, Ajv's default; compose's spells the meta-schema's address without the '#' Ajv knows it by.
  const { $schema: _draft, ...schema } = JSON.parse(readFileSync(join(__dirname, 'schemas', schemaFile), 'utf8')) as Record<
    string,
    unknown
  >;
  return ajv.compile(schema);
}
const problemsOf = (validate: ReturnType<typeof validatorFor>, doc: unknown) =>
  validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);

describe.each([
  ['teamsapp.yml', 'teamsapp-v1.11.schema.json', { merge: false }],
  ['compose.yaml', 'compose.schema.json', { merge: true }],
])('%s', (file, schema, options) => {
  const validate = validatorFor(schema);
  const doc = parse(readFileSync(join(ROOT, file), 'utf8'), options) as Record<string, unknown>;

  test('is valid against the schema its tool ships', () => {
    expect(problemsOf(validate, doc)).toEqual([]);
  });

  test('the check catches a misspelt key (it can fail)', () => {
    expect(problemsOf(validate, { ...doc, provison: [], servicez: {} }).join('\n')).toMatch(/additional properties|additionalProperties/);
  });
});
