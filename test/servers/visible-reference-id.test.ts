import { test } from 'node:test';
import assert from 'node:assert/strict';
import { visibleReferenceId } from '../../src/codec/visible-reference-id.ts';

// The reference servers answer an unreadable frame by the referenceId it shows: a wrong number would
// pair the answer with another request, so every doubtful case must give nothing.

test('a top-level referenceId is read from a frame that is not a valid envelope', () => {
  assert.equal(visibleReferenceId('{"protocol":"InteractionManagement","message":"RequestAgentLogin","referenceId":20,"attributes":{},"proxyClientId":1}'), 20);
  assert.equal(visibleReferenceId(' {\n "referenceId" : 0 }'), 0);
  assert.equal(visibleReferenceId('{"attributes":{"TenantId":101},"referenceId":7}'), 7, 'after the attributes, still at the top level');
  assert.equal(visibleReferenceId('{"protocol":"IM","message":"X","referenceId":22,"attributes":{TenantId:101}}'), 22, 'JSON broken after the referenceId');
  assert.equal(visibleReferenceId('{"message":"a \\"referenceId\\": 3","referenceId":4}'), 4, 'quotes escaped inside a string do not end it');
});

test('nothing is read where the number is not certainly the top-level referenceId', () => {
  const none: [string, string][] = [
    ['this is not json', 'not JSON at all'],
    ['[{"referenceId":25}]', 'an array'],
    ['{"protocol":"IM","attributes":{"referenceId":26}}', 'nested in the attributes'],
    ['{"referenceId":"27"}', 'quoted'],
    ['{"referenceId":28.5}', 'not an integer'],
    ['{"referenceId":1e3}', 'exponent'],
    ['{"referenceId":-1}', 'negative'],
    ['{"referenceId":012}', 'leading zero'],
    ['{"referenceId":12', 'cut off: the digits may go on'],
    ['{"referenceId":1,"referenceId":2}', 'two of them'],
    ['{"referenceID":5}', 'another key'],
    ['{"note":"referenceId", "x":5}', 'the name as a value'],
    ['{"referenceId":99999999999999999}', 'beyond a safe integer'],
    ['{"a":"unterminated', 'the text ends inside a string'],
    ['', 'empty'],
  ];
  for (const [text, why] of none) assert.equal(visibleReferenceId(text), undefined, `${why}: ${text}`);
});
