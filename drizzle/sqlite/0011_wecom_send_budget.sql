CREATE TABLE `send_budget_days` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`day` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`scope`, `key`, `day`)
);
--> statement-breakpoint
CREATE TABLE `send_budget_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`sent_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `send_budget_log_key_idx` ON `send_budget_log` (`scope`,`key`,`sent_at`);--> statement-breakpoint
CREATE INDEX `send_budget_log_time_idx` ON `send_budget_log` (`sent_at`);