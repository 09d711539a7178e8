// The neutral message model. The engine and the chat layer speak only this; each adapter renders it to its
// platform (Block Kit, WeCom template cards, DingTalk interactive cards, the playground's HTML).

export type Level = 'info' | 'green' | 'yellow' | 'red' | 'win';

/** Action ids shared by every adapter. A button carries one of these and a value (usually a lead id). */
export const ACTIONS = {
  leadClaim: 'lead.claim',
  leadPass: 'lead.pass',
  leadRelease: 'lead.release',
  leadWhy: 'lead.why',
  leadTouch: 'lead.touch',
  /** Issue 24 item 8: link a WeCom customer contact to this lead (value: `LEAD|EXTERNAL_USERID|NAME`). */
  leadLink: 'lead.link',
  marketOpen: 'market.open',
  dealOpen: 'deal.open',
  /** Turn a claimed lead into a deal: a form asks the amount and the expected close date (value: the lead id). */
  dealNew: 'deal.new',
  dealAdvance: 'deal.advance',
  dealEvidence: 'deal.evidence',
  dealStall: 'deal.stall',
  dealAnswer: 'deal.answer',
  dealDone: 'deal.done',
  /** Charts (issue 11): the table behind a chart as a CSV file; the value is the chart's command, e.g. `distribution 2026-11`. */
  chartCsv: 'chart.csv',
  /** Daily report (F28): file it (value: the date), confirm a low score as it is, check in where the place was sent. */
  reportSubmit: 'report.submit',
  reportConfirm: 'report.confirm',
  /** A manager's Read and Comment on a filed report (value: the report id). */
  reportRead: 'report.read',
  reportComment: 'report.comment',
  /** Issue 21 item 2: open one filed report (value: the report id); the next page of a team's table (value:
   * `DATE|TEAM|PAGE`). */
  reportOpen: 'report.open',
  reportTeam: 'report.team',
  /** Issue 20: open the day's report as a page (check-in with the phone's position, photos); value: the date. */
  reportForm: 'report.form',
  /** Issue 24 item 6: open a voice message's ticks as a form (value: the items, as the form's context), where the
   * message came with no way to open one (a Slack clip without the form pages). */
  reportSpoken: 'report.spoken',
  /** Issue 20: the rep confirms that a check-in's place is the customer's address; value: the check-in id. */
  reportPlace: 'report.place',
  /** F22: acknowledge a KBI warning; the value is the warning id. */
  kbiAck: 'kbi.ack',
  /** F22: the manager accepts a red review's slot; the value is `WARNING:SLOT` (slot 0 or 1). */
  kbiReview: 'kbi.review',
  /** F23: the manager approves or declines (a form asks why) a reward request; the value is the request id. */
  rewardApprove: 'kbi.reward.approve',
  rewardDecline: 'kbi.reward.decline',
  /** Issue 21: the morning patrol's buttons; the value is the item's key (`deal:12`, `report:ann:2026-11-17`). */
  patrolNudge: 'patrol.nudge',
  patrolAck: 'patrol.ack',
} as const;
export type ActionId = (typeof ACTIONS)[keyof typeof ACTIONS];

/** Buttons whose answer is a form (when the click is allowed): a messenger whose forms must open within seconds
 * of the click (Slack's trigger_id) opens a placeholder first and fills it with the answer. */
export const FORM_ACTIONS: ReadonlySet<string> = new Set<ActionId>([
  ACTIONS.dealNew,
  ACTIONS.leadTouch,
  ACTIONS.dealEvidence,
  ACTIONS.dealAnswer,
  ACTIONS.dealStall,
  ACTIONS.reportComment,
  ACTIONS.rewardDecline,
  ACTIONS.reportForm,
  ACTIONS.reportSpoken,
]);

export interface CardAction {
  id: ActionId;
  label: string;
  value: string;
  style?: 'primary' | 'danger';
}

export interface CardField {
  label: string;
  value: string;
}

