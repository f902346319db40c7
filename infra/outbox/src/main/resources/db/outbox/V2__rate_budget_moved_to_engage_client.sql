-- The rate budget is the API key's, not one service's: every request to Engage, live or replayed, now takes a slot
-- in engage_rate_budget (infra/engage-client, EngageRateBudget), which creates its own table where it lives.
drop table if exists outbox_rate_limit;
