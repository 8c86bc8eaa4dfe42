CREATE TABLE "balance_checkpoints" (
	"account_id" text NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"balance" bigint NOT NULL,
	"entry_count" bigint NOT NULL,
	CONSTRAINT "balance_checkpoints_account_id_as_of_pk" PRIMARY KEY("account_id","as_of")
);
--> statement-breakpoint
ALTER TABLE "account_balances" ADD COLUMN "entries_since_checkpoint" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "balance_checkpoints" ADD CONSTRAINT "balance_checkpoints_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;