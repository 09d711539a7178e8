// The store's two lines of work (issue 23, item 1): on SQLite the scheduled jobs' units of work wait while a
// request's are queued; on PostgreSQL (a pool, units side by side) the jobs use the store itself.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../src/modules/ports.ts';
import { jobDepsOf } from '../src/runtime.ts';
import { createPgSchema, pgTestEnv, testEnv, type PgTestSchema, type TestEnv } from './helpers.ts';

describe('the store for scheduled jobs', () => {
  let env: TestEnv;
  afterEach(async () => env.close());

  it("on SQLite: a job's next unit of work waits for the requests queued meanwhile, and commits like any other", async () => {
    env = testEnv();
    const jobs = jobDepsOf(env.deps, null);
    expect(jobs.store).not.toBe(env.deps.store);
    const order: string[] = [];
    const write = (who: string, value: string) => async (tx: Tx) => {
      order.push(who);
      await tx.settings.set(who, value);
      // Hold the connection a little, as a sweep group does.
      await new Promise((resolve) => setTimeout(resolve, 3));
    };
    const sweep1 = jobs.store.transaction(write('sweep-1', 'a'));
    const sweep2 = jobs.store.transaction(write('sweep-2', 'b'));
    await new Promise((resolve) => setTimeout(resolve, 1));
    const clicks = [1, 2, 3].map((n) => env.deps.store.transaction(write(`click-${n}`, 'c')));
    await Promise.all([sweep1, sweep2, ...clicks]);
    expect(order).toEqual(['sweep-1', 'click-1', 'click-2', 'click-3', 'sweep-2']);
    // Both lines write through the one connection: everything is there.
    const saved = await env.deps.store.transaction(async (tx) =>
      Promise.all(['sweep-1', 'sweep-2', 'click-3'].map((k) => tx.settings.get(k))),
    );
    expect(saved).toEqual(['a', 'b', 'c']);
  });

  it('on SQLite: closing waits for the units of work of both lines queued before it', async () => {
    env = testEnv();
    const jobs = jobDepsOf(env.deps, null);
    const job = jobs.store.transaction(async (tx) => {
      await tx.settings.set('job', 'done');
      return 'job';
    });
    const click = env.deps.store.transaction(async (tx) => {
      await tx.settings.set('click', 'done');
      return 'click';
    });
    await env.deps.store.close();
    await expect(Promise.all([job, click])).resolves.toEqual(['job', 'click']);
    await expect(env.deps.store.transaction(() => Promise.resolve(1))).rejects.toMatchObject({
      code: 'STORE_CLOSED',
    });
  });

  it("on SQLite: a unit of work opened inside a job's own fails at once instead of waiting for itself", async () => {
    env = testEnv();
    const jobs = jobDepsOf(env.deps, null);
    const nested = jobs.store.transaction(() => env.deps.store.transaction(() => Promise.resolve('never')));
    await expect(nested).rejects.toMatchObject({ code: 'NESTED_TRANSACTION' });
    const nestedInJobs = env.deps.store.transaction(() =>
      jobs.store.transaction(() => Promise.resolve('never')),
    );
    await expect(nestedInJobs).rejects.toMatchObject({ code: 'NESTED_TRANSACTION' });
  });

  describe('on PostgreSQL', () => {
    let schema: PgTestSchema;
    beforeAll(async () => {
      schema = await createPgSchema();
    });
    afterAll(async () => schema.drop());

    it('gives the jobs the store itself (its pool runs units of work side by side)', async () => {
      env = await pgTestEnv(schema);
      expect(jobDepsOf(env.deps, null).store).toBe(env.deps.store);
    });
  });
});
