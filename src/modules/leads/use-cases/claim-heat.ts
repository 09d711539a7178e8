// F5 (issue 24 item 2): the claim heat map's data — every claim on the shared flow of leads in the last seven
// days (offers accepted and market claims; a lead a rep entered is no claim), per rep and day or hour.
import { orgTimezone, type EngineDeps } from '../../deps.ts';
import { isSeller } from '../rules/routing.ts';
import { claimHeat, HEAT_DAYS, type ClaimHeat, type HeatBy } from '../rules/claim-heat.ts';

const DAY = 24 * 60 * 60 * 1000;

export async function claimHeatReport(deps: EngineDeps, by: HeatBy): Promise<ClaimHeat> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const zone = await orgTimezone(tx, deps);
    // A day more than the span: the rule cuts at the local midnight seven days back.
    const events = await tx.events.between(now - (HEAT_DAYS + 1) * DAY, now + 1, ['lead.claimed']);
    const claims = events.flatMap((e) =>
      e.type === 'lead.claimed' && e.via !== 'entered' ? [{ by: e.by, at: e.at }] : [],
    );
    const people = (await tx.org.people()).filter((p) => p.active && isSeller(p, deps.rules));
    return claimHeat({ claims, people, now, zone, by });
  });
}
