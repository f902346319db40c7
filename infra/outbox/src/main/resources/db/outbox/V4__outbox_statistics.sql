-- The claim's plan rests on how many messages the statistics say are PENDING. With PostgreSQL's defaults the table
-- is analyzed again only after 10 % of it changed: with a week of DONE messages kept, an outage's backlog can grow
-- to hundreds of thousands of PENDING rows while the statistics still say none, and the claim's plan is then
-- quadratic. Analyze after every thousand changed rows instead (at most once per autovacuum_naptime, 1 min).
alter table outbox_message set (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);
