CREATE TABLE "forecast_snapshots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"period" text NOT NULL,
	"day" text NOT NULL,
	"taken_at" bigint NOT NULL,
	"period_start_at" bigint NOT NULL,
	"period_end_at" bigint NOT NULL,
	"total_cents" bigint NOT NULL,
	"by_rep" text NOT NULL,
	"by_team" text NOT NULL,
	"probabilities" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kbi_days" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rep_id" text NOT NULL,
	"day" text NOT NULL,
	"due" integer NOT NULL,
	"met" integer NOT NULL,
	"rate" double precision,
	"by_kbi" text NOT NULL,
	"misses" text NOT NULL,
	"evaluated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kbi_points" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"rep_id" text NOT NULL,
	"kbi_id" text NOT NULL,
	"points" double precision NOT NULL,
	"at" bigint NOT NULL,
	"reason" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "kbi_points_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "kbi_warnings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rep_id" text NOT NULL,
	"day" text NOT NULL,
	"tier" text NOT NULL,
	"manager_id" text,
	"reason" text NOT NULL,
	"deviations" text NOT NULL,
	"todo" text NOT NULL,
	"review_minutes" integer,
	"sent_at" bigint NOT NULL,
	"acknowledged_at" bigint,
	"manager_acknowledged_at" bigint
);
--> statement-breakpoint
CREATE TABLE "targets" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"scope_id" text NOT NULL,
	"period" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "forecast_snapshots_period_day_idx" ON "forecast_snapshots" USING btree ("period","day");--> statement-breakpoint
CREATE UNIQUE INDEX "kbi_days_rep_day_idx" ON "kbi_days" USING btree ("rep_id","day");--> statement-breakpoint
CREATE INDEX "kbi_points_rep_at_idx" ON "kbi_points" USING btree ("rep_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "kbi_warnings_rep_day_idx" ON "kbi_warnings" USING btree ("rep_id","day");--> statement-breakpoint
CREATE INDEX "kbi_warnings_day_idx" ON "kbi_warnings" USING btree ("day");--> statement-breakpoint
CREATE UNIQUE INDEX "targets_scope_period_idx" ON "targets" USING btree ("scope","scope_id","period");