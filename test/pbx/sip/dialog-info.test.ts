import { DialogInfoError, parseDialogInfo } from '../../../src/pbx/sip/dialog-info';

/** As Kamailio 5.6 pua_dialoginfo + presence_dialoginfo sent it in the lab (trimmed ids). */
const KAMAILIO_EARLY = `<?xml version="1.0"?>
<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="2" state="full" entity="sip:1002@127.0.0.1">
  <dialog id="padi-6b026e44-37f8-2" call-id="1-22188@127.0.0.1" local-tag="22181SIPpTag011" remote-tag="22188SIPpTag001" direction="recipient">
    <state>early</state>
    <remote>
      <identity>sip:1001@127.0.0.1</identity>
      <target uri="sip:1001@127.0.0.1:16001"/>
    </remote>
    <local>
      <identity>sip:1002@127.0.0.1</identity>
      <target uri="sip:127.0.0.1:16002;transport=UDP"/>
    </local>
  </dialog>
</dialog-info>
`;

const dialog = (id: string, state: string, extra = '') =>
  `<dialog id="${id}" direction="initiator"><state>${state}</state>${extra}</dialog>`;
const doc = (body: string, attrs = 'version="5" state="full"') =>
  `<?xml version="1.0" encoding="UTF-8"?><dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" ${attrs} entity="sip:1001@pbx">${body}</dialog-info>`;

describe('parseDialogInfo', () => {
  test("reads Kamailio's document: version, full state, one early incoming dialog", () => {
    expect(parseDialogInfo(KAMAILIO_EARLY)).toEqual({
      entity: 'sip:1002@127.0.0.1',
      version: 2,
      kind: 'full',
      dialogs: [{ id: 'padi-6b026e44-37f8-2', state: 'early', direction: 'recipient', held: false }],
    });
  });

  test('reads several dialogs, finished ones included, in a partial document', () => {
    const parsed = parseDialogInfo(
      doc(dialog('a', 'terminated') + dialog('b', 'confirmed') + dialog('c', ' Proceeding '), 'version="7" state="partial"'),
    );
    expect(parsed.kind).toBe('partial');
    expect(parsed.dialogs.map((d) => [d.id, d.state])).toEqual([
      ['a', 'terminated'],
      ['b', 'confirmed'],
      ['c', 'proceeding'],
    ]);
  });

  test.each([
    [
      'a local target param +sip.rendering=no',
      '<local><target uri="sip:1001@10.0.0.5"><param pname="+sip.rendering" pval="no"/></target></local>',
      true,
    ],
    [
      'a remote target param +sip.rendering=no',
      '<remote><target uri="sip:x@y"><param pname="+sip.rendering" pval="no"/></target></remote>',
      true,
    ],
    ['the rendering param in the target URI', '<local><target uri="sip:1001@10.0.0.5;+sip.rendering=no"/></local>', true],
    [
      'a prefixed namespace (Asterisk style)',
      '<da:local xmlns:da="urn:ietf:params:xml:ns:dialog-info"><da:target uri="sip:a@b"><da:param pname="+sip.rendering" pval="no"/></da:target></da:local>',
      true,
    ],
    ['+sip.rendering=yes', '<local><target uri="sip:a@b"><param pname="+sip.rendering" pval="yes"/></target></local>', false],
    ['no target at all', '<local><identity>sip:a@b</identity></local>', false],
  ])('reads hold from %s', (_, participants, held) => {
    expect(parseDialogInfo(doc(dialog('a', 'confirmed', participants))).dialogs[0].held).toBe(held);
  });

  test('an empty full document means no dialogs', () => {
    expect(parseDialogInfo(doc('')).dialogs).toEqual([]);
  });

  test.each([
    ['not XML', 'this is not xml'],
    ['another root element', '<presence entity="x"/>'],
    ['a missing version', '<dialog-info state="full" entity="x"/>'],
    ['an unknown document state', '<dialog-info version="1" state="half" entity="x"/>'],
    ['an unknown dialog state', doc(dialog('a', 'ringing'))],
    ['an unclosed element', '<dialog-info version="1" state="full"><dialog id="a"><state>early</state></dialog-info>'],
    ['a DOCTYPE (no entity expansion)', '<!DOCTYPE x [<!ENTITY a "b">]><dialog-info version="1" state="full"/>'],
  ])('rejects %s with a DialogInfoError', (_, xml) => {
    expect(() => parseDialogInfo(xml)).toThrow(DialogInfoError);
  });
});
