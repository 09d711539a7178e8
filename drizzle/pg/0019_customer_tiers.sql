CREATE TABLE "customer_tiers" (
	"key" text PRIMARY KEY NOT NULL,
	"customer" text NOT NULL,
	"tier" text NOT NULL,
	"owner_id" text NOT NULL,
	"yearly_value" double precision NOT NULL,
	"last_deal_id" bigint,
	"lead_ids" text NOT NULL,
	"reason" text NOT NULL,
	"computed_at" bigint NOT NULL,
	"changed_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "customer_tiers_owner_idx" ON "customer_tiers" USING btree ("owner_id","tier");