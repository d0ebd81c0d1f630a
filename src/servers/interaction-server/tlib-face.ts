import type { InboundMessage, MessageConnection } from '../../transport/types.ts';
import type { ServerContext } from './context.ts';
import { ErrorCodes, RequestError } from './errors.ts';
import { announcePending } from './interactions.ts';
import { isPlacement, placeByRouter } from './placement.ts';
import { refusalFor } from './refusals.ts';
import { sendErrorFor } from './replies.ts';
import { asRequestError, gate } from './request-gate.ts';
import { answerUnreadable } from './unreadable-frames.ts';
import { ursUpdatesUserData } from './properties.ts';
import { isStopRequest, ursStopsProcessing } from './stop-processing.ts';

/**
 * The T-Library face (path `/tlib`): the Interaction Server emulates a T-Server toward URS
 * (reference §1.1). URS does not register; a connection here is a router.
 */
export function attachRouter(ctx: ServerContext, conn: MessageConnection): void {
  ctx.routers.add(conn);
  conn.onMessage((m) => onMessage(ctx, conn, m));
  conn.onBadFrame((b) => answerUnreadable(conn, b, 'TLibrary'));
  conn.onClose(() => {
    ctx.routers.delete(conn);
    ctx.deliveries.ursGone(conn);
  });
  announcePending(ctx, conn);
}

function onMessage(ctx: ServerContext, conn: MessageConnection, m: InboundMessage): void {
  const g = gate(ctx, m);
  if (g.kind === 'refuse') return sendErrorFor(conn, m.envelope, 'TLibrary', g.error.code, g.error.message);
  // URS sends no event this face acts on; events and requests without referenceId stay unanswered (request-gate.ts).
  if (g.kind !== 'request') return;
  const def = g.resolved.def;
  try {
    if (def.protocol !== 'TLibrary') {
      throw new RequestError(ErrorCodes.Unsupported, `${def.name} is a ${def.protocol} request; this face (/tlib) takes T-Library requests — Interaction Management goes to /`);
    }
    const refusal = refusalFor(m.violations);
    if (refusal) throw refusal;
    switch (def.name) {
      case 'RequestRouteCall':
        // RequestRouteCall stands for several requests (reference §1.1): RouteType CallDisconnect is stop
        // processing; naming a queue or a workbin and no agent, RequestPlaceInQueue / RequestPlaceInWorkbin
        // (placement.ts); otherwise Deliver.
        if (isStopRequest(m.envelope)) return ursStopsProcessing(ctx, conn, m.envelope);
        if (isPlacement(m.envelope.attributes)) return placeByRouter(ctx, conn, m.envelope);
        return ctx.deliveries.routeCall(conn, m.envelope);
      case 'RequestUpdateUserData':
        return ursUpdatesUserData(ctx, conn, m.envelope);
      case 'RequestPrivateService':
        return ctx.esp.request(conn, m.envelope);
      default:
        throw new RequestError(ErrorCodes.Unsupported, `${def.name} is not supported by the reference Interaction Server's T-Library face`);
    }
  } catch (err) {
    const e = asRequestError(err);
    sendErrorFor(conn, m.envelope, def.protocol, e.code, e.message);
  }
}
