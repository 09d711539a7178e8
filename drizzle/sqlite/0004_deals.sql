CREATE TABLE `deal_evidence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`deal_id` integer NOT NULL,
	`stage` text NOT NULL,
	`requirement` text NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`file_name` text,
	`mime` text,
	`size` integer,
	`pages` integer,
	`sha256` text,
	`at` integer NOT NULL,
	`added_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `deal_evidence_deal_idx` ON `deal_evidence` (`deal_id`,`stage`);--> statement-breakpoint
CREATE TABLE `deal_people` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`deal_id` integer NOT NULL,
	`name` text NOT NULL,
	`title` text NOT NULL,
	`concern` text NOT NULL,
	`influence` integer NOT NULL,
	`status` text NOT NULL,
	`last_contact_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `deal_people_deal_idx` ON `deal_people` (`deal_id`);--> statement-breakpoint
CREATE TABLE `deal_tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`deal_id` integer NOT NULL,
	`kind` text NOT NULL,
	`stage` text NOT NULL,
	`assignee_id` text NOT NULL,
	`requester_id` text,
	`title` text NOT NULL,
	`due_at` integer NOT NULL,
	`remind_at` integer,
	`reminded_at` integer,
	`escalated_at` integer,
	`done_at` integer,
	`data` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `deal_tasks_due_idx` ON `deal_tasks` (`done_at`,`escalated_at`,`due_at`);--> statement-breakpoint
CREATE INDEX `deal_tasks_deal_idx` ON `deal_tasks` (`deal_id`,`kind`);--> statement-breakpoint
CREATE INDEX `deal_tasks_remind_idx` ON `deal_tasks` (`done_at`,`reminded_at`,`remind_at`);--> statement-breakpoint
CREATE TABLE `deals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`lead_id` integer NOT NULL,
	`customer` text NOT NULL,
	`amount` real NOT NULL,
	`yearly_value` real NOT NULL,
	`tier` text NOT NULL,
	`pipeline` text NOT NULL,
	`stage` text NOT NULL,
	`stage_entered_at` integer NOT NULL,
	`stage_due_at` integer NOT NULL,
	`owner_id` text NOT NULL,
	`status` text NOT NULL,
	`expected_close_at` integer,
	`doubtful` integer DEFAULT 0 NOT NULL,
	`health` text DEFAULT 'green' NOT NULL,
	`stall_alerted_at` integer,
	`created_at` integer NOT NULL,
	`closed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deals_lead_id_unique` ON `deals` (`lead_id`);--> statement-breakpoint
CREATE INDEX `deals_owner_idx` ON `deals` (`owner_id`,`status`);--> statement-breakpoint
CREATE INDEX `deals_stall_idx` ON `deals` (`status`,`stall_alerted_at`,`stage_due_at`);