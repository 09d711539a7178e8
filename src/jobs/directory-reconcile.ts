// The nightly reconcile (DIRECTORY_SYNC): a full `org sync` of each configured messenger, catching what an event
// missed (a callback lost while the server was down, a change made before events were subscribed). A failure is
// logged with the platform's code and what to do, and changes nothing; the next night tries again.
import type { DirectorySource } from '../../adapters/directory-source.ts';
import type { EngineDeps } from '../modules/deps.ts';
import type { Locale } from '../modules/i18n.ts';
import { DirectoryError } from '../modules/org/rules/directory.ts';
import { directoryFailureText } from '../modules/org/directory-text.ts';
import { syncDirectory } from '../modules/org/use-cases/sync-directory.ts';

export async function reconcileDirectories(
  deps: EngineDeps,
  sources: readonly DirectorySource[],
  log: (line: string) => void,
  locale: Locale,
): Promise<void> {
  for (const source of sources) {
    try {
      const r = await syncDirectory(deps, await source.snapshot());
      const changed = (xs: Array<{ change: string }>) => xs.filter((x) => x.change !== 'unchanged').length;
      log(
        `directory ${source.platform}: ${changed(r.plan.teams)} teams and ${changed(r.plan.people)} people changed, ${r.plan.deactivated.length} made inactive`,
      );
    } catch (err) {
      if (err instanceof DirectoryError) log(directoryFailureText(err.failure, locale).join(' '));
      else log(`directory ${source.platform}: reconcile failed: ${(err as Error).message}`);
    }
  }
}
