import { describe, expect, it } from 'vitest';
import { turns } from './turns.ts';

describe('turns', () => {
  it('releases one taker per turn of the event loop, first come first served', async () => {
    const t = turns();
    let turn = 0;
    let ticking = true;
    const tick = () => {
      turn++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const released: Array<[string, number]> = [];
    const all = ['a', 'b', 'c'].map((name) => t.take().then(() => released.push([name, turn])));
    expect(t.waiting).toBe(3);
    await Promise.all(all);
    ticking = false;
    expect(released.map(([name]) => name)).toEqual(['a', 'b', 'c']);
    const at = released.map(([, n]) => n);
    // Each on a turn of its own: the ticker advanced between any two releases.
    expect(at[1]).toBeGreaterThan(at[0] as number);
    expect(at[2]).toBeGreaterThan(at[1] as number);
    expect(t.waiting).toBe(0);
  });

  it('lets a timer that is due fire between two takers', async () => {
    const t = turns();
    const order: string[] = [];
    const first = t.take().then(() => {
      order.push('first');
      setTimeout(() => order.push('timer'), 1);
      // Holds the loop past the timer's due time, as a heavy command would.
      const until = performance.now() + 5;
      while (performance.now() < until);
    });
    const second = t.take().then(() => order.push('second'));
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'timer', 'second']);
  });
});
