import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Envelope } from '../../src/codec/envelope.ts';
import { answerEspRequest } from '../../src/servers/media-server/esp-service.ts';
import type { SubmitParams } from '../../src/servers/shared/submit.ts';

/** The reference E-mail Server's ESP service: it submits the autoresponse first, then answers; other methods are faults. */

function request(method: string, parameters: Record<string, unknown> = {}): Envelope {
  return { protocol: 'ESP', message: 'Request3rdServer', referenceId: 7, attributes: { Service: 'email', Method: method, Version: '1.0', Parameters: parameters, UserData: { InteractionId: 'P1' } } };
}

test('Autoresponse submits an outbound e-mail to the queue named (Outbound by default), then answers with its id, echoing the referenceId', async () => {
  const order: string[] = [];
  const submitted: SubmitParams[] = [];
  const sent: Envelope[] = [];
  const io = {
    submit: async (p: SubmitParams) => {
      order.push('submit');
      submitted.push(p);
      return 'NEW1';
    },
    send: (e: Envelope) => {
      order.push('answer');
      sent.push(e);
      return true;
    },
  };
  await answerEspRequest(request('Autoresponse'), undefined, io);
  await answerEspRequest(request('Autoresponse', { Queue: 'auto' }), undefined, io);
  assert.deepEqual(order, ['submit', 'answer', 'submit', 'answer']);
  assert.deepEqual(submitted.map((p) => [p.queue, p.interactionType, p.userData]), [['Outbound', 'Outbound', { AutoresponseTo: 'P1' }], ['auto', 'Outbound', { AutoresponseTo: 'P1' }]]);
  assert.deepEqual(sent[0], { protocol: 'ESP', message: 'Event3rdServerResponse', referenceId: 7, attributes: { Service: 'email', Method: 'Autoresponse', Version: '1.0', Parameters: { InteractionId: 'NEW1' }, UserData: { InteractionId: 'P1' } } });
});

test('an unknown method, and a submit that fails, answer FaultCode and FaultString', async () => {
  const sent: Envelope[] = [];
  const send = (e: Envelope) => sent.push(e) > 0;
  await answerEspRequest(request('Forward'), undefined, { submit: async () => 'X', send });
  await answerEspRequest(request('Autoresponse'), undefined, { submit: async () => { throw new Error('refused: EventError 53'); }, send });
  assert.deepEqual(sent.map((e) => e.attributes.Parameters), [
    { FaultCode: 2, FaultString: 'no method email.Forward: this E-mail Server offers email.Autoresponse' },
    { FaultCode: 3, FaultString: 'refused: EventError 53' },
  ]);
});
