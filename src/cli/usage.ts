/** Help texts, word for word as the README shows them. */

export const MAIN_USAGE = `Usage: flowcert <command> [options]

Conformance test harness and scenario DSL for Genesys-style contact-center message flows.

Commands:
  lint [paths...]            validate flow models against the protocol catalog
  check TRACE --model FILE   check a recorded trace against a flow model, offline
  run [paths...]             run the features against reference servers or a SUT
  serve [roles...]           run reference servers standalone, for a SUT to build against
  certify --sut FILE         certify a system under test: every scenario, a certificate
  merge DIR...               merge the reports of a run's shards (run/certify --shard i/n)
  profiles [paths...]        list the readings of GenEM (--profile NAME) the models declare
  load --model NAME          drive a model's flow at a target rate, check a sample, report latencies
  help [command]             show a command's help

Options:
  -h, --help                 show this help
  -V, --version              print the flowcert version

Run \`flowcert <command> --help\` for a command's options and exit codes.
`;

export const PROFILES_USAGE = `Usage: flowcert profiles [paths...] [options]

Lists every profile (a reading of GenEM a run chooses with --profile NAME) that the
flow models declare: which models declare it, whether it is their default, the steps
it changes and the source of each choice, and what the reference Interaction Server
acts out under it. A model that does not declare a profile is checked under its own
default. A path is a model file or a folder. Default path: scenarios/

Options:
  --format <text|markdown|json>   output format (default: text; markdown is the README's table)
  -h, --help                      show this help

Exit codes:
  0  listed
  1  a model does not load (flowcert lint says why), so its profiles are not listed
  2  usage error (a path that is not a flow model or a folder of them: nothing listed)
`;

export const LINT_USAGE = `Usage: flowcert lint [paths...] [options]

Validates flow models (YAML) against the protocol catalog and reports every
problem at once, each with file:line:col, what was expected and a hint.
A path is a model file or a folder searched for *.yaml and *.yml.
Default path: scenarios/
Features (*.feature) are not models: flowcert run checks them before it
runs anything.

Options:
  --format <text|json>   output format (default: text)
  -h, --help             show this help

Exit codes:
  0  no errors (warnings may have been printed)
  1  at least one error
  2  usage error (bad option; a path that does not exist or is not a model)
`;

export const CHECK_USAGE = `Usage: flowcert check TRACE --model FILE [options]

Checks a recorded trace (ndjson, as a run writes under reports/traces/)
against a flow model, offline, and explains the verdict: the matched steps,
and for a failure the first divergence with the model step and what was
observed instead.

The trace is judged on its content: every message is validated against the
catalog again and requests and responses are paired again; where the
violations the trace records differ, the differences are listed and the
verdict uses the catalog's. A trace that ends early (no footer, or one that
says the run was interrupted) makes what it may have lost inconc, not fail.

Options:
  --model <file>          the flow model (YAML); required
  --variant <id>          the variant to check; required when the model has
                          more than one
  --timer <name=ms>       override one of the model's timers (repeatable)
  --param <name=value>    set one of the model's params; the value is JSON,
                          or else taken as a string (repeatable)
  --profile <name>        read the model under this of its profiles (default:
                          the profile the trace records, from the run's
                          --profile, else the model's default)
  --json                  print the match result as JSON
  -h, --help              show this help

Exit codes:
  0  pass
  1  fail
  2  usage or input error (bad option, unreadable trace, invalid model)
  3  inconc (the verdict cannot be decided)
  4  error (the harness or the setup broke)
`;

export const SERVE_USAGE = `Usage: flowcert serve [ROLE[=NAME]...] [options]

Starts reference participants as real servers on 127.0.0.1 (free ports unless
--port says), prints their endpoints, records a trace of everything they serve,
and stops on Ctrl-C. Default: one Interaction Server named IS1.
A ROLE is InteractionServer (or Interaction Server); NAME names it in traces.
An IVRServer (IVR XML over tcp://) connects to the T-Servers listed before it,
with IVR1's ports 01/02 on DNs 8001/8002 unless --ivr-config gives its IVRs.

Options:
  --host <addr>          listen on this address (default 127.0.0.1); any
                         address but loopback needs an access token
  --token <token>        the access token clients must present, as ?token= on
                         the URL (16 characters or more; default: the
                         FLOWCERT_TOKEN environment variable, which keeps it
                         out of the process list); never printed nor traced
  --port <NAME=PORT>     a fixed port for a participant (repeatable)
  --timer <name=ms>      set a timer, e.g. --timer delivering=2000 (repeatable);
                         one a served participant runs
  --inject-fault <NAME=FAULT>
                         make a served Interaction Server misbehave (repeatable)
  --profile <name>       the reading of GenEM the served servers act out, e.g.
                         genem-table (README, "Profiles"); recorded in the trace
  --ivr-config <file>    the served IVR Servers' IVRs, ports and T-Servers (YAML,
                         schemas/ivr-config.schema.json); problems are listed
                         with file:line:col and nothing starts
  --trace <file>         where the trace goes (default
                         reports/serve/trace-<time>.ndjson; not with --no-trace)
  --trace-sample N       keep only every N-th interaction's messages in the trace
                         (and the answers to its requests), as a load run does
  --no-trace             keep no trace
  --json                 print the endpoints as one JSON line, for scripts
  --control <url>        be one participant driven by a harness through its
                         control channel (a process binding); any reference role
  -h, --help             show this help

Exit codes:
  0  stopped by Ctrl-C, SIGTERM, or the harness (also while it was starting:
     what it started is stopped first); a second Ctrl-C exits at once, 130
  2  usage error (e.g. --host off loopback without a token, an unknown
     --timer, --trace with --no-trace)
  4  a participant could not start (e.g. the port is taken)
`;

