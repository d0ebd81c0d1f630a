import { relative } from 'node:path';
import { loadModel } from '../flow/loader.ts';
import { modelFilesOf } from './model-paths.ts';
import type { FlowModel } from '../flow/model.ts';
import { describeReadings } from '../adapters/index.ts';
import { EXIT, parseCommandArgs } from './args.ts';
import type { CliIo } from './args.ts';
import { displayText } from './paths.ts';
import { PROFILES_USAGE } from './usage.ts';

/**
 * `flowcert profiles [paths...]`: every profile the models declare, which models declare it, whether it
 * is their default, and what it changes there — generated from the models, so the README's table
 * (`--format markdown`) cannot drift from them (test/cli/profiles-command.test.ts compares the two).
 */

export interface ProfileUse {
  profile: string;
  model: string;
  file: string;
  isDefault: boolean;
  title: string;
  changes: { step: string; as: string; source: string }[];
}

export interface ProfileListing {
  /** Profile name → its uses, one per declaring model; names sorted, models in file order. */
  profiles: Record<string, ProfileUse[]>;
  /** Profile name → what the reference Interaction Server does under it (`flowcert run --profile`). */
  acted: Record<string, string>;
  /** Models that load but declare no profiles (checked the same under every --profile). */
  withoutProfiles: string[];
  /** Model files that do not load (`flowcert lint` says why). */
  broken: string[];
}

const DEFAULT_PATHS = ['scenarios/'];
const FORMATS = ['text', 'markdown', 'json'] as const;

export async function profilesCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs('flowcert profiles', args, { format: { type: 'string' } });
  if (!parsed.ok) {
    io.stderr(`${parsed.message}\n`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    io.stdout(PROFILES_USAGE);
    return EXIT.ok;
  }
  const format = (parsed.values.format as string | undefined) ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) {
    io.stderr(`flowcert profiles: --format must be one of ${FORMATS.join(', ')}, not ${format}\n`);
    return EXIT.usage;
  }
  const given = parsed.positionals.length > 0 ? parsed.positionals : DEFAULT_PATHS;
  const found = await modelFilesOf({ command: 'flowcert profiles', purpose: 'profiles lists what flow models (*.yaml, *.yml) declare', nothing: 'nothing listed' }, given, io);
  if (!found) return EXIT.usage;
  const { files } = found;
  if (files.length === 0) {
    io.stderr(`flowcert profiles: no flow models (*.yaml, *.yml) in ${given.join(', ')}\n`);
    return EXIT.usage;
  }
  const listing = await listProfiles(files, io.cwd);
  const out = format === 'json' ? `${JSON.stringify(listing, null, 2)}\n` : format === 'markdown' ? profilesMarkdown(listing) : profilesText(listing);
  io.stdout(displayText(io.cwd, out));
  // A broken model may declare profiles this listing cannot show: say so by the exit code too.
  return listing.broken.length > 0 ? EXIT.failed : EXIT.ok;
}

export async function listProfiles(files: readonly string[], cwd: string): Promise<ProfileListing> {
  const profiles: Record<string, ProfileUse[]> = {};
  const withoutProfiles: string[] = [];
  const broken: string[] = [];
  for (const abs of files) {
    const file = relative(cwd, abs).split('\\').join('/');
    const { model } = await loadModel(abs);
    if (!model) broken.push(file);
    else if (!model.profiles) withoutProfiles.push(file);
    else for (const use of usesOf(model, file)) (profiles[use.profile] ??= []).push(use);
  }
  const names = Object.keys(profiles).sort();
  return {
    profiles: Object.fromEntries(names.map((n) => [n, profiles[n]])),
    acted: Object.fromEntries(names.map((n) => [n, describeReadings(n)])),
    withoutProfiles,
    broken,
  };
}

function usesOf(model: FlowModel, file: string): ProfileUse[] {
  const declared = model.profiles!;
  return Object.values(declared.byName).map((p) => ({
    profile: p.name,
    model: model.name,
    file,
    isDefault: p.name === declared.default,
    title: p.title,
    changes: p.choices.map((c) => ({ step: c.step, as: c.as, source: c.source })),
  }));
}

function changesLine(use: ProfileUse): string {
  return use.changes.length ? use.changes.map((c) => `${c.step} ${c.as}`).join(', ') : 'no step changed';
}

export function profilesText(l: ProfileListing): string {
  let out = '';
  for (const [name, uses] of Object.entries(l.profiles)) {
    out += `${name} — declared by ${uses.length} model${uses.length === 1 ? '' : 's'}\n`;
    for (const u of uses) {
      out += `  ${u.model} (${u.file})${u.isDefault ? ', its default' : ''}: ${u.title}\n`;
      for (const c of u.changes) out += `    ${c.step}: ${c.as} — ${c.source}\n`;
    }
    out += `  reference Interaction Server acts out: ${l.acted[name]}\n`;
  }
  if (l.withoutProfiles.length) out += `no profiles (one reading; checked the same under every --profile): ${l.withoutProfiles.join(', ')}\n`;
  if (l.broken.length) out += `not loaded (flowcert lint says why): ${l.broken.join(', ')}\n`;
  return out;
}

/** The README's table: one row per profile and model. */
export function profilesMarkdown(l: ProfileListing): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  let out = '| Profile | Model | Default | Reading | Steps it changes |\n|---|---|---|---|---|\n';
  for (const [name, uses] of Object.entries(l.profiles)) {
    for (const u of uses) out += `| \`${name}\` | ${cell(u.model)} | ${u.isDefault ? 'yes' : ''} | ${cell(u.title)} | ${cell(changesLine(u))} |\n`;
  }
  out += '\nWhat the reference Interaction Server acts out under each (`--profile NAME`):\n\n';
  for (const [name, acted] of Object.entries(l.acted)) out += `- \`${name}\`: ${acted}\n`;
  if (l.withoutProfiles.length) out += `\nModels with one reading (no profiles; their notes say why each inference has no second reading): ${l.withoutProfiles.map((f) => `\`${f}\``).join(', ')}.\n`;
  return out;
}
