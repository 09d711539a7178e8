import { describe, expect, it } from 'vitest';
import { scoreReport, type CustomerFacts, type DailyReport } from '../rules/authenticity.ts';
import { buildPhotoIndex } from '../rules/photo-hash.ts';
import { DEFAULT_RULES } from '../../rules.ts';
import { renderAuthenticity, renderFlag } from './authenticity.ts';

const TZ = 'Asia/Shanghai';
const at = (iso: string) => Date.parse(`${iso}+08:00`);
const HASH = 'c3a5e1f00f1e5a3c';

const store: CustomerFacts = {
  id: 'c1',
  name: '好邻居便利店',
  industry: '便利店',
  place: { lat: 31.2304, lng: 121.4737, datum: 'GCJ02' },
  leads: 1,
  deals: 0,
};

function result(summary: string, photos = buildPhotoIndex([])) {
  const report: DailyReport = {
    id: 'r1',
    repId: 'alice',
    date: '2026-11-23',
    submittedAt: at('2026-11-23T18:00:00'),
    summary: '',
    visits: [
      {
        id: 'v1',
        customerId: 'c1',
        claimedAt: at('2026-11-23T10:00:00'),
        loggedAt: at('2026-11-23T10:30:00'),
        checkIn: null,
        photo: { photoId: 'p1', hash: HASH, exif: null },
        summary,
      },
    ],
  };
  return scoreReport(
    report,
    { timezone: TZ, customers: new Map([['c1', store]]), photos },
    DEFAULT_RULES,
    report.submittedAt,
  );
}

describe('renderFlag', () => {
  const reused = result(
    '和店长确认了货架陈列',
    buildPhotoIndex([
      {
        photoId: 'p0',
        reportId: 'r0',
        repId: 'bob',
        customerId: 'c1',
        sentAt: at('2026-11-03T15:00:00'),
        hash: HASH,
      },
    ]),
  );

  it('asks to resend a photo that looks like an earlier one, in both languages', () => {
    const [flag] = reused.flags;
    expect(flag).toBeDefined();
    const names = (id: string) => (id === 'bob' ? 'Bob' : id);
    expect(renderFlag(flag!, 'en', names)).toMatchInlineSnapshot(`
      {
        "ask": "This photo looks like the one from 11-03 — resend a photo from this visit to 好邻居便利店?",
        "explain": "Photo for 好邻居便利店 matches a photo sent 11-03 by Bob for 好邻居便利店: 0 of 64 bits differ (same photo at 8 or fewer).",
        "kind": "PHOTO_REUSED",
        "points": 35,
        "visitId": "v1",
      }
    `);
    expect(renderFlag(flag!, 'zh-CN', names).ask).toBe(
      '这张照片和 11-03 的那张很像——能补发一张 好邻居便利店 这次拜访的照片吗？',
    );
  });

  it('shows the industries in the reader’s language', () => {
    const [flag] = result('向医院院长介绍新品').flags;
    expect(renderFlag(flag!, 'zh-CN').explain).toBe(
      '好邻居便利店（便利店）的拜访总结使用了医院相关词：医院/院长；便利店相关词：-。',
    );
    expect(renderFlag(flag!, 'en').ask).toBe(
      'The summary for 好邻居便利店 reads like a hospital visit (医院/院长). Is it for the right customer? Correct it, or confirm.',
    );
  });

  it('has words for every kind of flag in both languages', () => {
    const kinds = [
      'CHECKIN_FAR',
      'IMPOSSIBLE_TRAVEL',
      'LATE_REPORT',
      'BURST_ENTRY',
      'PHOTO_REUSED',
      'EXIF_TIME_FAR',
      'EXIF_PLACE_FAR',
      'INDUSTRY_MISMATCH',
      'UNBACKED_CLAIM',
    ] as const;
    for (const kind of kinds)
      for (const locale of ['en', 'zh-CN'] as const)
        for (const part of ['explain', 'ask'] as const) {
          const text = renderFlag({ ...reused.flags[0]!, kind } as never, locale)[part];
          expect(text, `${locale} ${part} ${kind}`).not.toMatch(/^authenticity\./);
        }
  });
});

describe('renderAuthenticity', () => {
  it('gives the score and one question per flag, or says there is nothing to check', () => {
    expect(renderAuthenticity(result('向医院院长介绍新品'), 'en')).toEqual({
      header: 'Report health 65/100',
      lines: [
        'A few things in this report need a quick check:',
        'The summary for 好邻居便利店 reads like a hospital visit (医院/院长). Is it for the right customer? Correct it, or confirm.',
      ],
    });
    expect(renderAuthenticity(result('和店长确认了货架陈列'), 'zh-CN')).toEqual({
      header: '日报健康度 100/100',
      lines: ['这份日报没有需要确认的地方。'],
    });
  });
});
