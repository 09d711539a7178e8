CREATE TABLE "inbound_events" (
	"platform" text NOT NULL,
	"key" text NOT NULL,
	"seen_at" bigint NOT NULL,
	CONSTRAINT "inbound_events_platform_key_pk" PRIMARY KEY("platform","key")
);
