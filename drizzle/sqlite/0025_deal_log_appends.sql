-- A reader that cached a month's stage log (src/store/sql/stage-log.ts) now finds what was appended since by the
-- highest event and deal ids, and adds it: `deal_log` counts only the other changes (an event changed or
-- deleted, a deal's pipeline, owner or lead changed, a deal deleted), after which it reads the month again.
DROP TRIGGER `events_deal_log_insert`;
--> statement-breakpoint
DROP TRIGGER `deals_deal_log_insert`;
