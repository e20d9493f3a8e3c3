-- The input topics as tables: one row per readable record, with its partition (part) and offset (off) and its event
-- time t in epoch milliseconds. Amounts are DECIMAL(38,10), factors DECIMAL(18,6) (InputLimits), so the rules'
-- products stay exact.
CREATE TABLE user_events(part INTEGER, off BIGINT, event_id VARCHAR, user_id VARCHAR, event_type VARCHAR,
                         page_url VARCHAR, device VARCHAR, t BIGINT);
CREATE TABLE product_events(part INTEGER, off BIGINT, event_id VARCHAR, product_id VARCHAR, action VARCHAR,
                            user_id VARCHAR, quantity INTEGER, price DECIMAL(38,10), category VARCHAR, brand VARCHAR,
                            t BIGINT);
CREATE TABLE order_events(part INTEGER, off BIGINT, event_id VARCHAR, order_id VARCHAR, user_id VARCHAR,
                          status VARCHAR, total_amount DECIMAL(38,10), t BIGINT);
CREATE TABLE order_items(part INTEGER, off BIGINT, quantity INTEGER, price DECIMAL(38,10));

-- The alert id of SPEC §3.3: the first 32 hex digits of SHA-256 over 'RULE|user_id|id1,id2,…'.
CREATE MACRO alert_id(rule, user_id, event_ids) AS
    left(sha256(rule || '|' || user_id || '|' || array_to_string(event_ids, ',')), 32);

-- A partition's watermark at a record's arrival: the largest event time before it in offset order, minus B; NULL
-- (no watermark) before the partition's first event.
CREATE MACRO watermark_before(t_max_before) AS t_max_before - getvariable('bound_ms');
