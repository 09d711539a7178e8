CREATE TABLE "deal_evidence" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"deal_id" bigint NOT NULL,
	"stage" text NOT NULL,
	"requirement" text NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"file_name" text,
	"mime" text,
	"size" bigint,
	"pages" integer,
	"sha256" text,
	"at" bigint NOT NULL,
	"added_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deal_people" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"deal_id" bigint NOT NULL,
	"name" text NOT NULL,
	"title" text NOT NULL,
	"concern" text NOT NULL,
	"influence" integer NOT NULL,
	"status" text NOT NULL,
	"last_contact_at" bigint,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deal_tasks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"deal_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"stage" text NOT NULL,
	"assignee_id" text NOT NULL,
	"requester_id" text,
	"title" text NOT NULL,
	"due_at" bigint NOT NULL,
	"remind_at" bigint,
	"reminded_at" bigint,
	"escalated_at" bigint,
	"done_at" bigint,
	"data" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"lead_id" bigint NOT NULL,
	"customer" text NOT NULL,
	"amount" double precision NOT NULL,
	"yearly_value" double precision NOT NULL,
	"tier" text NOT NULL,
	"pipeline" text NOT NULL,
	"stage" text NOT NULL,
	"stage_entered_at" bigint NOT NULL,
	"stage_due_at" bigint NOT NULL,
	"owner_id" text NOT NULL,
	"status" text NOT NULL,
	"expected_close_at" bigint,
	"doubtful" integer DEFAULT 0 NOT NULL,
	"health" text DEFAULT 'green' NOT NULL,
	"stall_alerted_at" bigint,
	"created_at" bigint NOT NULL,
	"closed_at" bigint,
	CONSTRAINT "deals_lead_id_unique" UNIQUE("lead_id")
);
--> statement-breakpoint
CREATE INDEX "deal_evidence_deal_idx" ON "deal_evidence" USING btree ("deal_id","stage");--> statement-breakpoint
CREATE INDEX "deal_people_deal_idx" ON "deal_people" USING btree ("deal_id");--> statement-breakpoint
CREATE INDEX "deal_tasks_due_idx" ON "deal_tasks" USING btree ("done_at","escalated_at","due_at");--> statement-breakpoint
CREATE INDEX "deal_tasks_deal_idx" ON "deal_tasks" USING btree ("deal_id","kind");--> statement-breakpoint
CREATE INDEX "deal_tasks_remind_idx" ON "deal_tasks" USING btree ("done_at","reminded_at","remind_at");--> statement-breakpoint
CREATE INDEX "deals_owner_idx" ON "deals" USING btree ("owner_id","status");--> statement-breakpoint
CREATE INDEX "deals_stall_idx" ON "deals" USING btree ("status","stall_alerted_at","stage_due_at");