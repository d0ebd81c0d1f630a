import type { SelectorMap } from './browser-selectors.ts';
import type { ProtocolId } from '../catalog/registry.ts';
import type { StimulusKind } from './stimulus.ts';

/**
 * What a configuration (`flowcert.config.yaml`, `--sut FILE`) says about who plays a part: an adapter
 * kind and its options. Plain data, loaded and checked by session/binding-config.ts.
 */
export type Binding = ReferenceBinding | ProcessBinding | RemoteBinding | BrowserBinding | ReplayBinding;

export interface BindingCommon {
  /** Where the binding was written, for errors: `flowcert.config.yaml:12:5`. */
  at?: string;
  /** Stimuli the participant claims to take; without it, what its hello on the control channel says. */
  capabilities?: StimulusKind[];
  /**
   * The protocols the participant speaks (a PICS-like declaration, like capabilities). A scenario that
   * would connect it to a face carrying another protocol (an Interaction Management desktop to a
   * T-Server's T-Library) is not applicable to it: inconc before it is started, and not counted in a
   * certificate. Without it, the harness starts it wherever the scenario says and it answers for itself.
   */
  protocols?: ProtocolId[];
  /** How long start may take before the scenario ends in error (ms). */
  startTimeoutMs?: number;
}

export interface ReferenceBinding extends BindingCommon {
  kind: 'reference';
  /** Where a reference server listens (default 127.0.0.1); anything but loopback needs a token. */
  host?: string;
  port?: number;
  /** The access token its clients must present (`?token=`); a secret, never written (README, "Access token"). */
  token?: string;
}

export interface ProcessBinding extends BindingCommon {
  kind: 'process';
  command: string;
  args?: string[];
  env?: Record<string, string>;
  /** Relative to the configuration file's folder. */
  cwd?: string;
  /** Speaks the control channel (default true); without it the harness only waits for it to connect or listen. */
  control?: boolean;
  /** A server role without control: the endpoints it listens on (the harness waits until they accept). */
  endpoints?: Record<string, string>;
  /** After stop: how long it may take to exit before SIGTERM, then SIGKILL (ms). */
  stopTimeoutMs?: number;
  /** How long a stimulus may take to be answered (ms). */
  stimulusTimeoutMs?: number;
  /**
   * Not configurable (a configuration cannot say it): the process is flowcert's own reference server
   * (`flowcert serve --control --trace FILE`), which records every connection to it in a trace of its
   * own, as the reference does in process. Its clients then reach it directly, with no recording relay,
   * and a reference client records its own end in the harness's trace — read for timing, never for a
   * verdict (frames of different sockets reach it in the order the OS hands them over). `flowcert load`
   * sets it when it gives the Interaction Server its own process.
   */
  recordsItself?: true;
}

export interface RemoteBinding extends BindingCommon {
  kind: 'remote';
  /** A server role: the endpoints the SUT offers, by face (`im: ws://10.0.0.5:7120/`). */
  endpoints?: Record<string, string>;
  /** The SUT's control endpoint, which the harness connects to. */
  control?: string;
  stimulusTimeoutMs?: number;
}

/** A web desktop driven in Chromium through playwright-core (adapters/browser.ts). */
export interface BrowserBinding extends BindingCommon {
  kind: 'browser';
  /**
   * `reference` (flowcert's web desktop, the default), an http(s) URL, or a page file relative to the
   * configuration's folder (its folder is then served on 127.0.0.1). The page is opened with `?server=`,
   * `participant=` and `delivering=` added to its query.
   */
  page?: string;
  /** Where things are on the page; the reference desktop's when `page` is reference. */
  selectors?: SelectorMap;
  /** The Chromium to launch (default /usr/bin/chromium, Debian's package). */
  executablePath?: string;
  /** How long an element may take to appear, or a request to be answered, before the stimulus fails (ms, default 5000). */
  stimulusTimeoutMs?: number;
}

export interface ReplayBinding extends BindingCommon {
  kind: 'replay';
  /** A folder of traces laid out as a run writes them (`reports/traces`): each scenario replays its own. */
  traces: string;
}

/** The bindings of a run: by participant name first, then by role, then the default; else reference. */
export interface Bindings {
  /** The configuration file, for messages; absent when none was given. */
  file?: string;
  /** The folder relative paths in the file are resolved against. */
  dir: string;
  /** The system under test as the configuration names it (for reports and certificates). */
  sut?: { name?: string; version?: string; [k: string]: unknown };
  participants: Record<string, Binding>;
  roles: Record<string, Binding>;
  default?: Binding;
  /** The environment a spawned SUT inherits (the CLI's). */
  env: Record<string, string | undefined>;
  /**
   * Every secret value of the configuration and of that environment (README, "Secrets"): handed to the
   * SUT as configured, taken out of everything flowcert writes (secrets/redactor.ts). Plain strings, so
   * the bindings still travel as JSON to --parallel workers, which redact too.
   */
  secrets?: string[];
}

export const NO_BINDINGS: Bindings = { dir: '.', participants: {}, roles: {}, env: {} };

export function bindingFor(b: Bindings, name: string, role: string): Binding {
  return b.participants[name] ?? b.roles[role] ?? b.default ?? { kind: 'reference' };
}
