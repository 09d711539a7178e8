ALTER TABLE `deal_evidence` ADD `phash` text;--> statement-breakpoint
CREATE INDEX `deal_evidence_at_idx` ON `deal_evidence` (`at`);