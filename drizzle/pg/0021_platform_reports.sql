CREATE TABLE "platform_reports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"record_id" text NOT NULL,
	"kind" text NOT NULL,
	"external_user" text NOT NULL,
	"rep_id" text,
	"date" text NOT NULL,
	"report_id" bigint,
	"template" text NOT NULL,
	"fields" text NOT NULL,
	"reported_at" bigint NOT NULL,
	"imported_at" bigint NOT NULL,
	"outcome" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "daily_reports" ADD COLUMN "source" text;--> statement-breakpoint
CREATE UNIQUE INDEX "platform_reports_record_idx" ON "platform_reports" USING btree ("platform","record_id");--> statement-breakpoint
CREATE INDEX "platform_reports_date_idx" ON "platform_reports" USING btree ("date","kind");