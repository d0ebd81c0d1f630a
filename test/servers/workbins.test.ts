import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkbinDirectory } from '../../src/servers/interaction-server/workbins.ts';
import type { MessageConnection } from '../../src/transport/types.ts';

// The workbins of one Interaction Server: configured types, each agent's content in placement order,
// and who is subscribed to which workbin.

const conn = (isOpen = true) => ({ isOpen }) as unknown as MessageConnection;

test('a workbin holds its interactions in placement order, once each; another agent\'s workbin of the same type is another workbin', () => {
  const w = new WorkbinDirectory();
  w.configure('Drafts');
  assert.equal(w.isConfigured('Drafts'), true);
  assert.equal(w.isConfigured('Archive'), false);
  const mine = { type: 'Drafts', agentId: 'a1' };
  w.add(mine, 'X1');
  w.add(mine, 'X2');
  w.add(mine, 'X1');
  assert.deepEqual(w.content(mine), ['X1', 'X2']);
  assert.deepEqual(w.content({ type: 'Drafts', agentId: 'a2' }), []);
  w.remove(mine, 'X1');
  w.remove(mine, 'nothing');
  assert.deepEqual(w.content(mine), ['X2']);
  assert.throws(() => w.configure(' '), /a workbin type needs a name/);
});

test('subscriptions: once per connection, cancel says whether there was one, closed or gone connections hear nothing', () => {
  const w = new WorkbinDirectory();
  const ref = { type: 'Drafts', agentId: 'a1' };
  const a = conn();
  const b = conn();
  const closed = conn(false);
  assert.equal(w.subscribe(ref, a), true);
  assert.equal(w.subscribe(ref, a), false);
  w.subscribe(ref, b);
  w.subscribe(ref, closed);
  assert.deepEqual(w.subscribersOf(ref), [a, b]);
  assert.equal(w.unsubscribe(ref, a), true);
  assert.equal(w.unsubscribe(ref, a), false);
  assert.equal(w.unsubscribe({ type: 'Drafts', agentId: 'a2' }, b), false);
  w.connectionGone(b);
  assert.deepEqual(w.subscribersOf(ref), []);
});
