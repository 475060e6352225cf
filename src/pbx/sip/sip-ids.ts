/** Fresh identifiers for requests and dialogs (RFC 3261 8.1.1.4, 8.1.1.7, 19.3). */
import { randomBytes } from 'node:crypto';

const random = (bytes: number) => randomBytes(bytes).toString('hex');

/** The magic cookie marks RFC 3261 branches; a branch must be unique per transaction. */
export const newBranch = () => `z9hG4bK${random(8)}`;
export const newTag = () => random(6);
export const newCallId = (host: string) => `${random(12)}@${host}`;
