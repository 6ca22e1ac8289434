ALTER TABLE "login_tickets" ADD COLUMN "browser_binding_sha256" text;--> statement-breakpoint
ALTER TABLE "saml_requests" ADD COLUMN "browser_binding_sha256" text;