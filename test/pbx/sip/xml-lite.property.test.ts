/** Properties of the small XML reader and of the documents read and written with it (dialog-info, PIDF). */
import fc from 'fast-check';
import { escapeXml, parseXml, XmlParseError, type XmlElement } from '../../../src/pbx/sip/xml-lite';
import { DIALOG_STATES, DialogInfoError, parseDialogInfo } from '../../../src/pbx/sip/dialog-info';
import { buildPidf } from '../../../src/pbx/sip/pidf';
import { ROUTING_STATES } from '../../../src/sync/states';

const RUNS = { numRuns: 300 };
const text = fc.string({ unit: 'grapheme', maxLength: 30 });
const xmlName = fc.stringMatching(/^[A-Za-z_][\w.-]{0,8}$/);
const xmlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '<',
        '>',
        '</',
        '/>',
        '<a>',
        '</a>',
        '<b x="1">',
        '&amp;',
        '&#',
        '&#x110000;',
        '&#99999999;',
        '&bogus;',
        ';',
        '<!--',
        '-->',
        '<?',
        '?>',
        '<![CDATA[',
        ']]>',
        '<!DOCTYPE',
        '"',
        "'",
        '=',
      ),
      text,
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

function readsOrRefuses<E extends Error>(read: () => unknown, own: new (...args: never[]) => E): void {
  try {
    read();
  } catch (error) {
    if (!(error instanceof own)) throw error;
  }
}

interface Tree {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: Tree[];
}
const node: fc.Memo<Tree> = fc.memo((depth) =>
  fc.record({
    name: xmlName,
    attributes: fc.dictionary(
      xmlName.filter((n) => n !== 'xmlns'),
      text,
      { maxKeys: 3 },
    ),
    text,
    children: depth <= 1 ? fc.constant([]) : fc.array(node(depth - 1), { maxLength: 3 }),
  }),
);
const tree = node(3);

/** Text first, then the children: the reader gathers all text of an element into one string. */
const write = (t: Tree): string =>
  `<${t.name}${Object.entries(t.attributes)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('')}>${escapeXml(t.text)}${t.children.map(write).join('')}</${t.name}>`;
const asRead = (t: Tree): XmlElement => ({ name: t.name, attributes: t.attributes, text: t.text, children: t.children.map(asRead) });

describe('parseXml (properties)', () => {
  test('reads back any element tree written with escaped text and attributes', () => {
    fc.assert(
      fc.property(tree, (t) => {
        expect(parseXml(`<?xml version="1.0"?>\n${write(t)}`)).toEqual({ ...asRead(t), text: t.text });
      }),
      RUNS,
    );
  });

  test('arbitrary text is read or refused with an XmlParseError, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(xmlish, fc.string({ unit: 'binary', maxLength: 80 })), (source) =>
        readsOrRefuses(() => parseXml(source), XmlParseError),
      ),
      RUNS,
    );
  });
});

describe('parseDialogInfo (properties)', () => {
  const dialog = fc.record({
    id: fc.stringMatching(/^[\w-]{1,12}$/),
    state: fc.constantFrom(...DIALOG_STATES),
    direction: fc.constantFrom('initiator' as const, 'recipient' as const, undefined),
    held: fc.boolean(),
  });
  const document = fc.record({
    entity: fc.stringMatching(/^sip:[\w.@-]{1,20}$/),
    version: fc.nat(),
    kind: fc.constantFrom('full' as const, 'partial' as const),
    dialogs: fc.array(dialog, { maxLength: 4 }),
  });
  const heldTarget = (held: boolean, asParam: boolean) =>
    held
      ? asParam
        ? '<target uri="sip:1@pbx"><param pname="+sip.rendering" pval="no"/></target>'
        : '<target uri="sip:1@pbx;+sip.rendering=no"/>'
      : '<target uri="sip:1@pbx"/>';

  test('reads back every dialog of a document, whichever way hold is marked', () => {
    fc.assert(
      fc.property(document, fc.boolean(), (doc, asParam) => {
        const xml =
          `<?xml version="1.0"?>\n<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="${doc.version}" state="${doc.kind}" entity="${doc.entity}">` +
          doc.dialogs
            .map(
              (d) =>
                `<dialog id="${d.id}"${d.direction ? ` direction="${d.direction}"` : ''}><state>${d.state}</state><local>${heldTarget(d.held, asParam)}</local></dialog>`,
            )
            .join('') +
          '</dialog-info>';
        expect(parseDialogInfo(xml)).toEqual(doc);
      }),
      RUNS,
    );
  });

  test('arbitrary text is read or refused with a DialogInfoError, nothing else', () => {
    const pieces = fc.array(
      fc.constantFrom(
        '<dialog-info version="1" state="full">',
        '</dialog-info>',
        '<dialog id="a">',
        '</dialog>',
        '<state>',
        '</state>',
        'confirmed',
        'bogus',
        '&#99999999;',
        'version="-1"',
        '<',
      ),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          xmlish,
          pieces.map((p) => p.join('')),
        ),
        (source) => readsOrRefuses(() => parseDialogInfo(source), DialogInfoError),
      ),
      RUNS,
    );
  });
});

describe('buildPidf (properties)', () => {
  test('writes a document that reads back with the entity it was given, whatever characters it holds', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...ROUTING_STATES), (entity, state) => {
        const presence = parseXml(buildPidf(entity, state));
        expect(presence.name).toBe('presence');
        expect(presence.attributes.entity).toBe(entity);
      }),
      RUNS,
    );
  });
});