export const CERTIFY_USAGE = `Usage: flowcert certify --sut FILE [--role ROLE] [--out DIR] [run options]
       flowcert certify --verify DIR

Runs every feature with the system under test bound as FILE says (a binding
configuration; default flowcert.config.yaml in this folder), then writes a
certificate of the role it plays: certificate.json and certificate.html, with
its identity and declared capabilities, the verdict per model, variant and
phase (worst wins), a conformance score (passed over applicable scenarios;
inconclusive never counts as passed), coverage of its part of the catalog,
why each failure failed (the explanation, the model step, a trace excerpt, the
sequence diagram), and the sha-256 of every file the verdicts rest on.

Options:
  --sut <file>       the binding configuration of the system under test
  --role <role>      the role to certify (default: the one role the
                     configuration binds, or that a SUT played)
  --out <dir>        where the certificate goes (default: <reports>/certificate)
  --verify <dir>     re-read a certificate folder: was it edited, and is the
                     suite it rests on unchanged? (exit 0 it applies, 1 not,
                     2 the folder does not exist or holds no certificate)
  and every option of flowcert run: --tags, --parallel, --reports, --no-allure,
  --timer, --profile, --shard (the certificate records the options that change
  what ran, the profile among them;
  a shard keeps its scenario records in its flowcert-shard.json, and
  \`flowcert merge\` builds the whole suite's certificate from every shard's)
  -h, --help         show this help

Exit codes: 0 pass, 1 fail, 2 usage or configuration error, 3 inconc only,
4 error, 130 interrupted.
`;

export const MERGE_USAGE = `Usage: flowcert merge DIR... [--out DIR] [--no-allure]

Merges the reports folders of every shard of one run (flowcert run --shard i/n,
or flowcert certify --shard i/n, one folder each) into one reports folder, as if
the suite had run on one machine: cucumber-junit.xml (one testsuite, every
scenario once), allure-results/ (every shard's, side by side) and the Allure
report, traces/, the summary line, and for certify shards one certificate built
from every shard's scenario records (certificate/). Each shard's Cucumber HTML
report stays in its folder. A manifest lists what merge wrote, so the next run
or merge in that folder removes exactly that.

Refused, before anything is written (exit 2): a folder without
flowcert-shard.json; shards of different flowcert versions, commands, shard
counts or suites (other scenarios selected, a feature, model or configuration
file that differs, other options); the same shard twice or a scenario in two
shards; a missing shard (named); a shard that was interrupted or did not finish.

Options:
  --out <dir>     where the merged reports go (default: reports); not inside a
                  shard's folder
  --no-allure     do not generate the Allure HTML report (allure-results are
                  still merged)
  -h, --help      show this help

Exit codes (the merged run's, as run and certify give them):
  0  every scenario passed (certify: the certificate's verdict is pass)
  1  a scenario failed
  2  usage error or a refusal above: nothing was written
  3  nothing failed, but a scenario was inconclusive
  4  a scenario ended in error
`;

export const LOAD_USAGE = `Usage: flowcert load [options]

Drives one model's flow at a target rate (as SIPp's -r, -l and -m do for calls),
checks a sample of the instances against the model, and reports the achieved
rate, the latency of each step and where it saturated. The Interaction Server is
the reference in a process of its own (recording its own sampled trace, which the
sample is checked on; the Stat Server gets one too), or the one --sut binds; URS,
the media server and the agents' desktops drive it from the harness's process. A progress
line goes to stderr once a second; the table (or --json) to stdout. Every sampled
instance that does not pass is written with its trace excerpt to
<reports>/load/<time>/. Models and variants it can drive:
deliver-interaction-to-agent accept.

Options:
  --model NAME             the model (default deliver-interaction-to-agent)
  --variant NAME           the variant (default accept)
  --rate N                 instances started per second (default 100)
  --ramp D                 climb from 0 to --rate over the first D of the run
                           (30s, 500ms, 2m); the table says where it stopped keeping up
  --duration D             how long to start instances: 30s, 500ms, 2m (default 10s)
  --agents N               agents logged in; each takes one instance at a time (default 100)
  --limit N                at most N instances in flight (like sipp -l; default: the agents)
  --count N                at most N instances in all (like sipp -m)
  --sample N|F             check N instances spread over the run, or a fraction F < 1
                           of them (default 1000)
  --timer delivering=MS    the delivering timer (default 5000 ms in a load run)
  --inject-fault IS1=NAME  a named fault of the reference Interaction Server (repeatable)
  --sut FILE               load the Interaction Server FILE binds (IS1 or the role; the
                           format run --sut takes); the driver stays the reference
  --in-process             the reference Interaction Server in the harness's own process
                           (one event loop for everything: the old way, for comparison)
  --reports DIR            where reports go (default reports)
  --json                   the result as JSON on stdout
  -h, --help               show this help

Exit: 0 every sampled instance passed; 1 one failed (or a request was refused);
2 usage error; 3 one was inconclusive; 4 error; 130 interrupted (Ctrl-C or SIGTERM,
start-up included: the table says what it got to, and what the interrupt cut
short is inconc, never fail).
`;