export type FormFieldKind =
  | 'text'
  | 'textarea'
  | 'number'
  | 'select'
  /** Several choices at once (the value: the chosen values joined by commas). */
  | 'checks'
  /** The phone's position (page only): hidden lat/lng/accuracy/time/datum filled by the page's script. */
  | 'place'
  /** Files from the phone (page only): `accept` says which, `capture` opens the camera. */
  | 'files';

/** Kinds only the mobile form page can show: a modal or dialog leaves them out (the page link offers them). */
export const PAGE_ONLY_KINDS: ReadonlySet<FormFieldKind> = new Set<FormFieldKind>(['place', 'files']);

export interface FormField {
  name: string;
  label: string;
  kind: FormFieldKind;
  required: boolean;
  options?: Array<{ value: string; label: string }>;
  placeholder?: string;
  initial?: string;
  /** For `files`: the accept list (e.g. `image/*`) and whether the camera opens first. */
  accept?: string;
  capture?: boolean;
  /** A line of help under the field. */
  hint?: string;
}

/** A file sent with a form (the page's file inputs): the input's name, the file's name and its bytes. */
export interface FormFile {
  field: string;
  name: string;
  bytes: Uint8Array;
}

/** A form the user fills in (a Slack modal, a signed mobile page on WeCom/DingTalk, a dialog in the playground). */
export interface Form {
  id: FormId;
  title: string;
  submitLabel: string;
  fields: FormField[];
  /** Opaque context returned with the submission (e.g. the lead id). */
  context?: string;
  /** Lines shown above the fields (what the log already knows, e.g. the day's visits). */
  intro?: string;
}

export const FORMS = {
  leadNew: 'lead.new',
  leadTouch: 'lead.touch',
  dealEvidence: 'deal.evidence',
  dealStall: 'deal.stall',
  dealAnswer: 'deal.answer',
  reportComment: 'report.comment',
  rewardDecline: 'kbi.reward.decline',
  /** The lead → deal form (转商机): amount, expected close date; context: the lead id. */
  dealNew: 'deal.new',
  /** Issue 20: the daily report as a page (check-in, photos, key actions, summary). */
  reportDaily: 'report.daily',
  /** Issue 24 item 6: the items of a spoken summary, each ticked to keep; context: the items (JSON). */
  reportSpoken: 'report.spoken',
} as const;
export type FormId = (typeof FORMS)[keyof typeof FORMS];

/** A picture (a chart) and the one line shown beneath it that says what it shows. */
export interface CardImage {
  png: Uint8Array;
  alt: string;
  reading?: string;
}

/** The rows of a table export (a header, then one row per line), numbers kept as numbers. */
export interface CardTable {
  header: string[];
  rows: Array<Array<string | number>>;
}

/** A file (CSV export). `mime` e.g. `text/csv; charset=utf-8`. */
export interface CardFile {
  name: string;
  mime: string;
  bytes: Uint8Array;
  /** The rows the file was written from, when it is a table: a platform that refuses CSV (DingTalk) sends the same
   * rows as an Excel workbook instead. */
  table?: CardTable;
}

export interface Card {
  title: string;
  level: Level;
  fields?: CardField[];
  body?: string;
  actions?: CardAction[];
  form?: Form;
  /** A PNG, e.g. a chart. */
  image?: CardImage;
  /** A file handed over with the card, e.g. the CSV behind a chart. */
  file?: CardFile;
  /** Set on cards about one lead, so every copy of it can be found and updated later. */
  leadId?: number;
}

/**
 * How an answer goes back to the person who spoke: `ephemeral` only they see (where the platform allows),
 * `in_place` replaces the card they clicked, `open_form` opens the card's form.
 */
export interface Reply {
  mode: 'ephemeral' | 'in_place' | 'open_form';
  card: Card;
  /**
   * Said where the person spoke, for everyone there to see (a claim taking a lead off the pool). Unset, a reply
   * asked for in a group chat goes to the speaker alone: their figures, deal cards and errors are nobody else's.
   */
  shared?: true;
}
