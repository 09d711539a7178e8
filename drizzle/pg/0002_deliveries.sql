CREATE TABLE "deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"notice_id" bigint NOT NULL,
	"platform" text NOT NULL,
	"address_kind" text NOT NULL,
	"address_id" text NOT NULL,
	"recipient_kind" text NOT NULL,
	"recipient_id" text NOT NULL,
	"lead_id" bigint,
	"action" text NOT NULL,
	"target_id" bigint,
	"status" text NOT NULL,
	"attempts" integer NOT NULL,
	"next_attempt_at" bigint NOT NULL,
	"lease_until" bigint,
	"reconcile" integer NOT NULL,
	"platform_ref" text,
	"card" text,
	"last_error" text,
	"created_at" bigint NOT NULL,
	"sent_at" bigint
);
--> statement-breakpoint
CREATE INDEX "deliveries_due_idx" ON "deliveries" USING btree ("next_attempt_at") WHERE "deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "deliveries_address_idx" ON "deliveries" USING btree ("platform","address_id","id") WHERE "deliveries"."status" in ('pending', 'sending');--> statement-breakpoint
CREATE INDEX "deliveries_lease_idx" ON "deliveries" USING btree ("lease_until") WHERE "deliveries"."status" = 'sending';--> statement-breakpoint
CREATE INDEX "deliveries_lead_posts_idx" ON "deliveries" USING btree ("lead_id") WHERE "deliveries"."action" = 'post' and "deliveries"."status" = 'sent';--> statement-breakpoint
CREATE INDEX "deliveries_recipient_idx" ON "deliveries" USING btree ("platform","recipient_kind","recipient_id","id");