import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expand, flowcertCommand, workflow } from './workflow-kit.ts';

// docs/examples/github-actions.yml is not run here, so what can be checked without GitHub is checked:
// it is YAML, the matrix is the 4 shards, and each job hands the next what it needs — the shard jobs
// upload the folders their --reports names, the merge job downloads them where its command looks.
// test/slow/shard-merge.test.ts runs its two flowcert commands.

test('a 4-way matrix certifies one shard per job, and its reports folder is the artifact it uploads', () => {
  const { jobs } = workflow();
  const certify = jobs.certify;
  assert.deepEqual(certify.strategy?.matrix?.shard, [1, 2, 3, 4]);
  assert.equal(certify.strategy?.['fail-fast'], false, 'a failing shard must not cancel the others: merge needs them all');
  const args = flowcertCommand(certify, 'certify');
  assert.equal(args[args.indexOf('--shard') + 1], '${{ matrix.shard }}/${{ strategy.job-total }}');
  const reports = args[args.indexOf('--reports') + 1];
  assert.equal(reports, 'reports/shard-${{ matrix.shard }}');
  const upload = certify.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
  assert.equal(upload?.with?.path, reports, 'the artifact is the shard’s reports folder');
  assert.equal(upload?.with?.name, 'shard-${{ matrix.shard }}');
  assert.equal(upload?.if, '${{ !cancelled() }}', 'a shard whose SUT failed still uploads its reports');
});

test('the merge job runs after every shard, failed or not, on the folders the shards uploaded', () => {
  const { jobs } = workflow();
  const merge = jobs.merge;
  assert.equal(merge.needs, 'certify');
  assert.equal(merge.if, '${{ !cancelled() }}');
  const download = merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'));
  assert.equal(download?.with?.pattern, 'shard-*');
  assert.equal(download?.with?.path, 'reports');
  assert.equal(download?.with?.['merge-multiple'], undefined, 'each artifact in a folder of its own name: reports/shard-N');
  const args = flowcertCommand(merge, 'merge');
  assert.deepEqual(args, ['merge', 'reports/shard-*']);
  // The download lays out reports/<artifact name>; the glob must find every shard's folder there.
  const uploaded = String(jobs.certify.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))?.with?.name);
  const glob = new RegExp(`^${args[1].replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace('*', '[^/]+')}$`);
  for (const shard of [1, 2, 3, 4]) assert.match(`${String(download?.with?.path)}/${expand([uploaded], { 'matrix.shard': shard })[0]}`, glob);
  assert.ok(merge.steps.some((s) => s.uses?.startsWith('actions/upload-artifact@')), 'the merged report and certificate are uploaded');
});
