import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { platform } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/**
 * The Allure HTML report, generated from allure-results with allure-commandline (Allure 2, bundled in
 * the npm package, run on Java). Java is the one thing npm cannot install, so its absence is a hint,
 * never a failure of the run.
 */
export type AllureOutcome =
  | { kind: 'generated'; reportDir: string }
  | { kind: 'skipped'; message: string }
  | { kind: 'failed'; message: string };

export const JAVA_MISSING = 'allure report skipped: Java not found (install a JRE 17+ to get reports/allure-report)';

/** The java that allure-commandline's launcher would run: $JAVA_HOME/bin/java, else java on PATH. */
export function findJava(env: Record<string, string | undefined>): string | undefined {
  const exe = platform() === 'win32' ? 'java.exe' : 'java';
  if (env.JAVA_HOME) {
    const java = join(env.JAVA_HOME, 'bin', exe);
    return isExecutable(java) ? java : undefined;
  }
  for (const dir of (env.PATH ?? env.Path ?? '').split(delimiter)) {
    if (!dir) continue;
    const java = join(dir, exe);
    if (isExecutable(java)) return java;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function allureLauncher(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('allure-commandline/package.json');
    const bin = join(dirname(pkg), 'dist', 'bin', platform() === 'win32' ? 'allure.bat' : 'allure');
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `allure generate <results> -o <report> --clean`, with analytics off. Output is captured, not shown:
 * the run prints one summary line; a failure returns allure's last lines. `signal` (the run was
 * interrupted): allure is not started, or is stopped, and the outcome says how to generate it later.
 */
export async function generateAllureReport(opts: { resultsDir: string; reportDir: string; env: Record<string, string | undefined>; displayReportDir?: string; displayResultsDir?: string; signal?: AbortSignal }): Promise<AllureOutcome> {
  const shown = opts.displayReportDir ?? opts.reportDir;
  const interrupted: AllureOutcome = {
    kind: 'skipped',
    message: `allure report skipped: the run was interrupted (npx allure generate ${opts.displayResultsDir ?? opts.resultsDir} -o ${shown} --clean makes it)`,
  };
  if (opts.signal?.aborted) return interrupted;
  if (!findJava(opts.env)) return { kind: 'skipped', message: JAVA_MISSING.replace('reports/allure-report', shown) };
  const launcher = allureLauncher();
  if (!launcher) return { kind: 'skipped', message: 'allure report skipped: allure-commandline is not installed (run npm ci)' };
  const args = ['generate', opts.resultsDir, '-o', opts.reportDir, '--clean'];
  const env = { ...opts.env, ALLURE_NO_ANALYTICS: 'true' };
  return new Promise((resolve) => {
    const child =
      platform() === 'win32'
        ? spawn('cmd.exe', ['/d', '/s', '/c', launcher, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
        : spawn(launcher, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (b: Buffer) => {
      output = (output + b.toString('utf8')).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    // Java starts slowly and allure takes seconds: an interrupted run does not wait for it.
    const onAbort = () => {
      child.kill();
      resolve(interrupted);
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('close', () => opts.signal?.removeEventListener('abort', onAbort));
    child.on('error', (err) => resolve({ kind: 'failed', message: `allure report failed: ${err.message}` }));
    child.on('close', (code) => {
      if (code === 0 && existsSync(join(opts.reportDir, 'index.html'))) resolve({ kind: 'generated', reportDir: opts.reportDir });
      else {
        const last = output.trim().split('\n').slice(-3).join(' | ');
        resolve({ kind: 'failed', message: `allure report failed (exit ${code}): ${last || 'no output'}` });
      }
    });
  });
}
