CREATE TABLE "indicator_tasks" (
	"indicator_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	CONSTRAINT "indicator_tasks_indicator_id_task_id_pk" PRIMARY KEY("indicator_id","task_id")
);
--> statement-breakpoint
CREATE TABLE "indicator_value_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"value_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by" uuid NOT NULL,
	"action" text NOT NULL,
	"value" double precision NOT NULL,
	"comment" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicator_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"period_key" text NOT NULL,
	"period_end" date NOT NULL,
	"unit_id" uuid NOT NULL,
	"value" double precision NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"entered_by" uuid,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"review_comment" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"province_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"group" text NOT NULL,
	"measure" text NOT NULL,
	"kind" text NOT NULL,
	"direction" text NOT NULL,
	"baseline_value" double precision,
	"baseline_year" integer,
	"yearly_targets" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"target_2030" double precision NOT NULL,
	"owner_unit_id" uuid NOT NULL,
	"frequency" text NOT NULL,
	"aggregation" text NOT NULL,
	"by_commune" boolean DEFAULT false NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"quote" text DEFAULT '' NOT NULL,
	"max_change" double precision,
	"on_track" double precision DEFAULT 0.95 NOT NULL,
	"off_track" double precision DEFAULT 0.85 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "indicator_tasks" ADD CONSTRAINT "indicator_tasks_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_tasks" ADD CONSTRAINT "indicator_tasks_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_value_events" ADD CONSTRAINT "indicator_value_events_value_id_indicator_values_id_fk" FOREIGN KEY ("value_id") REFERENCES "public"."indicator_values"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_value_events" ADD CONSTRAINT "indicator_value_events_by_users_id_fk" FOREIGN KEY ("by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_owner_unit_id_units_id_fk" FOREIGN KEY ("owner_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "indicator_tasks_task_idx" ON "indicator_tasks" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "indicator_value_events_value_idx" ON "indicator_value_events" USING btree ("value_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "indicator_values_slot_idx" ON "indicator_values" USING btree ("indicator_id","period_key","unit_id");--> statement-breakpoint
CREATE INDEX "indicator_values_unit_idx" ON "indicator_values" USING btree ("unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "indicators_code_idx" ON "indicators" USING btree ("province_id","code");--> statement-breakpoint
CREATE INDEX "indicators_owner_idx" ON "indicators" USING btree ("owner_unit_id");