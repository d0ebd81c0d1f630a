import type { MessageDef } from '../types.ts';
import { opt, req } from './attributes.ts';

/**
 * ESP (External Service Protocol): the Interaction Server passes a request for a third-party server's
 * service (E-mail Server's autoresponse, a classification) to that server and its answer back
 * (GenEM Invoke Autoresponse, reference §1.8, §2.16).
 *
 * Toward URS, ESP travels inside T-Library (RequestPrivateService / EventPrivateInfo with the request in
 * Extensions.Envelope3rdServer; t-library.ts). Between the Interaction Server and the third-party server it
 * is ESP itself: Request3rdServer and Event3rdServerResponse, carried on the media server's own connection
 * to the Interaction Management face [INFER: a Genesys Interaction Server opens a connection to the ESP
 * server's port; the reference keeps one connection per client, so it needs no port of the media server's].
 * The attributes are the envelope's fields, flat (Server left out: the connection says who it is) [INFER].
 */

const ENVELOPE_SOURCE = 'ESP design note in the eServices javadoc: Service, Method, Parameters, Version "1.0", FaultCode / FaultString, UserData carries the interaction context (reference §1.8)';

export const esp: readonly MessageDef[] = [
  {
    protocol: 'ESP',
    name: 'Request3rdServer',
    kind: 'request',
    senders: ['InteractionServer'],
    receivers: ['MediaServer'],
    pairing: 'request',
    responses: ['Event3rdServerResponse'],
    attributes: {
      Service: req.string('service name, e.g. email'),
      Method: req.string('method name, e.g. Autoresponse'),
      Version: opt.string('ESP protocol version, "1.0"'),
      Parameters: opt.kv('method parameters (KV list)'),
      UserData: opt.kv('interaction context (KV list): InteractionId of the interaction it is for'),
    },
    description: 'The Interaction Server asks a third-party server (E-mail Server) to carry out a service method on behalf of URS.',
    source: `[DOC] GenEM InvokeAutoresponse; ${ENVELOPE_SOURCE}`,
    note: 'The E-mail Server answers with Event3rdServerResponse; an autoresponse is submitted first (RequestSubmit) [DOC GenEM InvokeAutoresponse order]. The autoresponse method\'s name is not public: the reference uses service "email", method "Autoresponse" [INFER].',
  },
  {
    protocol: 'ESP',
    name: 'Event3rdServerResponse',
    kind: 'event',
    senders: ['MediaServer'],
    receivers: ['InteractionServer'],
    pairing: 'response',
    attributes: {
      Service: opt.string('service name'),
      Method: opt.string('method name'),
      Version: opt.string('ESP protocol version'),
      Parameters: opt.kv('output parameters; FaultCode and FaultString when the method failed'),
      UserData: opt.kv('interaction context (KV list)'),
    },
    description: 'A third-party server answers Request3rdServer with the result of the method (or a fault).',
    source: `[DOC] GenEM InvokeAutoresponse ("Returns results of third-party server"); ${ENVELOPE_SOURCE}`,
    note: 'It echoes the referenceId of the Request3rdServer it answers.',
  },
];
