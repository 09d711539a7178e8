CREATE TABLE "reward_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rep_id" text NOT NULL,
	"reward_id" text NOT NULL,
	"cost" integer NOT NULL,
	"status" text NOT NULL,
	"manager_id" text,
	"reason" text,
	"decided_by" text,
	"decided_at" bigint,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deals" ADD COLUMN "expected_close_source" text;--> statement-breakpoint
ALTER TABLE "kbi_warnings" ADD COLUMN "review_slots" text;--> statement-breakpoint
ALTER TABLE "kbi_warnings" ADD COLUMN "review_at" bigint;--> statement-breakpoint
ALTER TABLE "kbi_warnings" ADD COLUMN "review_booked_at" bigint;--> statement-breakpoint
ALTER TABLE "kbi_warnings" ADD COLUMN "review_booked_by" text;--> statement-breakpoint
CREATE INDEX "reward_requests_rep_idx" ON "reward_requests" USING btree ("rep_id","status");