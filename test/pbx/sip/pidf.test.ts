import { buildPidf } from '../../../src/pbx/sip/pidf';
import { childElement, childElements, parseXml } from '../../../src/pbx/sip/xml-lite';
import type { RoutingState } from '../../../src/sync/states';

/** Reads the document back the way a presence server does: basic status, activities, note. */
function read(xml: string) {
  const root = parseXml(xml);
  const tuple = childElement(root, 'tuple')!;
  const person = childElement(root, 'person')!;
  const activities = childElement(person, 'activities');
  return {
    root: root.name,
    entity: root.attributes.entity,
    basic: childElement(childElement(tuple, 'status')!, 'basic')!.text,
    activities: activities ? activities.children.map((a) => a.name) : [],
    note: childElements(person, 'note')[0]?.text,
  };
}

describe('buildPidf', () => {
  test.each<[RoutingState, string, string[], RegExp | undefined]>([
    ['available', 'open', [], undefined],
    ['busy', 'open', ['on-the-phone', 'busy'], /busy/i],
    ['dnd', 'open', ['busy'], /do not disturb/i],
    ['away', 'open', ['away'], /away/i],
    ['unavailable', 'closed', [], /unavailable/i],
  ])('%s -> basic %s, activities %j', (state, basic, activities, note) => {
    const read_ = read(buildPidf('sip:1002@pbx.example.com', state));
    expect(read_).toMatchObject({ root: 'presence', entity: 'sip:1002@pbx.example.com', basic, activities });
    if (note) expect(read_.note).toMatch(note);
    else expect(read_.note).toBeUndefined();
  });

  test('declares the PIDF, data-model and RPID namespaces', () => {
    const xml = buildPidf('sip:1002@pbx', 'dnd');
    expect(xml).toContain('xmlns="urn:ietf:params:xml:ns:pidf"');
    expect(xml).toContain('xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"');
    expect(xml).toContain('xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid"');
    expect(xml).toContain('<rpid:activities><rpid:busy/></rpid:activities>');
  });

  test('escapes the entity so a strange extension cannot break the document', () => {
    expect(read(buildPidf('sip:a"<b>&c@pbx', 'away')).entity).toBe('sip:a"<b>&c@pbx');
  });
});
