CREATE TABLE `customer_places` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lead_id` integer NOT NULL,
	`lat` real NOT NULL,
	`lng` real NOT NULL,
	`datum` text NOT NULL,
	`source` text NOT NULL,
	`learnt_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customer_places_lead_id_unique` ON `customer_places` (`lead_id`);--> statement-breakpoint
CREATE TABLE `daily_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rep_id` text NOT NULL,
	`team_id` text,
	`date` text NOT NULL,
	`status` text NOT NULL,
	`key_actions` text NOT NULL,
	`summary` text NOT NULL,
	`photo_id` integer,
	`visits` text NOT NULL,
	`score` integer,
	`result` text,
	`opened_at` integer NOT NULL,
	`submitted_at` integer,
	`late` integer DEFAULT 0 NOT NULL,
	`confirmed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `daily_reports_rep_date_idx` ON `daily_reports` (`rep_id`,`date`);--> statement-breakpoint
CREATE INDEX `daily_reports_date_idx` ON `daily_reports` (`date`,`status`);--> statement-breakpoint
CREATE TABLE `report_checkins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rep_id` text NOT NULL,
	`lead_id` integer NOT NULL,
	`at` integer NOT NULL,
	`lat` real NOT NULL,
	`lng` real NOT NULL,
	`datum` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `report_checkins_rep_idx` ON `report_checkins` (`rep_id`,`at`);--> statement-breakpoint
CREATE TABLE `report_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`author_id` text NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `report_notes_report_idx` ON `report_notes` (`report_id`);--> statement-breakpoint
CREATE TABLE `report_photos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rep_id` text NOT NULL,
	`team_id` text,
	`report_id` integer,
	`lead_id` integer,
	`sha256` text NOT NULL,
	`hash` text NOT NULL,
	`exif_taken_at` integer,
	`exif_lat` real,
	`exif_lng` real,
	`sent_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `report_photos_sent_idx` ON `report_photos` (`sent_at`);