CREATE TABLE "customer_places" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"lead_id" bigint NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"datum" text NOT NULL,
	"source" text NOT NULL,
	"learnt_at" bigint NOT NULL,
	CONSTRAINT "customer_places_lead_id_unique" UNIQUE("lead_id")
);
--> statement-breakpoint
CREATE TABLE "daily_reports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rep_id" text NOT NULL,
	"team_id" text,
	"date" text NOT NULL,
	"status" text NOT NULL,
	"key_actions" text NOT NULL,
	"summary" text NOT NULL,
	"photo_id" bigint,
	"visits" text NOT NULL,
	"score" integer,
	"result" text,
	"opened_at" bigint NOT NULL,
	"submitted_at" bigint,
	"late" integer DEFAULT 0 NOT NULL,
	"confirmed_at" bigint
);
--> statement-breakpoint
CREATE TABLE "report_checkins" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rep_id" text NOT NULL,
	"lead_id" bigint NOT NULL,
	"at" bigint NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"datum" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_notes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"report_id" bigint NOT NULL,
	"author_id" text NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_photos" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rep_id" text NOT NULL,
	"team_id" text,
	"report_id" bigint,
	"lead_id" bigint,
	"sha256" text NOT NULL,
	"hash" text NOT NULL,
	"exif_taken_at" bigint,
	"exif_lat" double precision,
	"exif_lng" double precision,
	"sent_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "daily_reports_rep_date_idx" ON "daily_reports" USING btree ("rep_id","date");--> statement-breakpoint
CREATE INDEX "daily_reports_date_idx" ON "daily_reports" USING btree ("date","status");--> statement-breakpoint
CREATE INDEX "report_checkins_rep_idx" ON "report_checkins" USING btree ("rep_id","at");--> statement-breakpoint
CREATE INDEX "report_notes_report_idx" ON "report_notes" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "report_photos_sent_idx" ON "report_photos" USING btree ("sent_at");