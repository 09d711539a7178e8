// Daily report authenticity (F29) words, in English and Chinese: what each flag compared ("explain", for the
// rep and the manager) and the question it asks the rep ("ask": confirm or correct, never an accusation).
export const authenticityEn = {
  'authenticity.score': 'Report health {score}/100',
  'authenticity.confirm': 'A few things in this report need a quick check:',
  'authenticity.allClear': 'Nothing to check in this report.',
  'authenticity.explain.CHECKIN_FAR':
    'Check-in for {customer} was {meters} m from their address on file (more than {maxMeters} m).',
  'authenticity.explain.IMPOSSIBLE_TRAVEL':
    '{fromCustomer} at {fromTime} and {toCustomer} at {toTime} are {km} km apart, {minutes} min between them: even {way} it takes at least {needed} min.',
  'authenticity.explain.LATE_REPORT':
    'Report filed {submittedTime}, {hours} h after the first visit ({earliestTime}); filed after {lateAfter}.',
  'authenticity.explain.BURST_ENTRY':
    '{count} visit logs entered {firstLogged}–{lastLogged} (within {withinMinutes} min) for visits claimed {firstClaimed}–{lastClaimed} ({spanHours} h apart).',
  'authenticity.explain.PHOTO_REUSED':
    'Photo for {customer} matches a photo sent {matchDate} by {matchRep} for {matchCustomer}: {distance} of 64 bits differ (same photo at {maxDistance} or fewer).',
  'authenticity.explain.EXIF_TIME_FAR':
    'Photo for {customer} was taken {exifTime} (camera time), the visit is {claimedTime}: {minutes} min apart (more than {toleranceMinutes}).',
  'authenticity.explain.EXIF_PLACE_FAR':
    "Photo for {customer} was taken {meters} m from the customer's address (camera GPS; more than {maxMeters} m).",
  'authenticity.explain.INDUSTRY_MISMATCH':
    'Summary for {customer} ({industry}) uses {foreignIndustry} words: {foreignWords}; {industry} words: {ownWords}.',
  'authenticity.explain.UNBACKED_CLAIM': 'No visit log, lead or deal of {customer} behind this visit.',
  'authenticity.ask.CHECKIN_FAR':
    'Your check-in for {customer} was {meters} m from their address on file. Were you at another site of theirs? Correct the place, or confirm it.',
  'authenticity.ask.IMPOSSIBLE_TRAVEL':
    '{fromCustomer} ({fromTime}) and {toCustomer} ({toTime}) are {km} km apart. Could one of the times be off? Correct it, or confirm.',
  'authenticity.ask.LATE_REPORT':
    'This report was filed at {submittedTime} for visits from {earliestTime}. Please check the times are right, or correct them.',
  'authenticity.ask.BURST_ENTRY':
    '{count, plural, one {# visit} other {# visits}} were logged within a few minutes ({firstLogged}–{lastLogged}). Please check their visit times, or correct them.',
  'authenticity.ask.PHOTO_REUSED':
    'This photo looks like the one from {matchDate} — resend a photo from this visit to {customer}?',
  'authenticity.ask.EXIF_TIME_FAR':
    'The photo for {customer} says it was taken {exifTime}, the visit was {claimedTime}. Resend one from the visit, or correct the time.',
  'authenticity.ask.EXIF_PLACE_FAR':
    "The photo for {customer} says it was taken {meters} m from the customer's address. Resend one from the visit, or tell us where it was taken.",
  'authenticity.ask.INDUSTRY_MISMATCH':
    'The summary for {customer} reads like a {foreignIndustry} visit ({foreignWords}). Is it for the right customer? Correct it, or confirm.',
  'authenticity.ask.UNBACKED_CLAIM':
    'We found no visit log, lead or deal for {customer}. Link the lead or check in next time, or confirm the visit.',
} satisfies Record<string, string>;

