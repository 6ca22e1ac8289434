-- Whom staff handed a link to, in their own words (issue 19 §6): a busy desk tells its links apart by it.
ALTER TABLE "share_links" ADD COLUMN "handed_to" text;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_handed_to_length" CHECK (char_length("share_links"."handed_to") <= 120);
