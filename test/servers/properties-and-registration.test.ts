import { test } from 'node:test';
import assert from 'node:assert/strict';
import { READ_ONLY_PROPERTIES } from '../../src/servers/interaction-server/properties.ts';
import { ClientRegistry } from '../../src/servers/interaction-server/registration.ts';
import { submitAttributes } from '../../src/servers/shared/submit.ts';
import type { MessageConnection } from '../../src/transport/types.ts';

/** Which media servers hear of URS's property changes, which properties may change, what a submit leaves out. */

function conn(id: string, open = true): MessageConnection {
  return { id, isOpen: open } as unknown as MessageConnection;
}

function registered(r: ClientRegistry, c: MessageConnection, name: string, type: string, extension?: Record<string, unknown>) {
  r.register(c, { protocol: 'InteractionManagement', message: 'RequestRegisterClient', referenceId: 1, attributes: { ClientName: name, ClientType: type, ...(extension ? { Extension: extension } : {}) } });
}

test('a media server hears of URS\'s changes only when it registered with event_properties_changed non-zero, and is still connected', () => {
  const r = new ClientRegistry();
  const cases: Array<[string, Record<string, unknown> | undefined]> = [
    ['one', { event_properties_changed: 1 }], ['text', { event_properties_changed: '1' }], ['zero', { event_properties_changed: 0 }],
    ['zero-text', { event_properties_changed: '0' }], ['empty', { event_properties_changed: '' }], ['none', undefined], ['other', { something: 1 }],
  ];
  const conns = new Map<string, MessageConnection>();
  for (const [name, ext] of cases) {
    const c = conn(name);
    conns.set(name, c);
    registered(r, c, name, 'MediaServer', ext);
  }
  registered(r, conn('desk'), 'desk', 'AgentApplication', { event_properties_changed: 1 });
  registered(r, conn('gone', false), 'gone', 'MediaServer', { event_properties_changed: 1 });
  assert.deepEqual(r.propertyListeners().map((c) => c.id), ['one', 'text']);
});

test('of the system properties only ExternalId and ParentId may change (eServices Interaction Properties)', () => {
  assert.ok(READ_ONLY_PROPERTIES.includes('MediaType'));
  assert.ok(READ_ONLY_PROPERTIES.includes('InteractionId'));
  assert.equal(READ_ONLY_PROPERTIES.includes('ExternalId'), false);
  assert.equal(READ_ONLY_PROPERTIES.includes('ParentId'), false);
});

test('a submit leaves out what it is told to, and an empty queue', () => {
  assert.deepEqual(submitAttributes({ queue: 'Inbound', mediaType: 'email', interactionType: 'Inbound', without: ['MediaType'] }, undefined), { Queue: 'Inbound', InteractionType: 'Inbound', TenantId: 101 });
  assert.deepEqual(submitAttributes({ queue: '', mediaType: 'email', interactionType: 'Outbound' }, null), { MediaType: 'email', InteractionType: 'Outbound' });
});
