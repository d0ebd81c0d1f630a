import type { Envelope } from '../../codec/envelope.ts';
import type { SubmitParams } from '../shared/submit.ts';

/**
 * How the reference media server serves ESP Request3rdServer, as an E-mail Server does for Invoke
 * Autoresponse (GenEM, reference §2.16): it submits the autoresponse as a new interaction (RequestSubmit,
 * answered by EventAck), and only then answers Event3rdServerResponse — the order GenEM's prose gives.
 *
 * The method's name is not public: service "email", method "Autoresponse" [INFER]. The autoresponse is an
 * outbound e-mail submitted to the queue named by the parameter Queue (default "Outbound" [INFER]), its user
 * data naming the interaction it answers (AutoresponseTo) [INFER]. Output parameter InteractionId: the new
 * interaction. Any other method answers a fault (FaultCode, FaultString; ESP design note, reference §1.8).
 */
export interface EspRequest {
  service: string;
  method: string;
  parameters: Record<string, unknown>;
  userData: Record<string, unknown>;
}

/** Resolves with the output parameters; throws for a fault. */
export type EspHandler = (r: EspRequest, submit: (p: SubmitParams) => Promise<string>) => Promise<Record<string, unknown>>;

/** Fault codes of the reference media server's ESP service [INFER: the record gives none]. */
export const ESP_FAULTS = { UnknownMethod: 2, Failed: 3 } as const;

export const autoresponse: EspHandler = async (r, submit) => {
  if (r.service !== 'email' || r.method !== 'Autoresponse') {
    throw Object.assign(new Error(`no method ${r.service}.${r.method}: this E-mail Server offers email.Autoresponse`), { faultCode: ESP_FAULTS.UnknownMethod });
  }
  const parent = typeof r.userData.InteractionId === 'string' ? r.userData.InteractionId : undefined;
  const id = await submit({
    mediaType: 'email',
    interactionType: 'Outbound',
    interactionSubtype: 'OutboundAutoResponse',
    queue: typeof r.parameters.Queue === 'string' ? r.parameters.Queue : 'Outbound',
    ...(parent ? { userData: { AutoresponseTo: parent } } : {}),
  });
  return { InteractionId: id };
};

export async function answerEspRequest(
  req: Envelope,
  handler: EspHandler | undefined,
  io: { submit: (p: SubmitParams) => Promise<string>; send: (e: Envelope) => boolean },
): Promise<void> {
  const a = req.attributes;
  const r: EspRequest = { service: String(a.Service ?? ''), method: String(a.Method ?? ''), parameters: kv(a.Parameters), userData: kv(a.UserData) };
  let parameters: Record<string, unknown>;
  try {
    parameters = await (handler ?? autoresponse)(r, io.submit);
  } catch (err) {
    const code = (err as { faultCode?: unknown }).faultCode;
    parameters = { FaultCode: typeof code === 'number' ? code : ESP_FAULTS.Failed, FaultString: (err as Error).message };
  }
  io.send({ protocol: 'ESP', message: 'Event3rdServerResponse', referenceId: req.referenceId, attributes: { Service: r.service, Method: r.method, Version: '1.0', Parameters: parameters, UserData: r.userData } });
}

function kv(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
