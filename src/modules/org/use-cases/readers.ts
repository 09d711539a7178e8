import type { Person } from '../../../kernel/types.ts';
import type { Tx } from '../../ports.ts';
import { managerOf } from './manager-of.ts';

/**
 * Whether `reader` may read something held by `holders` (a deal's owner, a lead's owner and the reps it was offered
 * to) and shown to `involved` (the people asked for help on a deal, given its tasks or its hand-over): the holders
 * and the involved themselves, a holder's manager, and directors (issue 22, finding 10: ids are sequential, so
 * anyone could read any deal or routing story by counting).
 */
export async function mayRead(
  tx: Tx,
  reader: Pick<Person, 'id' | 'role' | 'active'>,
  holders: readonly string[],
  involved: readonly string[] = [],
): Promise<boolean> {
  if (!reader.active) return false;
  if (reader.role === 'director') return true;
  if (holders.includes(reader.id) || involved.includes(reader.id)) return true;
  for (const holder of new Set(holders)) if ((await managerOf(tx, holder)) === reader.id) return true;
  return false;
}
