CREATE TABLE "sign_in_attempt_windows" (
	"attempt_key" text PRIMARY KEY NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"attempts" integer NOT NULL
);
--> statement-breakpoint
-- Counters the portal keeps and rewrites itself (lib/auth/sign-in-rate-limit.ts).
GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_attempt_windows TO scanshare_app;
