import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultCatalog } from '../catalog/catalog.ts';
import { renderModelCoverage } from '../reporting/model-coverage-html.ts';
import { COVERAGE_MEDIA_TYPE, coverageLines, mergeModelCoverage, modelCoverage, readCoverageRecord, type CoverageRecord, type ModelCoverage, type ModelOutline } from '../reporting/model-coverage.ts';

/**
 * The run's model coverage (reporting/model-coverage.ts): each scenario's record read from cucumber's
 * messages as they come — from --parallel workers too — and, once the run is over, the lines printed
 * above the summary and reports/model-coverage.html and .json.
 */
export const COVERAGE_HTML = 'model-coverage.html';
export const COVERAGE_JSON = 'model-coverage.json';

export function coverageFiles(reportsDir: string): string[] {
  return [join(reportsDir, COVERAGE_HTML), join(reportsDir, COVERAGE_JSON)];
}

export class RunCoverage {
  private readonly records: CoverageRecord[] = [];

  onMessage(e: { attachment?: { mediaType: string; body: string } }): void {
    if (e.attachment?.mediaType !== COVERAGE_MEDIA_TYPE) return;
    const r = readCoverageRecord(e.attachment.body);
    if (r) this.records.push(r);
  }

  result(models: readonly ModelOutline[]): ModelCoverage {
    return modelCoverage(models, defaultCatalog.all().map((m) => `${m.protocol}:${m.name}`), this.records);
  }

  /** Writes the page and the data; returns the lines to print (the page named as `shown` gives it). */
  async write(models: readonly ModelOutline[], reportsDir: string, shown: (p: string) => string): Promise<string[]> {
    return writeCoverage(this.result(models), reportsDir, shown);
  }
}

export async function writeCoverage(c: ModelCoverage, reportsDir: string, shown: (p: string) => string): Promise<string[]> {
  const page = join(reportsDir, COVERAGE_HTML);
  await writeFile(page, renderModelCoverage(c, new Date().toISOString()));
  await writeFile(join(reportsDir, COVERAGE_JSON), `${JSON.stringify(c, null, 2)}\n`);
  return coverageLines(c, shown(page));
}

/**
 * The shards' coverage added up (`flowcert merge`), from each shard folder's model-coverage.json; a
 * shard without one (written by an older flowcert) leaves the merged run without coverage: undefined.
 */
export async function shardCoverage(dirs: readonly string[]): Promise<ModelCoverage | undefined> {
  const parts: ModelCoverage[] = [];
  for (const dir of dirs) {
    try {
      parts.push(JSON.parse(await readFile(join(dir, COVERAGE_JSON), 'utf8')) as ModelCoverage);
    } catch {
      return undefined;
    }
  }
  return mergeModelCoverage(parts);
}
