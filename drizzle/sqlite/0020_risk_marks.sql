CREATE TABLE `risk_marks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`lead_id` integer NOT NULL,
	`deal_id` integer,
	`signal` text NOT NULL,
	`phrase` text NOT NULL,
	`excerpt` text NOT NULL,
	`source` text NOT NULL,
	`source_ref` text NOT NULL,
	`actor_id` text
);
--> statement-breakpoint
CREATE INDEX `risk_marks_signal_lead_idx` ON `risk_marks` (`signal`,`lead_id`);--> statement-breakpoint
CREATE INDEX `risk_marks_lead_idx` ON `risk_marks` (`lead_id`,`id`);--> statement-breakpoint
-- The signals raised on deals before this table existed (events of type deal.risk) become past cases too.
INSERT INTO `risk_marks` (`at`, `lead_id`, `deal_id`, `signal`, `phrase`, `excerpt`, `source`, `source_ref`, `actor_id`)
SELECT `at`, `lead_id`, json_extract(`data`, '$.dealId'), json_extract(`data`, '$.signal'),
  coalesce(json_extract(`data`, '$.phrase'), ''), coalesce(json_extract(`data`, '$.excerpt'), ''),
  coalesce(json_extract(`data`, '$.source'), 'note'), coalesce(json_extract(`data`, '$.sourceRef'), ''), `actor_id`
FROM `events` WHERE `type` = 'deal.risk' AND `lead_id` IS NOT NULL AND json_extract(`data`, '$.signal') IS NOT NULL
ORDER BY `id`;
