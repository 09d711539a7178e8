CREATE TABLE "person_identities" (
	"person_id" text NOT NULL,
	"platform" text NOT NULL,
	"external_id" text NOT NULL,
	CONSTRAINT "person_identities_platform_external_id_pk" PRIMARY KEY("platform","external_id")
);
--> statement-breakpoint
DROP INDEX "people_slack_idx";--> statement-breakpoint
DROP INDEX "people_wecom_idx";--> statement-breakpoint
DROP INDEX "people_dingtalk_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "person_identities_person_idx" ON "person_identities" USING btree ("person_id","platform");--> statement-breakpoint
-- Copies today's ids into rows before their columns go. The columns were not unique: if two people shared
-- an id (the org file refuses that, but someone left out of a later file keeps theirs), the first by person id
-- keeps it (ON CONFLICT DO NOTHING).
INSERT INTO "person_identities" ("person_id", "platform", "external_id")
  SELECT "id", 'slack', "slack_id" FROM "people" WHERE "slack_id" IS NOT NULL ORDER BY "id"
  ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "person_identities" ("person_id", "platform", "external_id")
  SELECT "id", 'wecom', "wecom_id" FROM "people" WHERE "wecom_id" IS NOT NULL ORDER BY "id"
  ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "person_identities" ("person_id", "platform", "external_id")
  SELECT "id", 'dingtalk', "dingtalk_id" FROM "people" WHERE "dingtalk_id" IS NOT NULL ORDER BY "id"
  ON CONFLICT DO NOTHING;--> statement-breakpoint
ALTER TABLE "people" DROP COLUMN "slack_id";--> statement-breakpoint
ALTER TABLE "people" DROP COLUMN "wecom_id";--> statement-breakpoint
ALTER TABLE "people" DROP COLUMN "dingtalk_id";