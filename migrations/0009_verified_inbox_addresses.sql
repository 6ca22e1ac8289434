CREATE TABLE "identity_provider_email_domains" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_id" uuid NOT NULL,
	"domain" text NOT NULL,
	"approved_at" timestamp with time zone,
	"approved_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbox_address_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"email" text NOT NULL,
	"code_hash" text NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbox_address_confirmations" (
	"user_id" uuid NOT NULL,
	"email" text NOT NULL,
	"confirmed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_address_confirmations_user_id_email_pk" PRIMARY KEY("user_id","email")
);
--> statement-breakpoint
ALTER TABLE "identities" ADD COLUMN "email_verified" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "identity_provider_email_domains" ADD CONSTRAINT "identity_provider_email_domains_provider_id_identity_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."identity_providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_address_codes" ADD CONSTRAINT "inbox_address_codes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_address_confirmations" ADD CONSTRAINT "inbox_address_confirmations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "idp_email_domains_provider_domain_idx" ON "identity_provider_email_domains" USING btree ("provider_id","domain");--> statement-breakpoint
CREATE INDEX "idp_email_domains_domain_idx" ON "identity_provider_email_domains" USING btree ("domain");--> statement-breakpoint
CREATE INDEX "inbox_address_codes_user_idx" ON "inbox_address_codes" USING btree ("user_id","created_at");--> statement-breakpoint
ALTER TABLE "identity_provider_email_domains" ADD CONSTRAINT "idp_email_domains_lower_case" CHECK ("domain" = lower("domain"));--> statement-breakpoint
-- Only a platform operator approves a contested domain: the portal's runtime role may
-- add and remove its facility's claims but may not write approved_at or approved_by
-- (no UPDATE, and INSERT on the two columns an admin declares). The operator runs
-- `npm run email-domains` with DATABASE_OWNER_URL, which the portal never receives.
REVOKE ALL ON identity_provider_email_domains FROM scanshare_app;--> statement-breakpoint
GRANT SELECT, DELETE ON identity_provider_email_domains TO scanshare_app;--> statement-breakpoint
GRANT INSERT ("provider_id", "domain") ON identity_provider_email_domains TO scanshare_app;
