CREATE TABLE "inquiries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"lead_id" bigint NOT NULL,
	"at" bigint NOT NULL,
	"via" text NOT NULL,
	"source" text NOT NULL,
	"campaign" text NOT NULL,
	"fingerprint" text,
	"payload" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leads" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"company" text NOT NULL,
	"contact" text NOT NULL,
	"phone" text NOT NULL,
	"email" text NOT NULL,
	"industry" text NOT NULL,
	"budget" double precision NOT NULL,
	"need" text NOT NULL,
	"region" text NOT NULL,
	"source" text NOT NULL,
	"campaign" text NOT NULL,
	"tags" text NOT NULL,
	"urgency" text,
	"trial_ends_at" bigint,
	"phone_norm" text NOT NULL,
	"email_norm" text NOT NULL,
	"company_norm" text NOT NULL,
	"score" integer NOT NULL,
	"score_breakdown" text NOT NULL,
	"urgent" integer NOT NULL,
	"urgent_reason" text,
	"status" text NOT NULL,
	"owner_id" text,
	"created_at" bigint NOT NULL,
	"offered_at" bigint,
	"offer_expires_at" bigint,
	"claimed_at" bigint,
	"follow_up_due_at" bigint,
	"warn_at" bigint,
	"first_touch_at" bigint,
	"closed_at" bigint,
	"merged_into" bigint,
	"previous_lead_id" bigint,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_decisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"lead_id" bigint NOT NULL,
	"at" bigint NOT NULL,
	"outcome" text NOT NULL,
	"winner_id" text,
	"explanation" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"team_id" text,
	"role" text NOT NULL,
	"skills" text NOT NULL,
	"capacity" integer NOT NULL,
	"email" text,
	"locale" text,
	"active" integer NOT NULL,
	"out_of_office" integer NOT NULL,
	"slack_id" text,
	"wecom_id" text,
	"dingtalk_id" text,
	"last_assigned_at" bigint,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rep_loads" (
	"person_id" text PRIMARY KEY NOT NULL,
	"open_leads" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rep_stats" (
	"person_id" text PRIMARY KEY NOT NULL,
	"win_rate_30d" double precision,
	"avg_follow_up_minutes" double precision,
	"computed_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"manager_id" text,
	"channels" text NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" bigint NOT NULL,
	"type" text NOT NULL,
	"lead_id" bigint,
	"actor_id" text,
	"data" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"created_at" bigint NOT NULL,
	"recipient_kind" text NOT NULL,
	"recipient_id" text NOT NULL,
	"template" text NOT NULL,
	"data" text NOT NULL,
	"lead_id" bigint,
	"status" text NOT NULL,
	"attempts" integer NOT NULL,
	"next_attempt_at" bigint NOT NULL,
	"platform_ref" text,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"hash" text NOT NULL,
	"created_at" bigint NOT NULL,
	"last_used_at" bigint,
	"revoked_at" bigint,
	CONSTRAINT "api_keys_name_unique" UNIQUE("name"),
	CONSTRAINT "api_keys_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "inquiries_lead_idx" ON "inquiries" USING btree ("lead_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inquiries_fingerprint_idx" ON "inquiries" USING btree ("fingerprint");--> statement-breakpoint
CREATE INDEX "leads_phone_norm_idx" ON "leads" USING btree ("phone_norm") WHERE "leads"."phone_norm" <> '';--> statement-breakpoint
CREATE INDEX "leads_email_norm_idx" ON "leads" USING btree ("email_norm") WHERE "leads"."email_norm" <> '';--> statement-breakpoint
CREATE INDEX "leads_company_norm_idx" ON "leads" USING btree ("company_norm") WHERE "leads"."company_norm" <> '';--> statement-breakpoint
CREATE INDEX "leads_owner_open_idx" ON "leads" USING btree ("owner_id") WHERE "leads"."status" in ('offered', 'owned');--> statement-breakpoint
CREATE INDEX "leads_pool_idx" ON "leads" USING btree ("urgent","score") WHERE "leads"."status" = 'pool';--> statement-breakpoint
CREATE INDEX "leads_offer_due_idx" ON "leads" USING btree ("offer_expires_at") WHERE "leads"."status" = 'offered';--> statement-breakpoint
CREATE INDEX "leads_follow_up_due_idx" ON "leads" USING btree ("follow_up_due_at") WHERE "leads"."status" = 'owned' and "leads"."follow_up_due_at" is not null;--> statement-breakpoint
CREATE INDEX "leads_warn_idx" ON "leads" USING btree ("warn_at") WHERE "leads"."warn_at" is not null;--> statement-breakpoint
CREATE INDEX "leads_merged_into_idx" ON "leads" USING btree ("merged_into") WHERE "leads"."merged_into" is not null;--> statement-breakpoint
CREATE INDEX "leads_closed_idx" ON "leads" USING btree ("closed_at") WHERE "leads"."closed_at" is not null;--> statement-breakpoint
CREATE INDEX "routing_decisions_lead_idx" ON "routing_decisions" USING btree ("lead_id");--> statement-breakpoint
CREATE INDEX "people_slack_idx" ON "people" USING btree ("slack_id");--> statement-breakpoint
CREATE INDEX "people_wecom_idx" ON "people" USING btree ("wecom_id");--> statement-breakpoint
CREATE INDEX "people_dingtalk_idx" ON "people" USING btree ("dingtalk_id");--> statement-breakpoint
CREATE INDEX "events_lead_idx" ON "events" USING btree ("lead_id","id");--> statement-breakpoint
CREATE INDEX "events_type_actor_at_idx" ON "events" USING btree ("type","actor_id","at");--> statement-breakpoint
CREATE INDEX "events_at_idx" ON "events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("status","next_attempt_at");