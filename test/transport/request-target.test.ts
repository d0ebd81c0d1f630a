import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestTarget } from '../../src/transport/request-target.ts';

const targets = [
  '/', '/tlib', '/tlib/', '/a/b', '/?participant=A1&role=AgentApplication', '/tlib?participant=URS%201&role=URS',
  '/?participant=a+b&x=%E2%86%94&token=abc', '/?', '/?&&=', '/?participant=%zz', "/?p=it's<\"x\">",
  '//evil/', '/./tlib', '/a/../tlib', '/%74lib', '/tlib#frag', '/?p=a b', '/?p=a\tb', '/é?p=é', '/?p=\u00e9', 'http://h/tlib?x=1',
  '/a//b', '/?p=%2e', '/.', '/tlib?participant=x#y',
];

test('the light form reads every request target as new URL() does', () => {
  for (const t of targets) {
    const want = new URL(t, 'ws://localhost');
    const got = requestTarget(t);
    assert.equal(got.pathname, want.pathname, t);
    assert.deepEqual([...got.searchParams], [...want.searchParams], t);
  }
});

test('the usual request is split by hand, not parsed as a URL', () => {
  assert.ok(!(requestTarget('/?participant=A1&role=AgentApplication') instanceof URL));
  assert.ok(requestTarget('/./tlib') instanceof URL);
});
