CREATE TABLE "send_budget_days" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"day" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "send_budget_days_scope_key_day_pk" PRIMARY KEY("scope","key","day")
);
--> statement-breakpoint
CREATE TABLE "send_budget_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"sent_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "send_budget_log_key_idx" ON "send_budget_log" USING btree ("scope","key","sent_at");--> statement-breakpoint
CREATE INDEX "send_budget_log_time_idx" ON "send_budget_log" USING btree ("sent_at");