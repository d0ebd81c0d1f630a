import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultCatalog } from '../../src/catalog/catalog.ts';
import { Correlator } from '../../src/flow/correlate.ts';
import type { FlowModel } from '../../src/flow/model.ts';
import type { TraceMessage } from '../../src/trace/types.ts';
import { TraceBuilder, def, m } from './matcher-kit.ts';

/**
 * Correlator.ignoresValueless — what a check's second thread asks of a line it does not parse — says what
 * ignores() says of every message that holds no value under Correlator.valueKeys: here of acknowledgements
 * no step names, one answering a request routing followed (not ignored) and one answering none.
 */

function routing(model: FlowModel): Correlator {
  const variant = Object.values(model.variants)[0];
  return new Correlator(model.correlate, variant.phases.map((id) => model.phases[id].body), Object.values(model.phases).map((p) => p.body), defaultCatalog);
}

const noAck = def(() => [
  m('urs', 'ixn', 'RequestRouteCall', { InteractionId: '$i' }),
  m('ixn', 'agent', 'EventInvite', { TicketId: '$t', Interaction: { InteractionId: '$i' } }),
  m('agent', 'ixn', 'RequestAccept', { TicketId: '$t', InteractionId: '$i' }),
  m('ixn', 'stat', 'EventPartyAdded', { InteractionId: '$i' }),
], { correlate: ['i'] });

function holdsValue(c: Correlator, msg: TraceMessage): boolean {
  return c.valueKeys(c.kindOf(msg)).some((k) => msg.attributes[k] !== undefined);
}

test('ignoresValueless is ignores() for every message holding no correlation value', () => {
  const trace = new TraceBuilder()
    .msg('URS1', 'IS1', 'RequestRouteCall', { InteractionId: 'A' }, { ref: 1 })
    .msg('IS1', 'Agent1', 'EventInvite', { TicketId: 1, Interaction: { InteractionId: 'A' } })
    .msg('Agent1', 'IS1', 'RequestNotReadyForMedia', { MediaTypeName: 'chat' }, { ref: 7 })
    .msg('IS1', 'Agent1', 'EventAck', {}, { ref: 7 })
    .msg('Agent1', 'IS1', 'RequestAccept', { TicketId: 1, InteractionId: 'A' }, { ref: 2 })
    .msg('IS1', 'Agent1', 'EventAck', {}, { ref: 2 })
    .msg('IS1', 'Agent1', 'EventAck', {}, { ref: 3 })
    .msg('IS1', 'Agent1', 'EventAck', {})
    .msg('IS1', 'Stat1', 'EventPartyAdded', { InteractionId: 'A' })
    .trace(1000);
  const c = routing(noAck);
  const said: Array<[string, boolean]> = [];
  for (const e of trace.entries) {
    if (e.type !== 'message') continue;
    const kind = c.kindOf(e);
    const valueless = holdsValue(c, e) ? undefined : c.ignoresValueless(kind, e.connection, e.to, e.referenceId);
    const ignored = c.ignores(e);
    if (valueless !== undefined) assert.equal(valueless, ignored, `${e.message} ref ${e.referenceId}`);
    said.push([`${e.message}${e.referenceId === undefined ? '' : ` ${e.referenceId}`}`, ignored]);
  }
  assert.deepEqual(said, [
    ['RequestRouteCall 1', false],
    ['EventInvite', false],
    ['RequestNotReadyForMedia 7', true],
    ['EventAck 7', true],
    ['RequestAccept 2', false],
    // Answers the accept, which went to the interaction's run.
    ['EventAck 2', false],
    ['EventAck 3', true],
    ['EventAck', true],
    ['EventPartyAdded', false],
  ]);
});

test('ignoresValueless: a message some step names, or any under a model that correlates nothing, is not ignored', () => {
  const c = routing(noAck);
  const invite = c.kindOfName('InteractionManagement', 'EventInvite');
  assert.equal(c.ignoresValueless(invite, 'c', 'Agent1', undefined), false);
  const plain = routing(def(() => [m('ixn', 'agent', 'EventInvite')]));
  assert.equal(plain.ignoresValueless(plain.kindOfName('InteractionManagement', 'EventAck'), 'c', 'Agent1', undefined), false);
  assert.deepEqual(c.valueKeys(invite), ['Interaction']);
});
