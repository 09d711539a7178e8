DROP INDEX `leads_closed_idx`;--> statement-breakpoint
CREATE INDEX `leads_closed_idx` ON `leads` (`closed_at`,`owner_id`,`status`) WHERE "leads"."closed_at" is not null;