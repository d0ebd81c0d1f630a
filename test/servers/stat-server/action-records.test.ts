import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AgentRecords } from '../../../src/servers/stat-server/action-records.ts';

type R = { agentId: string; attrs: Record<string, unknown>; tag: string };
const r = (agentId: string, tag: string, media = 'email'): R => ({ agentId, attrs: { MediaTypeID: media }, tag });

test('records are found by (interaction, agent), by interaction in the order set, and by agent', () => {
  const recs = new AgentRecords<R>();
  recs.set('I1', r('A1', 'x'));
  recs.set('I1', r('A2', 'y'));
  recs.set('I2', r('A1', 'z'));
  assert.equal(recs.get('I1', 'A2')?.tag, 'y');
  assert.ok(recs.has('I2', 'A1') && !recs.has('I2', 'A2'));
  assert.deepEqual(recs.ofInteraction('I1').map((x) => x.tag), ['x', 'y']);
  assert.deepEqual([...recs.ofAgent('A1')].map((x) => x.tag).sort(), ['x', 'z']);
  // Replacing keeps the place in the interaction's order, and the agent's set holds only the new one.
  recs.set('I1', r('A1', 'x2'));
  assert.deepEqual(recs.ofInteraction('I1').map((x) => x.tag), ['x2', 'y']);
  assert.deepEqual([...recs.ofAgent('A1')].map((x) => x.tag).sort(), ['x2', 'z']);
  // Deleting while walking a copy is safe; emptied indexes are gone.
  for (const x of recs.ofInteraction('I1')) recs.delete('I1', x.agentId);
  assert.deepEqual(recs.ofInteraction('I1'), []);
  assert.deepEqual([...recs.ofAgent('A2')], []);
  assert.deepEqual([...recs.ofAgent('A1')].map((x) => x.tag), ['z']);
  recs.delete('I9', 'A9');
});
