CREATE TABLE `platform_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`platform` text NOT NULL,
	`record_id` text NOT NULL,
	`kind` text NOT NULL,
	`external_user` text NOT NULL,
	`rep_id` text,
	`date` text NOT NULL,
	`report_id` integer,
	`template` text NOT NULL,
	`fields` text NOT NULL,
	`reported_at` integer NOT NULL,
	`imported_at` integer NOT NULL,
	`outcome` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `platform_reports_record_idx` ON `platform_reports` (`platform`,`record_id`);--> statement-breakpoint
CREATE INDEX `platform_reports_date_idx` ON `platform_reports` (`date`,`kind`);--> statement-breakpoint
ALTER TABLE `daily_reports` ADD `source` text;