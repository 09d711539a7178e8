// The org module's slice of the store: people, teams and what routing reads of them.
import type { Person, Platform, Team } from '../../kernel/types.ts';
import type { RepStats } from '../leads/ports.ts';

export interface OrgRepo {
  upsertTeam(team: Team, now: number): Promise<'created' | 'updated' | 'unchanged'>;
  upsertPerson(person: Person, now: number): Promise<'created' | 'updated' | 'unchanged'>;
  team(id: string): Promise<Team | null>;
  teams(): Promise<Team[]>;
  person(id: string): Promise<Person | null>;
  /** Holds this person's row until the end of the transaction, so their claims are decided one at a time. */
  lockPerson(id: string): Promise<void>;
  people(): Promise<Person[]>;
  /** The person with this id on this messenger (person_identities); nobody for an id on another platform. */
  personByIdentity(platform: Platform, externalId: string): Promise<Person | null>;
  lastAssigned(): Promise<Map<string, number>>;
  setLastAssigned(personId: string, at: number): Promise<void>;
  repStats(): Promise<Map<string, RepStats>>;
  /** Recompute win rate and follow-up speed per person over [since, now]. */
  refreshRepStats(since: number, now: number): Promise<number>;
}
