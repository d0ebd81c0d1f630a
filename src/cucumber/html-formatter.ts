import { batched, cucumberHtmlFormatter } from './batched-formatters.ts';

/** cucumber's `html` formatter, writing its file once a scenario (batched-formatters.ts). */
export default batched(cucumberHtmlFormatter);
