import { visibleReferenceId } from '../../codec/visible-reference-id.ts';
import type { InboundBadFrame, MessageConnection } from '../../transport/types.ts';
import { unreadableRefusal } from './refusals.ts';
import { sendErrorFor } from './replies.ts';
import type { FaceProtocol } from './replies.ts';

/**
 * A frame that cannot be read as an envelope (not JSON, not an envelope, over the frame limit) is
 * recorded as a bad frame. The public record says nothing of what a Genesys server does with one
 * (its native protocols are binary), so the reference server's choice: when the frame still shows a
 * top-level referenceId in its first 200 characters, it answers EventError 53 in the face's protocol
 * echoing it, since the client is waiting for that answer; otherwise there is nothing to echo and it
 * stays silent. The connection stays open either way (a frame over the socket's hard limit closes it,
 * before anything can be answered).
 */
export function answerUnreadable(conn: MessageConnection, bad: InboundBadFrame, protocol: FaceProtocol): void {
  const referenceId = visibleReferenceId(bad.preview);
  if (referenceId === undefined) return;
  const refusal = unreadableRefusal(bad.violations);
  sendErrorFor(conn, { referenceId, attributes: {} }, protocol, refusal.code, refusal.message);
}
