#!/usr/bin/env bash
# Smoke check of the worked examples, run by hand from the repository root (after npm ci):
#
#   bash examples/smoke.sh
#
# It typechecks the examples, runs each one under flowcert as examples/README.md says, and compares
# the exit code, the summary line and the failing scenarios with what the README promises. About a
# minute; the reports go to reports/examples/<example>/. Prints "smoke: ok" and exits 0 when all agree.
set -u
cd "$(dirname "$0")/.."
status=0
complain() { echo "smoke: $*"; status=1; }

npx tsc --noEmit -p examples || complain "the examples do not typecheck"
cmp -s examples/good-desktop/wire.ts examples/routing-server/wire.ts || complain "good-desktop/wire.ts and routing-server/wire.ts should be the same file"

# check <example> <exit code> <summary line start> [failing scenario]...
check() {
  local name=$1 code=$2 summary=$3
  shift 3
  local out rc
  out=$(node bin/flowcert.mjs run --no-allure --sut "examples/$name/flowcert.sut.yaml" --reports "reports/examples/$name" 2>&1)
  rc=$?
  echo "$name: exit $rc, $(tail -n 1 <<<"$out")"
  [[ $rc == "$code" ]] || complain "$name: expected exit $code"
  [[ $(tail -n 1 <<<"$out") == "$summary"* ]] || complain "$name: expected a summary starting: $summary"
  # Cucumber lists each failed scenario as "<n>) Scenario: <name> # <file>:<line>".
  local failed expected
  failed=$(sed -n 's/^[0-9]*) Scenario: \(.*\) # .*/\1/p' <<<"$out")
  expected=$(printf '%s\n' "$@" | sed '/^$/d')
  [[ $failed == "$expected" ]] || complain "$name: expected these scenarios to fail: [${expected//$'\n'/; }], got: [${failed//$'\n'/; }]"
  if grep -q 'inside the 100 ms window in which none may' <<<"$out"; then
    echo "  note: \"URS requests delivery\" failed on its 100 ms window: a timing race of the feature on a loaded machine (the all-reference run has it too; see examples/README.md). Run again."
  fi
}

check good-desktop 0 'flowcert: 9 scenarios (9 passed), 96 steps'
check careless-desktop 1 'flowcert: 9 scenarios (3 passed, 6 failed), 96 steps' \
  'Agent accepts delivery' \
  'Agent rejects delivery' \
  'The agent accepts the invite after 50 ms' \
  'The agent rejects the invite after 100 ms' \
  'Agent1 rejects, and URS routes the interaction to Agent2, who accepts' \
  'Agent1 does not answer in time, and URS routes the interaction again, to Agent2'
check routing-server 0 'flowcert: 9 scenarios (9 passed), 96 steps'

# The careless desktop must fail for its two flaws, in flowcert's words.
grep -qF 'TicketId: expected $ticket (= 1), got 0' reports/examples/careless-desktop/cucumber-junit.xml || complain "careless-desktop: flaw 1 (the stale TicketId) is not in the JUnit report"
grep -qF 'MISSING_REFERENCE_ID RequestReject has no referenceId' reports/examples/careless-desktop/cucumber-junit.xml || complain "careless-desktop: flaw 2 (the reject without referenceId) is not in the JUnit report"

[[ $status == 0 ]] && echo "smoke: ok"
exit $status
