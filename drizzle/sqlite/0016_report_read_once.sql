-- Keep the first read receipt of each reader on each report: a race could have stored two (the index below refuses it from now on).
DELETE FROM report_notes WHERE kind = 'read' AND id NOT IN (SELECT min(id) FROM report_notes WHERE kind = 'read' GROUP BY report_id, author_id);--> statement-breakpoint
CREATE UNIQUE INDEX `report_notes_read_once_idx` ON `report_notes` (`report_id`,`author_id`) WHERE "report_notes"."kind" = 'read';--> statement-breakpoint
CREATE INDEX `report_photos_report_idx` ON `report_photos` (`report_id`);