ALTER TABLE "routing_decisions" ADD COLUMN "named" integer;--> statement-breakpoint
ALTER TABLE "routing_decisions" ADD COLUMN "inputs" text;