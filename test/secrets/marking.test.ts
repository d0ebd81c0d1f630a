import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRedactable, isSecretName, keyWords, secretsInArgs, secretsInUrl, secretsOfEnvironment } from '../../src/secrets/marking.ts';

// What is secret, by where a value stands (README, "Secrets").

test('a key names a secret when one of its words starts or ends with a secret word, in any case and spelling', () => {
  for (const k of ['password', 'PASSWORD', 'db_password', 'dbPassword', 'DB-PASSWD', 'pwd', 'token', 'GITHUB_TOKEN', 'authToken', 'authtoken', 'accessTokens', 'clientSecret', 'secret_key', 'apikey', 'api_key', 'apiKey', 'X-API-Key', 'private_key', 'credentials', 'passphrase', 'licence', 'LICENSE_KEY', 'licenseKey', 'aws_access_key', 'accessKey']) {
    assert.ok(isSecretName(k), k);
  }
  for (const k of ['name', 'version', 'mode', 'keyboard', 'passport', 'host', 'ACME_MODE', 'monkey', 'key', 'api', 'forwarded', 'spin']) assert.ok(!isSecretName(k), k);
  assert.deepEqual(keyWords('X-APIKey'), ['x', 'api', 'key']);
  assert.deepEqual(keyWords('dbPasswordFile'), ['db', 'password', 'file']);
});

test('values too short, or settings words, are no secrets to redact', () => {
  assert.ok(isRedactable('hunter2'));
  assert.ok(isRedactable('1234'));
  for (const v of ['', 'abc', '42', 'true', 'False', 'null', 'off', '   ']) assert.ok(!isRedactable(v), v);
});

test('an argument after a flag named like a secret is one, and so is the value of --flag=value', () => {
  assert.deepEqual(secretsInArgs(['desk.mjs', '--token', 'xyz1', '--mode', 'fast', '--api-key=k-123', '-password', 'p4ss', '--secret']), [
    { index: 2, value: 'xyz1' },
    { index: 5, value: 'k-123' },
    { index: 7, value: 'p4ss' },
  ]);
  // A flag followed by another flag has no value to hide.
  assert.deepEqual(secretsInArgs(['--token', '--verbose']), []);
});

test('a URL carries its password and the values of query parameters named like secrets; other text carries none', () => {
  assert.deepEqual(secretsInUrl('postgres://desk:p%40ss-word@db/acme'), ['p@ss-word']);
  assert.deepEqual(secretsInUrl('ws://10.0.0.1:7120/?token=abc-123&participant=x&api_key=k9k9'), ['abc-123', 'k9k9']);
  assert.deepEqual(secretsInUrl('ws://127.0.0.1:7120/'), []);
  assert.deepEqual(secretsInUrl('not a url ?token=abc'), []);
});

test('the environment flowcert runs in: variables named like secrets, passwords in URLs; not PWD, not settings, not short values', () => {
  assert.deepEqual(
    secretsOfEnvironment({ GITHUB_TOKEN: 'ghp_abcdef', PWD: '/home/me', OLDPWD: '/tmp', TOKENIZERS_PARALLELISM: 'false', MY_PIN_TOKEN: '12', DATABASE_URL: 'postgres://u:dbpass@db/x', HOME: '/home/me', EMPTY: undefined }),
    ['ghp_abcdef', 'dbpass'],
  );
});
