import { batched, cucumberMessageFormatter } from './batched-formatters.ts';

/** cucumber's `message` formatter, writing its file once a scenario (batched-formatters.ts). */
export default batched(cucumberMessageFormatter);
