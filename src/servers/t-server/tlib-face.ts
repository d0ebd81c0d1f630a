import type { Violation } from '../../catalog/types.ts';
import { visibleReferenceId } from '../../codec/visible-reference-id.ts';
import type { InboundMessage, MessageConnection } from '../../transport/types.ts';
import { agentRequest, queryAddress } from './agent-requests.ts';
import { callRequest, routeCall } from './call-requests.ts';
import { configuredDn, reply } from './context.ts';
import type { Requester, TServerContext } from './context.ts';
import { TErr, TServerError } from './errors.ts';

/**
 * The T-Server's one face: T-Library clients (agent desktops, the IVR Server, URS). Everything that
 * carries a ReferenceID is answered — what cannot be served with EventError (ErrorCode, ErrorMessage,
 * the ReferenceID echoed); events from a client and requests without a ReferenceID are recorded and
 * not answered, since no answer could pair (GenEM NegativeResponseEvents: ReferenceID mandatory).
 */
export function attachClient(ctx: TServerContext, conn: MessageConnection): void {
  conn.onMessage((m) => onMessage(ctx, conn, m));
  conn.onBadFrame((b) => {
    const referenceId = visibleReferenceId(b.preview);
    if (referenceId !== undefined) sendError({ conn, referenceId }, {}, new TServerError(TErr.InvalidAttribute, `unreadable frame: ${describe(b.violations)}`));
  });
  conn.onClose(() => ctx.registrations.drop(conn));
}

function onMessage(ctx: TServerContext, conn: MessageConnection, m: InboundMessage): void {
  const env = m.envelope;
  const r: Requester = { conn, referenceId: env.referenceId };
  const resolved = env.protocol === 'TLibrary' ? ctx.catalog.get(env.protocol, env.message) : undefined;
  if (!resolved) {
    if (env.referenceId !== undefined) sendError(r, env.attributes, new TServerError(TErr.Unsupported, m.violations.some((v) => v.severity === 'error') ? describe(m.violations) : `${env.protocol} ${env.message}: a T-Server speaks T-Library only`));
    return;
  }
  if (resolved.def.kind !== 'request' || env.referenceId === undefined) return;
  try {
    const errors = m.violations.filter((v) => v.severity === 'error');
    if (errors.length > 0) {
      const attr = errors.some((v) => v.code === 'MISSING_ATTRIBUTE' || v.code === 'WRONG_TYPE' || v.code === 'NOT_IN_ENUM');
      throw new TServerError(attr ? TErr.InvalidAttribute : TErr.Unsupported, describe(errors));
    }
    carryOut(ctx, r, resolved.def.name, env);
  } catch (err) {
    const e = err instanceof TServerError ? err : new TServerError(TErr.Internal, `internal error in the reference T-Server: ${err instanceof Error ? err.message : String(err)}`);
    sendError(r, env.attributes, e);
  }
}

function carryOut(ctx: TServerContext, r: Requester, name: string, env: InboundMessage['envelope']): void {
  const dn = env.attributes.ThisDN as string;
  switch (name) {
    case 'RequestRegisterAddress':
      configuredDn(ctx, dn);
      ctx.registrations.add(dn, r.conn);
      return reply(r, 'EventRegistered', { ThisDN: dn });
    case 'RequestUnregisterAddress':
      configuredDn(ctx, dn);
      if (!ctx.registrations.remove(dn, r.conn)) throw new TServerError(TErr.NotRegistered, `DN ${dn} is not registered by this client`);
      return reply(r, 'EventUnregistered', { ThisDN: dn });
    case 'RequestAgentLogin':
    case 'RequestAgentLogout':
    case 'RequestAgentReady':
    case 'RequestAgentNotReady':
      return agentRequest(ctx, r, env);
    case 'RequestQueryAddress':
      return queryAddress(ctx, r, env);
    case 'RequestMakeCall':
    case 'RequestAnswerCall':
    case 'RequestReleaseCall':
      return callRequest(ctx, r, env);
    case 'RequestRouteCall':
      return routeCall(ctx, r, env);
    default:
      throw new TServerError(TErr.Unsupported, `${name} is not carried out by the reference T-Server`);
  }
}

function sendError(r: Requester, request: Record<string, unknown>, e: TServerError): void {
  reply(r, 'EventError', {
    ErrorCode: e.code,
    ErrorMessage: e.message,
    ...(typeof request.ThisDN === 'string' ? { ThisDN: request.ThisDN } : {}),
    ...(typeof request.ConnID === 'string' ? { ConnID: request.ConnID } : {}),
  });
}

function describe(violations: readonly Violation[]): string {
  const errors = violations.filter((v) => v.severity === 'error');
  return errors.map((v) => `${v.message}${v.hint ? ` — ${v.hint}` : ''}`).join('; ');
}
