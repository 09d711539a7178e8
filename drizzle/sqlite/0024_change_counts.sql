CREATE TABLE `change_counts` (
	`name` text PRIMARY KEY NOT NULL,
	`n` integer NOT NULL
);
--> statement-breakpoint
-- `deal_log` counts the changes to what `dealStageLog` reads (src/store/sql/events-repo.ts, STAGE_LOG_TYPES):
-- events of those types and the deals' pipeline, owner and lead. A read-only connection that cached a month's
-- stage log reads this counter in its own snapshot and reads the log again when it moved.
CREATE TRIGGER `events_deal_log_insert` AFTER INSERT ON `events`
WHEN NEW.`type` IN ('deal.created', 'deal.advanced', 'deal.won', 'deal.evidence_added', 'deal.stall_analysis', 'deal.risk')
BEGIN
  INSERT INTO `change_counts` (`name`, `n`) VALUES ('deal_log', 1)
  ON CONFLICT (`name`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
-- The event log is append-only; should a row ever change or go, the cached logs go with it.
CREATE TRIGGER `events_deal_log_update` AFTER UPDATE ON `events`
BEGIN
  INSERT INTO `change_counts` (`name`, `n`) VALUES ('deal_log', 1)
  ON CONFLICT (`name`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `events_deal_log_delete` AFTER DELETE ON `events`
BEGIN
  INSERT INTO `change_counts` (`name`, `n`) VALUES ('deal_log', 1)
  ON CONFLICT (`name`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `deals_deal_log_insert` AFTER INSERT ON `deals`
BEGIN
  INSERT INTO `change_counts` (`name`, `n`) VALUES ('deal_log', 1)
  ON CONFLICT (`name`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `deals_deal_log_update` AFTER UPDATE OF `pipeline`, `owner_id`, `lead_id`, `id` ON `deals`
BEGIN
  INSERT INTO `change_counts` (`name`, `n`) VALUES ('deal_log', 1)
  ON CONFLICT (`name`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `deals_deal_log_delete` AFTER DELETE ON `deals`
BEGIN
  INSERT INTO `change_counts` (`name`, `n`) VALUES ('deal_log', 1)
  ON CONFLICT (`name`) DO UPDATE SET `n` = `n` + 1;
END;
