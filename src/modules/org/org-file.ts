// The org file (teams, people, roles, skills, capacity, platform ids) → the engine's Org. Validated here, at the edge.
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError, formatIssues } from '../../config.ts';
import { ROLES, type Person, type Role, type Team } from '../../kernel/types.ts';
import { OVERLAY_FIELDS, type OverlayValues } from './rules/directory.ts';
import type { Org, OverlayEntry } from './use-cases/import-org.ts';

const id = z.string({ error: 'expected an id (text)' }).trim().min(1, 'expected an id (text)');
const platformId = z
  .union([z.string(), z.number()], { error: 'expected a platform user id' })
  .transform(String);
const channels = z.strictObject({
  slack: platformId.optional(),
  wecom: platformId.optional(),
  dingtalk: platformId.optional(),
});

const orgSchema = z.strictObject({
  timezone: z.string().optional(),
  locale: z.enum(['zh-CN', 'en'], { error: 'expected zh-CN or en' }).optional(),
  teams: z
    .array(
      z.strictObject({
        id,
        name: z.string({ error: 'expected a team name' }),
        manager: id.optional(),
        channels: channels.optional(),
      }),
      {
        error: 'expected a list of teams',
      },
    )
    .default([]),
  people: z.array(
    z.strictObject({
      // Without an id and a name, an entry only lays values over a person a directory sync brought in (found by
      // a messenger id, email or name).
      id: id.optional(),
      name: z.string({ error: 'expected a name' }).min(1, 'expected a name').optional(),
      team: id.optional(),
      role: z
        .enum(ROLES as [Role, ...Role[]], { error: `expected one of ${ROLES.join(', ')}` })
        .default('rep'),
      skills: z.array(z.string(), { error: 'expected a list of skill tags' }).default([]),
      capacity: z
        .number({ error: 'expected a whole number ≥ 0' })
        .int('expected a whole number ≥ 0')
        .min(0, 'expected a whole number ≥ 0')
        .default(8),
      email: z.string().optional(),
      locale: z.enum(['zh-CN', 'en'], { error: 'expected zh-CN or en' }).optional(),
      active: z.boolean({ error: 'expected true or false' }).default(true),
      outOfOffice: z.boolean({ error: 'expected true or false' }).default(false),
      slack: platformId.optional(),
      wecom: platformId.optional(),
      dingtalk: platformId.optional(),
    }),
    { error: 'expected a list of people' },
  ),
});

const PLATFORMS = ['slack', 'wecom', 'dingtalk'] as const;

/** The people entries as written (which keys each one has: an overlay keeps only what was set). */
function rawPeopleOf(doc: unknown): Array<Record<string, unknown>> {
  const people = (doc as { people?: unknown } | null)?.people;
  return Array.isArray(people)
    ? people.map((p) => (typeof p === 'object' && p !== null ? (p as Record<string, unknown>) : {}))
    : [];
}

/** Parses and cross-checks the org file: unknown teams, managers and duplicate ids are errors, listed together. */
export function parseOrgFile(text: string): Org {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new ConfigError(
      'ORG_INVALID',
      doc.errors.map((e) => `line ${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`),
      'the org file is not valid YAML',
    );
  }
  const parsed = orgSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success)
    throw new ConfigError('ORG_INVALID', formatIssues(parsed.error), 'the org file has problems');
  const o = parsed.data;
  const problems: string[] = [];
  if (o.timezone !== undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: o.timezone });
    } catch {
      problems.push(`timezone: expected an IANA timezone such as Asia/Shanghai`);
    }
  }
  const teamIds = new Set<string>();
  o.teams.forEach((t, i) => {
    if (teamIds.has(t.id)) problems.push(`teams[${i}].id: ${t.id} is listed twice`);
    teamIds.add(t.id);
  });
  const personIds = new Set<string>();
  o.people.forEach((p, i) => {
    const whole = p.id !== undefined && p.name !== undefined;
    if (!whole) {
      if (p.team !== undefined)
        problems.push(
          `people[${i}].team: the team of a person without id and name comes from the directory sync`,
        );
      if (
        p.id === undefined &&
        p.name === undefined &&
        p.email === undefined &&
        !PLATFORMS.some((k) => p[k] !== undefined)
      )
        problems.push(
          `people[${i}]: expected an id, a name, an email or a messenger id to find the person by`,
        );
      return;
    }
    if (personIds.has(p.id as string)) problems.push(`people[${i}].id: ${p.id} is listed twice`);
    personIds.add(p.id as string);
    if (p.team !== undefined && !teamIds.has(p.team))
      problems.push(`people[${i}].team: no team with id ${p.team}`);
  });
  o.teams.forEach((t, i) => {
    if (t.manager !== undefined && !personIds.has(t.manager))
      problems.push(`teams[${i}].manager: no person with id ${t.manager}`);
  });
  for (const platform of PLATFORMS) {
    const seen = new Map<string, string>();
    for (const p of o.people) {
      const pid = p[platform];
      if (pid === undefined) continue;
      const who = p.id ?? p.name ?? p.email ?? pid;
      if (seen.has(pid)) problems.push(`people: ${who} and ${seen.get(pid)} share the ${platform} id ${pid}`);
      seen.set(pid, who);
    }
  }
  if (problems.length > 0) throw new ConfigError('ORG_INVALID', problems, 'the org file has problems');

  const teams: Team[] = o.teams.map((t) => ({
    id: t.id,
    name: t.name,
    managerId: t.manager ?? null,
    channels: t.channels ?? {},
  }));
  const identitiesOf = (p: (typeof o.people)[number]) => ({
    ...(p.slack === undefined ? {} : { slack: p.slack }),
    ...(p.wecom === undefined ? {} : { wecom: p.wecom }),
    ...(p.dingtalk === undefined ? {} : { dingtalk: p.dingtalk }),
  });
  const rawPeople = rawPeopleOf(doc.toJS());
  const overlay: OverlayEntry[] = o.people.map((p, i) => {
    const given = rawPeople[i] ?? {};
    const values: OverlayValues = {};
    for (const field of OVERLAY_FIELDS) {
      if (!(field in given)) continue;
      (values as Record<string, unknown>)[field] = field === 'locale' ? (p.locale ?? null) : p[field];
    }
    return {
      at: `people[${i}]`,
      key: {
        ...(p.id === undefined ? {} : { id: p.id }),
        ...(p.name === undefined ? {} : { name: p.name }),
        ...(p.email === undefined ? {} : { email: p.email }),
        identities: identitiesOf(p),
      },
      values,
    };
  });
  const people: Person[] = o.people
    .flatMap((p) => (p.id === undefined || p.name === undefined ? [] : [{ ...p, id: p.id, name: p.name }]))
    .map((p) => ({
      id: p.id,
      name: p.name,
      teamId: p.team ?? null,
      role: p.role,
      skills: p.skills,
      capacity: p.capacity,
      email: p.email ?? null,
      locale: p.locale ?? null,
      active: p.active,
      outOfOffice: p.outOfOffice,
      identities: identitiesOf(p),
    }));
  return { timezone: o.timezone ?? null, locale: o.locale ?? null, teams, people, overlay };
}
