CREATE TABLE "inbound_pending" (
	"platform" text NOT NULL,
	"key" text NOT NULL,
	"body" text NOT NULL,
	"received_at" bigint NOT NULL,
	"next_at" bigint NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	CONSTRAINT "inbound_pending_platform_key_pk" PRIMARY KEY("platform","key")
);
--> statement-breakpoint
CREATE INDEX "inbound_pending_due" ON "inbound_pending" USING btree ("platform","next_at");