CREATE TABLE `forecast_snapshots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period` text NOT NULL,
	`day` text NOT NULL,
	`taken_at` integer NOT NULL,
	`period_start_at` integer NOT NULL,
	`period_end_at` integer NOT NULL,
	`total_cents` integer NOT NULL,
	`by_rep` text NOT NULL,
	`by_team` text NOT NULL,
	`probabilities` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `forecast_snapshots_period_day_idx` ON `forecast_snapshots` (`period`,`day`);--> statement-breakpoint
CREATE TABLE `kbi_days` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rep_id` text NOT NULL,
	`day` text NOT NULL,
	`due` integer NOT NULL,
	`met` integer NOT NULL,
	`rate` real,
	`by_kbi` text NOT NULL,
	`misses` text NOT NULL,
	`evaluated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kbi_days_rep_day_idx` ON `kbi_days` (`rep_id`,`day`);--> statement-breakpoint
CREATE TABLE `kbi_points` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`rep_id` text NOT NULL,
	`kbi_id` text NOT NULL,
	`points` real NOT NULL,
	`at` integer NOT NULL,
	`reason` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kbi_points_key_unique` ON `kbi_points` (`key`);--> statement-breakpoint
CREATE INDEX `kbi_points_rep_at_idx` ON `kbi_points` (`rep_id`,`at`);--> statement-breakpoint
CREATE TABLE `kbi_warnings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rep_id` text NOT NULL,
	`day` text NOT NULL,
	`tier` text NOT NULL,
	`manager_id` text,
	`reason` text NOT NULL,
	`deviations` text NOT NULL,
	`todo` text NOT NULL,
	`review_minutes` integer,
	`sent_at` integer NOT NULL,
	`acknowledged_at` integer,
	`manager_acknowledged_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `kbi_warnings_rep_day_idx` ON `kbi_warnings` (`rep_id`,`day`);--> statement-breakpoint
CREATE INDEX `kbi_warnings_day_idx` ON `kbi_warnings` (`day`);--> statement-breakpoint
CREATE TABLE `targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`scope` text NOT NULL,
	`scope_id` text NOT NULL,
	`period` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `targets_scope_period_idx` ON `targets` (`scope`,`scope_id`,`period`);