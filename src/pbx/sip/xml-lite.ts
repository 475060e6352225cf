/**
 * A small XML reader for the documents this connector receives (dialog-info): elements, attributes,
 * text, comments, CDATA, processing instructions and the five predefined entities plus numeric ones.
 * Namespace prefixes are dropped from element and attribute names (`dm:person` -> `person`): the
 * documents we read use each local name in one meaning only. No DTDs, no external entities.
 */

import { CodedError } from '../../coded-error';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export class XmlParseError extends CodedError {
  readonly code = 'xmlUnreadable';
  constructor(message: string, position: number) {
    super(
      `Unreadable XML at character ${position}: ${message}`,
      'the PBX sent a document this service cannot read: check the PBX log and its dialog-info (RFC 4235) settings.',
    );
  }
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

export function parseXml(source: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  let pos = 0;
  while (pos < source.length) {
    const lt = source.indexOf('<', pos);
    const textEnd = lt < 0 ? source.length : lt;
    if (textEnd > pos) stack[stack.length - 1].text += decodeEntities(source.slice(pos, textEnd), pos);
    if (lt < 0) break;
    pos = lt;
    if (source.startsWith('<!--', pos)) pos = skipPast(source, '-->', pos);
    else if (source.startsWith('<?', pos)) pos = skipPast(source, '?>', pos);
    else if (source.startsWith('<![CDATA[', pos)) {
      const end = source.indexOf(']]>', pos);
      if (end < 0) throw new XmlParseError('unterminated CDATA section', pos);
      stack[stack.length - 1].text += source.slice(pos + 9, end);
      pos = end + 3;
    } else if (source.startsWith('<!', pos)) {
      throw new XmlParseError('DOCTYPE and other declarations are not accepted', pos);
    } else if (source.startsWith('</', pos)) {
      const end = source.indexOf('>', pos);
      if (end < 0) throw new XmlParseError('unterminated end tag', pos);
      const name = localName(source.slice(pos + 2, end).trim());
      const open = stack.pop();
      if (!open || open === root || open.name !== name) {
        throw new XmlParseError(`end tag </${name}> does not match <${open?.name ?? ''}>`, pos);
      }
      pos = end + 1;
    } else {
      pos = readStartTag(source, pos, stack);
    }
  }
  if (stack.length > 1) throw new XmlParseError(`element <${stack[stack.length - 1].name}> is not closed`, source.length);
  const top = root.children[0];
  if (!top || root.children.length > 1) throw new XmlParseError('expected exactly one root element', 0);
  return top;
}

function readStartTag(source: string, start: number, stack: XmlElement[]): number {
  const tag = /^<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(source.slice(start));
  if (!tag) throw new XmlParseError('malformed start tag', start);
  const element: XmlElement = { name: localName(tag[1]), attributes: {}, children: [], text: '' };
  for (const attr of tag[2].matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    if (attr[1] === 'xmlns' || attr[1].startsWith('xmlns:')) continue;
    element.attributes[localName(attr[1])] = decodeEntities(attr[2] ?? attr[3] ?? '', start);
  }
  stack[stack.length - 1].children.push(element);
  if (!tag[3]) stack.push(element);
  return start + tag[0].length;
}

function skipPast(source: string, terminator: string, pos: number): number {
  const end = source.indexOf(terminator, pos);
  if (end < 0) throw new XmlParseError(`missing "${terminator}"`, pos);
  return end + terminator.length;
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string, position: number): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (_, entity: string) => {
    if (entity.startsWith('#')) {
      const codePoint = entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      if (codePoint > 0x10ffff) throw new XmlParseError(`character reference &${entity}; is beyond Unicode`, position);
      return String.fromCodePoint(codePoint);
    }
    const named = NAMED_ENTITIES[entity];
    if (named === undefined) throw new XmlParseError(`unknown entity &${entity};`, position);
    return named;
  });
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[ch]};`);
}

export const childElements = (element: XmlElement, name: string) => element.children.filter((c) => c.name === name);
export const childElement = (element: XmlElement, name: string) => element.children.find((c) => c.name === name);
