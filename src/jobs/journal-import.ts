// The daily import of the reports people write in WeCom 汇报 / DingTalk 日志 (issue 24 item 9): each configured
// platform from its checkpoint to now. A failure is logged and changes nothing already imported; the next day (or
// `leadline report import`) goes on from the checkpoint.
import type { EngineDeps } from '../modules/deps.ts';
import { importJournals, type JournalSource } from '../modules/reports/use-cases/import-journals.ts';

export async function importJournalsDaily(
  deps: EngineDeps,
  sources: readonly JournalSource[],
  log: (line: string) => void,
): Promise<void> {
  for (const source of sources) {
    try {
      const r = await importJournals(deps, source);
      log(
        `reports from ${source.platform}: ${r.listed} read, ${r.filed} filed, ${r.seen} seen before, ${r.keptNative} kept beside native reports, ${r.unknownPerson} from unlinked people, ${r.missing} non-filers`,
      );
    } catch (err) {
      log(`reports from ${source.platform}: import failed (resumes next time): ${(err as Error).message}`);
    }
  }
}
