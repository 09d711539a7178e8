CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`notice_id` integer NOT NULL,
	`platform` text NOT NULL,
	`address_kind` text NOT NULL,
	`address_id` text NOT NULL,
	`recipient_kind` text NOT NULL,
	`recipient_id` text NOT NULL,
	`lead_id` integer,
	`action` text NOT NULL,
	`target_id` integer,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`reconcile` integer NOT NULL,
	`platform_ref` text,
	`card` text,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE INDEX `deliveries_due_idx` ON `deliveries` (`next_attempt_at`) WHERE "deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `deliveries_address_idx` ON `deliveries` (`platform`,`address_id`,`id`) WHERE "deliveries"."status" in ('pending', 'sending');--> statement-breakpoint
CREATE INDEX `deliveries_lease_idx` ON `deliveries` (`lease_until`) WHERE "deliveries"."status" = 'sending';--> statement-breakpoint
CREATE INDEX `deliveries_lead_posts_idx` ON `deliveries` (`lead_id`) WHERE "deliveries"."action" = 'post' and "deliveries"."status" = 'sent';--> statement-breakpoint
CREATE INDEX `deliveries_recipient_idx` ON `deliveries` (`platform`,`recipient_kind`,`recipient_id`,`id`);