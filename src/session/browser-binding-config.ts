import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { splitBrowserPageQuery, SELECTOR_KEYS, SELECTOR_KEY_NAMES, SELECTORS_NEEDED_FOR, browserCapabilitiesOf, REFERENCE_DESKTOP_SELECTORS } from '../adapters/index.ts';
import type { SelectorKey, SelectorMap, StimulusKind } from '../adapters/index.ts';
import type { Role } from '../catalog/types.ts';
import { didYouMean } from '../diagnostic/did-you-mean.ts';
import type { Field, LoadContext } from '../flow/load-context.ts';

/**
 * A browser binding's own options (README, "The browser adapter"): the page (reference, a URL, or a
 * file next to the configuration), its selector map, the Chromium to launch. Every problem is reported
 * where it was written; a capability claimed without the selectors it needs is one of them.
 */
export function readBrowserOptions(ctx: LoadContext, dir: string, fields: Map<string, Field>, path: string, role: Role | undefined, out: Record<string, unknown>): void {
  if (role !== undefined && role !== 'AgentApplication') {
    const kindField = fields.get('kind');
    ctx.error(kindField?.value, 'CONFIG_BROWSER_ROLE', `${path}: a browser binding plays an agent application (a web desktop), not a ${role}`, { expected: 'roles: { AgentApplication: { kind: browser, … } }', hint: 'bind the web desktop under roles.AgentApplication or under the participant name of a desktop' });
  }
  const page = fields.get('page');
  let reference = true;
  if (page) {
    const v = ctx.scalar(page.value);
    if (typeof v !== 'string' || v.trim() === '') ctx.wrongType(page.value, `${path}.page`, 'reference, an http(s):// URL, or a page file relative to the configuration');
    else {
      out.page = v;
      reference = v === 'reference';
      const file = resolve(dir, splitBrowserPageQuery(v)[0]);
      if (!reference && !/^https?:\/\//.test(v) && !existsSync(file)) {
        ctx.error(page.value, 'CONFIG_NO_SUCH_PAGE', `${path}.page: no such file ${file}`, { expected: 'reference, an http(s):// URL, or a page file relative to the configuration', hint: `the path is relative to ${dir}` });
      }
    }
  }
  const exe = fields.get('executablePath');
  if (exe) {
    const v = ctx.scalar(exe.value);
    if (typeof v === 'string' && v.trim() !== '') out.executablePath = v;
    else ctx.wrongType(exe.value, `${path}.executablePath`, 'the path of a Chromium executable, e.g. /usr/bin/chromium');
  }
  const selectors: SelectorMap = {};
  const field = fields.get('selectors');
  if (field) {
    for (const e of ctx.entries(field.value, `${path}.selectors`, 'a mapping of selector names to Playwright selectors') ?? []) {
      if (!(SELECTOR_KEY_NAMES as string[]).includes(e.name)) {
        ctx.error(e.key, 'CONFIG_UNKNOWN_SELECTOR', `${path}.selectors: unknown selector ${e.name}`, { expected: `some of ${SELECTOR_KEY_NAMES.join(', ')}`, hint: didYouMean(e.name, SELECTOR_KEY_NAMES) });
        continue;
      }
      const v = ctx.scalar(e.value);
      if (typeof v === 'string' && v.trim() !== '') selectors[e.name as SelectorKey] = v;
      else ctx.wrongType(e.value, `${path}.selectors.${e.name}`, `a Playwright selector: ${SELECTOR_KEYS[e.name as SelectorKey]}`);
    }
    for (const key of ['ready', 'notReady', 'status'] as const) {
      const v = selectors[key];
      if (v !== undefined && !v.includes('{media}')) {
        const at = ctx.entries(field.value, `${path}.selectors`, '')?.find((x) => x.name === key);
        ctx.error(at?.value, 'CONFIG_SELECTOR_NEEDS_MEDIA', `${path}.selectors.${key} must say where {media} goes: one ${key === 'status' ? 'status' : 'button'} per medium`, { expected: `e.g. ${REFERENCE_DESKTOP_SELECTORS[key]}` });
      }
    }
    out.selectors = selectors;
  } else if (!reference) {
    ctx.error(page?.key, 'CONFIG_MISSING_KEY', `${path}: a browser binding with its own page needs selectors: where on that page each thing is`, { expected: `selectors: { agent: '#agent', place: '#place', login: '#login', loggedIn: '…', status: '#status-{media}', invitation: '…', accept: '…', reject: '…' } (keys: ${SELECTOR_KEY_NAMES.join(', ')})` });
  }
  // A claim the selectors cannot carry out is found now, not in the middle of a scenario.
  const claimed = out.capabilities as StimulusKind[] | undefined;
  if (claimed) {
    const all = { ...(reference ? REFERENCE_DESKTOP_SELECTORS : {}), ...selectors };
    const caps = fields.get('capabilities');
    for (const c of claimed) {
      const needed = SELECTORS_NEEDED_FOR[c];
      if (!needed) {
        ctx.error(caps?.value, 'CONFIG_BROWSER_CAPABILITY', `${path}.capabilities: a web desktop cannot be driven to ${c}`, { expected: `some of ${browserCapabilitiesOf(REFERENCE_DESKTOP_SELECTORS).join(', ')}` });
        continue;
      }
      const lacking = needed.filter((k) => !all[k]);
      if (lacking.length) ctx.error(caps?.value, 'CONFIG_MISSING_SELECTOR', `${path}.capabilities claims ${c}, and selectors has no ${lacking.join(', ')}`, { expected: lacking.map((k) => `${k}: ${SELECTOR_KEYS[k]}`).join('; ') });
    }
  }
}
