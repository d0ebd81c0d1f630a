// Cucumber configuration. `npx cucumber-js` uses it as it is (and so does the VS Code extension's
// runner); `flowcert run` starts from it and overrides the paths, tags, parallel and the reports folder.
// The JUnit report is flowcert's own (src/reporting/junit-report.ts), written by `flowcert run`:
// cucumber's formatter knows no inconclusive or error verdicts.
// tsx is registered by the first import; cucumber's `loader` option does not work with tsx.
// src/cli/cucumber-worker.ts makes a --parallel worker stop cleanly on Ctrl-C or SIGTERM, and die with its parent.
export default {
  paths: ['features/**/*.feature'],
  import: ['src/cucumber/register-tsx.mjs', 'src/cucumber/support/**/*.ts', 'steps/**/*.ts', 'src/cli/cucumber-worker.ts'],
  format: [
    'progress',
    'html:reports/cucumber-report.html',
    'message:reports/cucumber-messages.ndjson',
    // allure-cucumberjs writes its results to resultsDir; given stdout, it would swallow the progress output.
    'allure-cucumberjs/reporter:reports/allure-results/cucumber-formatter.log',
  ],
  formatOptions: {
    resultsDir: 'reports/allure-results',
    snippetInterface: 'async-await',
  },
  worldParameters: {
    reportsDir: 'reports',
    // The run's fast default: a timer a feature leaves unset runs this short wherever a reference
    // participant runs it, recorded in each trace as a run override — the Deliver feature leaves the
    // delivering timer at the Interaction Server's default (30 s), which a first run and CI would wait
    // out in every scenario. A system under test runs its own; a feature that sets a timer, and
    // `flowcert run --timer`, win over this.
    // The Pull model's processing timer (handling-timeout, 180 min by default) likewise: 1 s leaves room for
    // its Processing Occurs scenario, whose agent works on the interaction 400 ms into the timer.
    fastTimers: { delivering: 200, handling: 1000 },
  },
};