export const authenticityZh: Record<keyof typeof authenticityEn, string> = {
  'authenticity.score': '日报健康度 {score}/100',
  'authenticity.confirm': '这份日报有几处需要你确认一下：',
  'authenticity.allClear': '这份日报没有需要确认的地方。',
  'authenticity.explain.CHECKIN_FAR':
    '{customer} 的打卡位置距客户登记地址 {meters} 米（超过 {maxMeters} 米）。',
  'authenticity.explain.IMPOSSIBLE_TRAVEL':
    '{fromTime} {fromCustomer} 与 {toTime} {toCustomer} 相距 {km} 公里，间隔 {minutes} 分钟：即使{way}也至少需要 {needed} 分钟。',
  'authenticity.explain.LATE_REPORT':
    '日报提交于 {submittedTime}，距首次拜访（{earliestTime}）{hours} 小时，且晚于 {lateAfter}。',
  'authenticity.explain.BURST_ENTRY':
    '{count} 条拜访记录在 {firstLogged}–{lastLogged}（{withinMinutes} 分钟内）录入，所述拜访时间为 {firstClaimed}–{lastClaimed}（相隔 {spanHours} 小时）。',
  'authenticity.explain.PHOTO_REUSED':
    '{customer} 的照片与 {matchDate} {matchRep} 为 {matchCustomer} 发送的照片相似：64 位指纹仅差 {distance} 位（≤ {maxDistance} 视为同一张）。',
  'authenticity.explain.EXIF_TIME_FAR':
    '{customer} 的照片拍摄于 {exifTime}（相机时间），拜访时间为 {claimedTime}，相差 {minutes} 分钟（超过 {toleranceMinutes}）。',
  'authenticity.explain.EXIF_PLACE_FAR':
    '{customer} 的照片拍摄地距客户地址 {meters} 米（相机定位，超过 {maxMeters} 米）。',
  'authenticity.explain.INDUSTRY_MISMATCH':
    '{customer}（{industry}）的拜访总结使用了{foreignIndustry}相关词：{foreignWords}；{industry}相关词：{ownWords}。',
  'authenticity.explain.UNBACKED_CLAIM': '{customer} 的这次拜访没有对应的拜访记录、线索或商机。',
  'authenticity.ask.CHECKIN_FAR':
    '你在 {customer} 的打卡位置距客户登记地址 {meters} 米，是去了对方的其他地点吗？请更正地点，或确认无误。',
  'authenticity.ask.IMPOSSIBLE_TRAVEL':
    '{fromCustomer}（{fromTime}）与 {toCustomer}（{toTime}）相距 {km} 公里，是否有一个时间填错了？请更正，或确认无误。',
  'authenticity.ask.LATE_REPORT':
    '这份日报提交于 {submittedTime}，拜访从 {earliestTime} 开始。请核对时间，或更正。',
  'authenticity.ask.BURST_ENTRY':
    '{count} 条拜访在几分钟内（{firstLogged}–{lastLogged}）录入，请核对各次拜访时间，或更正。',
  'authenticity.ask.PHOTO_REUSED':
    '这张照片和 {matchDate} 的那张很像——能补发一张 {customer} 这次拜访的照片吗？',
  'authenticity.ask.EXIF_TIME_FAR':
    '{customer} 的照片显示拍摄于 {exifTime}，拜访时间为 {claimedTime}。请补发现场照片，或更正时间。',
  'authenticity.ask.EXIF_PLACE_FAR':
    '{customer} 的照片显示拍摄地距客户地址 {meters} 米。请补发现场照片，或说明拍摄地点。',
  'authenticity.ask.INDUSTRY_MISMATCH':
    '{customer} 的拜访总结读起来像{foreignIndustry}拜访（{foreignWords}），客户选对了吗？请更正，或确认无误。',
  'authenticity.ask.UNBACKED_CLAIM':
    '没有找到 {customer} 的拜访记录、线索或商机。请关联线索或下次拜访时打卡，或确认这次拜访。',
};
