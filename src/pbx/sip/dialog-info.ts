/**
 * Reads an RFC 4235 dialog-info document (application/dialog-info+xml) into the few facts line state
 * needs: per dialog its id, state, direction and whether it is on hold.
 *
 * Hold is read from the RFC 4235 target parameters: a `+sip.rendering` parameter with value "no" on
 * the local or the remote target (as a <param pname pval> element or as a URI parameter), which is
 * how Asterisk, FreeSWITCH and desk phones mark a held call.
 */
import { CodedError } from '../../coded-error';
import { childElement, childElements, parseXml, type XmlElement } from './xml-lite';

export const DIALOG_STATES = ['trying', 'proceeding', 'early', 'confirmed', 'terminated'] as const;
export type DialogState = (typeof DIALOG_STATES)[number];

export interface DialogEntry {
  id: string;
  state: DialogState;
  direction?: 'initiator' | 'recipient';
  held: boolean;
}

export interface DialogInfoDocument {
  entity: string;
  version: number;
  /** full: the list is every dialog of the entity; partial: only the ones that changed. */
  kind: 'full' | 'partial';
  dialogs: DialogEntry[];
}

export class DialogInfoError extends CodedError {
  readonly code = 'dialogInfoUnusable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(
      `Unusable dialog-info document: ${message}`,
      "the PBX sent a dialog-info (RFC 4235) document this service cannot use: check the PBX's presence settings and log.",
      options,
    );
  }
}

export function parseDialogInfo(xml: string): DialogInfoDocument {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (error) {
    throw new DialogInfoError((error as Error).message, { cause: error });
  }
  if (root.name !== 'dialog-info') throw new DialogInfoError(`root element is <${root.name}>, expected <dialog-info>`);
  const version = Number(root.attributes.version);
  if (!Number.isInteger(version) || version < 0) {
    throw new DialogInfoError(`version "${root.attributes.version ?? ''}" is not a non-negative integer`);
  }
  const kind = root.attributes.state;
  if (kind !== 'full' && kind !== 'partial') throw new DialogInfoError(`state "${kind ?? ''}" must be full or partial`);
  return {
    entity: root.attributes.entity ?? '',
    version,
    kind,
    dialogs: childElements(root, 'dialog').map(readDialog),
  };
}

function readDialog(dialog: XmlElement, index: number): DialogEntry {
  const stateText = (childElement(dialog, 'state')?.text ?? '').trim().toLowerCase();
  if (!(DIALOG_STATES as readonly string[]).includes(stateText)) {
    throw new DialogInfoError(`dialog ${dialog.attributes.id ?? index} has state "${stateText}"`);
  }
  const direction = dialog.attributes.direction;
  return {
    id: dialog.attributes.id ?? dialog.attributes['call-id'] ?? `#${index}`,
    state: stateText as DialogState,
    direction: direction === 'initiator' || direction === 'recipient' ? direction : undefined,
    held: ['local', 'remote'].some((side) => targetNotRendering(childElement(dialog, side))),
  };
}

function targetNotRendering(participant: XmlElement | undefined): boolean {
  const target = participant && childElement(participant, 'target');
  if (!target) return false;
  const byParam = childElements(target, 'param').some(
    (p) => p.attributes.pname?.toLowerCase() === '+sip.rendering' && p.attributes.pval?.toLowerCase() === 'no',
  );
  return byParam || /;\+sip\.rendering=("?)no\1(;|$)/i.test(target.attributes.uri ?? '');
}
