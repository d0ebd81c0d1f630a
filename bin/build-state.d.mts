// Types of build-state.mjs, for the tests that check the bin's choice.
export const SOURCE_DIRS: readonly string[];
export const BUILD_DIR: string;
export const STAMP: string;
/** Why dist/ cannot be run (missing, or older than a source), or undefined when it can. */
export function whyNotBuilt(root: string): string | undefined;
