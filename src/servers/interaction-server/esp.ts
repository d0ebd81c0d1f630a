import type { Envelope } from '../../codec/envelope.ts';
import type { MessageConnection } from '../../transport/types.ts';
import type { ServerContext } from './context.ts';
import { ErrorCodes, RequestError } from './errors.ts';
import { compact } from './reporting.ts';

/**
 * ESP through the Interaction Server (GenEM Invoke Autoresponse, reference §1.8, §2.16):
 *   URS → RequestPrivateService, the ESP request in Extensions.Envelope3rdServer (Server, Service, Method,
 *     Version, Parameters) — the T-Library carrier of Request3rdServer;
 *   → Request3rdServer to the third-party server the envelope names (by its ClientName: a media server
 *     connected to this server), and Reporting EventExternalServiceRequested;
 *   … the third-party server does its work (E-mail Server submits the autoresponse: RequestSubmit) …
 *   ← Event3rdServerResponse from it → EventPrivateInfo to URS, answering its RequestPrivateService with
 *     the response in Extensions.Envelope3rdServer (Parameters: the output, FaultCode / FaultString on a
 *     fault), and Reporting EventExternalServiceResponded.
 * Why this carrier: §1.8 says ESP travels to URS over T-Library RequestPrivateService / EventPrivateInfo with
 * everything in the Extensions entry Envelope3rdServer [DOC javadoc design note]; the leg to the third-party
 * server is ESP itself, on the media server's own connection [INFER, see catalog/protocols/esp.ts].
 */

interface PendingRequest {
  urs: MessageConnection;
  ursReferenceId: number | undefined;
  server: MessageConnection;
  envelope: { Server: string; Service: string; Method: string; Version: string };
  interactionId: string | undefined;
  userData: Record<string, unknown>;
}

/** What the server sends when the third-party server leaves before answering [INFER: a fault, so URS's request is answered]. */
const GONE_FAULT = { FaultCode: 1, FaultString: 'the third-party server disconnected before it answered' };

export class EspRelay {
  private readonly pending = new Map<number, PendingRequest>();
  private lastReferenceId = 0;

  constructor(private readonly ctx: ServerContext) {}

  /** T-Library RequestPrivateService from URS. */
  request(urs: MessageConnection, req: Envelope): void {
    const { ctx } = this;
    const extensions = kv(req.attributes.Extensions);
    const env = kv(extensions.Envelope3rdServer);
    const serverName = String(env.Server);
    const target = ctx.registry.byName(serverName);
    if (!target || target.clientType !== 'MediaServer') {
      const known = ctx.registry.all().filter((c) => c.clientType === 'MediaServer').map((c) => c.clientName);
      throw new RequestError(ErrorCodes.InvalidAttribute, `RequestPrivateService: Envelope3rdServer.Server "${serverName}" is not a third-party server connected to ${ctx.opts.name} (connected media servers: ${known.join(', ') || 'none'})`);
    }
    const userData = kv(req.attributes.UserData);
    const interactionId = typeof req.attributes.InteractionId === 'string' ? req.attributes.InteractionId : typeof userData.InteractionId === 'string' ? userData.InteractionId : undefined;
    const envelope = { Server: serverName, Service: String(env.Service), Method: String(env.Method), Version: typeof env.Version === 'string' ? env.Version : '1.0' };
    const referenceId = ++this.lastReferenceId;
    this.pending.set(referenceId, { urs, ursReferenceId: req.referenceId, server: target.conn, envelope, interactionId, userData });
    target.conn.send({
      protocol: 'ESP',
      message: 'Request3rdServer',
      referenceId,
      attributes: compact({ Service: envelope.Service, Method: envelope.Method, Version: envelope.Version, Parameters: env.Parameters, UserData: compact({ ...userData, InteractionId: interactionId }) }),
    });
    const tenant = ctx.interactions.get(interactionId)?.tenantId;
    ctx.reporting.emit('EventExternalServiceRequested', { InteractionId: interactionId, TenantId: tenant, ...envelope, Version: undefined, RouterId: urs.remote.name });
  }

  /** ESP Event3rdServerResponse from the third-party server. One that answers nothing pending is only recorded (the trace flags it). */
  response(server: MessageConnection, ev: Envelope): void {
    const ref = ev.referenceId;
    const p = ref === undefined ? undefined : this.pending.get(ref);
    if (!p || p.server !== server || ref === undefined) return;
    this.pending.delete(ref);
    this.answer(p, kv(ev.attributes.Parameters), kv(ev.attributes.UserData));
  }

  /** A third-party server left: its pending requests are answered with a fault. */
  serverGone(conn: MessageConnection): void {
    for (const [ref, p] of Array.from(this.pending)) {
      if (p.server !== conn) continue;
      this.pending.delete(ref);
      this.answer(p, { ...GONE_FAULT }, {});
    }
  }

  stop(): void {
    this.pending.clear();
  }

  private answer(p: PendingRequest, parameters: Record<string, unknown>, userData: Record<string, unknown>): void {
    if (p.urs.isOpen) {
      p.urs.send({
        protocol: 'TLibrary',
        message: 'EventPrivateInfo',
        referenceId: p.ursReferenceId,
        attributes: compact({
          InteractionId: p.interactionId,
          UserData: { ...p.userData, ...userData },
          Extensions: { Envelope3rdServer: { ...p.envelope, Parameters: parameters } },
        }),
      });
    }
    // FAULT omitExternalServiceResponded: the reporting engines never hear the answer.
    if (this.ctx.opts.faults.omitExternalServiceResponded) return;
    const fault = compact({ FaultCode: typeof parameters.FaultCode === 'number' ? parameters.FaultCode : undefined, FaultString: typeof parameters.FaultString === 'string' ? parameters.FaultString : undefined });
    const tenant = this.ctx.interactions.get(p.interactionId)?.tenantId;
    this.ctx.reporting.emit('EventExternalServiceResponded', { InteractionId: p.interactionId, TenantId: tenant, Server: p.envelope.Server, Service: p.envelope.Service, Method: p.envelope.Method, ...fault, RouterId: p.urs.remote.name });
  }
}

function kv(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
