// Listed first in cucumber's `import`, so every .ts support file after it (src/cucumber/support, steps/)
// loads through tsx: under `npx cucumber-js`, in `flowcert run`, and in every --parallel worker process.
// Cucumber's own `loader` option does not work with tsx. In `flowcert run` the bin has registered tsx
// already; registering a second time in that process does no harm (the e2e tests run that way).
import { register } from 'tsx/esm/api';

register();
