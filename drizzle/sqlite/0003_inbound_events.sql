CREATE TABLE `inbound_events` (
	`platform` text NOT NULL,
	`key` text NOT NULL,
	`seen_at` integer NOT NULL,
	PRIMARY KEY(`platform`, `key`)
);
