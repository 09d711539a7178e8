CREATE TABLE `reward_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rep_id` text NOT NULL,
	`reward_id` text NOT NULL,
	`cost` integer NOT NULL,
	`status` text NOT NULL,
	`manager_id` text,
	`reason` text,
	`decided_by` text,
	`decided_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `reward_requests_rep_idx` ON `reward_requests` (`rep_id`,`status`);--> statement-breakpoint
ALTER TABLE `deals` ADD `expected_close_source` text;--> statement-breakpoint
ALTER TABLE `kbi_warnings` ADD `review_slots` text;--> statement-breakpoint
ALTER TABLE `kbi_warnings` ADD `review_at` integer;--> statement-breakpoint
ALTER TABLE `kbi_warnings` ADD `review_booked_at` integer;--> statement-breakpoint
ALTER TABLE `kbi_warnings` ADD `review_booked_by` text;