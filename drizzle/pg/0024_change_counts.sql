CREATE TABLE "change_counts" (
	"name" text PRIMARY KEY NOT NULL,
	"n" bigint NOT NULL
);
