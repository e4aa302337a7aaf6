-- The figures index keyed by task id within the province: counts by lead unit then merge the
-- tasks with `task_units_lead_idx` (ordered by task id) instead of hashing them.
DROP INDEX "tasks_figures_idx";--> statement-breakpoint
CREATE INDEX "tasks_figures_idx" ON "tasks" USING btree ("province_id", "id") INCLUDE ("document_id", "position", "due_on", "completed_on", "started_on", "state", "percent", "deadline_done");--> statement-breakpoint
-- The units' reports of the dashboard's periods, with what their timeliness needs, without the heap.
CREATE INDEX "unit_reports_period_idx" ON "unit_reports" USING btree ("period_id") INCLUDE ("unit_id", "first_submitted_on");
