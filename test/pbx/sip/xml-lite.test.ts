import { escapeXml, parseXml, XmlParseError } from '../../../src/pbx/sip/xml-lite';

describe('parseXml', () => {
  test('reads elements, attributes in either quote, text, CDATA and comments; drops prefixes', () => {
    const root = parseXml(`<?xml version="1.0"?>
      <!-- a comment -->
      <a:root xmlns:a="urn:x" one='1' a:two="2">
        <child>t &amp; &lt;u&gt; &#65;&#x42;</child>
        <empty/>
        <data><![CDATA[<not-an-element>]]></data>
      </a:root>`);
    expect(root.name).toBe('root');
    expect(root.attributes).toEqual({ one: '1', two: '2' });
    expect(root.children.map((c) => c.name)).toEqual(['child', 'empty', 'data']);
    expect(root.children[0].text).toBe('t & <u> AB');
    expect(root.children[2].text).toBe('<not-an-element>');
  });

  test.each([
    ['mismatched end tag', '<a><b></a></b>'],
    ['two root elements', '<a/><b/>'],
    ['unknown entity', '<a>&nbsp;</a>'],
    ['unterminated comment', '<a><!-- </a>'],
    ['no root element', '   '],
    // Found by xml-lite.property.test.ts: a character reference beyond Unicode threw a RangeError.
    ['a decimal character reference beyond Unicode', '<a>&#99999999;</a>'],
    ['a hex character reference beyond Unicode', '<a b="&#x110000;"/>'],
  ])('rejects %s', (_, xml) => {
    expect(() => parseXml(xml)).toThrow(XmlParseError);
  });

  test('escapeXml output reads back to the same text', () => {
    const text = `<"it's" & more>`;
    expect(parseXml(`<a b="${escapeXml(text)}">${escapeXml(text)}</a>`)).toMatchObject({ attributes: { b: text }, text });
  });
});
