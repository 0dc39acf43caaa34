-- A scheduled firing is claimed by the first instance that inserts its (job, scheduled time). Quartz's cluster
-- already fires each trigger on one node, but re-registering a trigger while another node starts can fire the same
-- tick again (seen in the two-instance test); this constraint makes the work of a tick happen once regardless.
alter table job_runs add constraint job_runs_tick_unique unique (job_name, scheduled_for);
