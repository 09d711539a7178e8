CREATE TABLE "org_snapshots" (
	"hash" text PRIMARY KEY NOT NULL,
	"people" text NOT NULL
);
