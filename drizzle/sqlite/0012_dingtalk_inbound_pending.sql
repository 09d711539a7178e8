CREATE TABLE `inbound_pending` (
	`platform` text NOT NULL,
	`key` text NOT NULL,
	`body` text NOT NULL,
	`received_at` integer NOT NULL,
	`next_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	PRIMARY KEY(`platform`, `key`)
);
--> statement-breakpoint
CREATE INDEX `inbound_pending_due` ON `inbound_pending` (`platform`,`next_at`);