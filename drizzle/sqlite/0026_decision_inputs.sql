ALTER TABLE `routing_decisions` ADD `named` integer;--> statement-breakpoint
ALTER TABLE `routing_decisions` ADD `inputs` text;